/**
 * Runs before every page, action and route handler (static files aside):
 * 1. a path with a segment no handler may be given (a malformed escape, a "%"
 *    or a control character once decoded: app/_lib/path-segments.ts) is
 *    answered 404 here, never a 500 further in;
 * 2. a request without a session cookie is sent to the sign-in page (with
 *    the address it asked for), except for the public paths. Whether the
 *    cookie is a live session, and whether the role allows the page, action
 *    or route, is checked on the server by each of them
 *    (app/_lib/auth/require-staff.ts);
 * 3. every response carries a Content-Security-Policy with a fresh nonce,
 *    also set on the request so that Next.js puts it on its scripts
 *    (app/_lib/content-security-policy.ts).
 */
import { getSessionCookie } from "better-auth/cookies";
import { type NextRequest, NextResponse } from "next/server";
import { COOKIE_PREFIX } from "./app/_lib/auth/cookie";
import { contentSecurityPolicy, createNonce } from "./app/_lib/content-security-policy";
import { unsafePathSegment } from "./app/_lib/path-segments";

/** Reachable without a session: the sign-in page, Better Auth's endpoints, the health checks, the icons. */
function isPublic(pathname: string): boolean {
  return (
    pathname === "/sign-in" ||
    pathname.startsWith("/sign-in/") ||
    pathname.startsWith("/api/auth/") ||
    pathname === "/api/health" ||
    pathname === "/api/health/ready" ||
    pathname === "/favicon.ico" ||
    pathname === "/icon.svg"
  );
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (unsafePathSegment(pathname) !== null) {
    return new NextResponse("Not found: this address is not one the console links to.\n", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  if (!isPublic(pathname) && !getSessionCookie(request, { cookiePrefix: COOKIE_PREFIX })) {
    const signIn = new URL("/sign-in", request.url);
    if (pathname !== "/") signIn.searchParams.set("next", `${pathname}${search}`);
    return NextResponse.redirect(signIn);
  }
  const policy = contentSecurityPolicy(createNonce(), {
    dev: process.env.NODE_ENV === "development",
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  // Everything but the build's static files.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
