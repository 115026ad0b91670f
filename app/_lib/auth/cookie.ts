/** The session cookie's prefix, shared by the auth instance and proxy.ts (which must stay light). */
export const COOKIE_PREFIX = "loan-replay";
