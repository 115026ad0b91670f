/**
 * First line only: a request without a session cookie is sent to the sign-in
 * page (with the address it asked for). Whether the cookie is a live session,
 * and whether the role allows the page, action or route, is checked on the
 * server by each of them (app/_lib/auth/require-staff.ts).
 */
import { getSessionCookie } from "better-auth/cookies";
import { type NextRequest, NextResponse } from "next/server";
import { COOKIE_PREFIX } from "./app/_lib/auth/cookie";

export function proxy(request: NextRequest) {
  if (getSessionCookie(request, { cookiePrefix: COOKIE_PREFIX })) return NextResponse.next();
  const { pathname, search } = request.nextUrl;
  const signIn = new URL("/sign-in", request.url);
  if (pathname !== "/") signIn.searchParams.set("next", `${pathname}${search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  // Everything but the sign-in page, Better Auth's endpoints, the health check and
  // static files (the app icon too, which the sign-in page shows before anyone signs in).
  matcher: ["/((?!sign-in|api/auth/|api/health|_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
