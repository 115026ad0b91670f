/**
 * The Content-Security-Policy the proxy (proxy.ts) sends with every page,
 * following Next.js's guide (node_modules/next/dist/docs/01-app/02-guides/
 * content-security-policy.md, "Adding a nonce with Proxy"): scripts only with
 * this request's nonce, which Next.js reads from the request's CSP header and
 * puts on its own scripts; 'strict-dynamic' lets those load the page's
 * chunks. No 'unsafe-inline' for scripts, so injected markup cannot run.
 * Styles still allow 'unsafe-inline': React style attributes (used by the
 * pages and the charts) cannot carry a nonce. 'unsafe-eval' in development
 * only (React's dev tools).
 */

/** A fresh nonce: 16 random bytes, base64. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy(nonce: string, options: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
