const isProduction = process.env.NODE_ENV === "production";

// The Content-Security-Policy is not here: it carries a fresh nonce per
// request, so the proxy sets it (proxy.ts, app/_lib/content-security-policy.ts).
// HSTS in production builds only: browsers then refuse plain http for this
// host for two years (they ignore the header on http:// and on IP addresses,
// so it does not get in the way of http://127.0.0.1 in the e2e suite).
const securityHeaders = [
  ...(isProduction
    ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]
    : []),
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules at
  // run time, not bundled; postgres.js is kept external for the same reason,
  // and graphile-worker (the report page enqueues report shards with it).
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "graphile-worker"],
  poweredByHeader: false,
  // `next dev` serves its scripts, HMR socket and dev endpoints only to pages
  // opened from localhost unless told otherwise (Next 16 blocks other origins),
  // so a page opened at http://127.0.0.1:3000 never became interactive. Both
  // loopback names work, as the README prints them. Development only.
  allowedDevOrigins: ["localhost", "127.0.0.1"],
  typedRoutes: false,
  experimental: {
    // forbidden() renders app/forbidden.tsx with status 403.
    authInterrupts: true,
    // Servicing forms are a few hundred bytes; nothing the console posts comes near this.
    serverActions: { bodySizeLimit: "256kb" },
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
