/** Where to go after signing in: only a path on this site (never "//host" or a URL), never back to sign-in. */
export function safeNext(next: string | undefined): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) {
    return "/loans";
  }
  return next.startsWith("/sign-in") ? "/loans" : next;
}
