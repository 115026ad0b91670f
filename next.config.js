const isDev = process.env.NODE_ENV === "development";

// Next.js's recommended policy without nonces (docs: Content Security Policy,
// "Without Nonces"): scripts and styles from this origin only ('unsafe-inline'
// for Next's inline bootstrap scripts and style attributes), nothing framed,
// forms posted only here. 'unsafe-eval' in development only (React's dev tools).
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules at
  // run time, not bundled; postgres.js is kept external for the same reason.
  serverExternalPackages: ["@electric-sql/pglite", "postgres"],
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
