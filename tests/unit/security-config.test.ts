/**
 * Start-up configuration for sign-in and the proxy's pure parts: production
 * needs BETTER_AUTH_URL, TRUSTED_PROXIES is checked once at start-up, the CSP
 * has a nonce and no 'unsafe-inline' for scripts, and path segments that
 * would fail to decode (or decode twice) are caught.
 */
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce } from "@/app/_lib/content-security-policy";
import { unsafePathSegment } from "@/app/_lib/path-segments";
import { readServerEnv, trustedProxies } from "@/db/env";

const SECRET = "a-production-secret-of-at-least-32-characters";

describe("environment (db/env.ts)", () => {
  it("production refuses to start without BETTER_AUTH_URL", () => {
    expect(() => readServerEnv({ NODE_ENV: "production", BETTER_AUTH_SECRET: SECRET })).toThrow(
      /^Invalid environment: BETTER_AUTH_URL: production needs the public URL/,
    );
    expect(() =>
      readServerEnv({ NODE_ENV: "production", BETTER_AUTH_SECRET: SECRET, BETTER_AUTH_URL: "" }),
    ).toThrow(/BETTER_AUTH_URL: production needs the public URL/);
    expect(
      readServerEnv({
        NODE_ENV: "production",
        BETTER_AUTH_SECRET: SECRET,
        BETTER_AUTH_URL: "https://loans.example.com",
      }).BETTER_AUTH_URL,
    ).toBe("https://loans.example.com");
    // Development and tests still work without it.
    expect(readServerEnv({ NODE_ENV: "development" }).BETTER_AUTH_URL).toBeUndefined();
  });

  it("TRUSTED_PROXIES must be addresses or ranges; unset means none", () => {
    expect(() =>
      readServerEnv({ NODE_ENV: "test", TRUSTED_PROXIES: "10.0.0.0/8, proxy.local" }),
    ).toThrow(
      'Invalid environment: TRUSTED_PROXIES: TRUSTED_PROXIES must list IP addresses or CIDR ranges separated by commas (e.g. 10.0.0.0/8,127.0.0.1); "proxy.local" is neither',
    );
    const env = readServerEnv({ NODE_ENV: "test", TRUSTED_PROXIES: "10.0.0.0/8,::1" });
    expect(trustedProxies(env).has("10.2.3.4")).toBe(true);
    expect(trustedProxies(env).has("::1")).toBe(true);
    expect(trustedProxies(env).has("192.0.2.1")).toBe(false);
    expect(trustedProxies(readServerEnv({ NODE_ENV: "test" })).entries).toEqual([]);
  });
});

describe("Content-Security-Policy (app/_lib/content-security-policy.ts)", () => {
  it("allows scripts only with the request's nonce: no 'unsafe-inline' for scripts", () => {
    const nonce = createNonce();
    const policy = contentSecurityPolicy(nonce);
    const script = policy.split("; ").find((d) => d.startsWith("script-src "));
    expect(script).toBe(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(contentSecurityPolicy(nonce, { dev: true })).toContain("'unsafe-eval'");
  });

  it("nonces are fresh and long enough", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(Buffer.from(n, "base64")).toHaveLength(16);
  });
});

describe("path segments the proxy answers 404 (app/_lib/path-segments.ts)", () => {
  it("catches malformed escapes, a % once decoded and control characters", () => {
    expect(unsafePathSegment("/loans/%E0%A4%A")).toBe("%E0%A4%A");
    expect(unsafePathSegment("/loans/%E0%A4%A/events.json")).toBe("%E0%A4%A");
    expect(unsafePathSegment("/loans/%25/events.json")).toBe("%25");
    expect(unsafePathSegment("/loans/LN-000001%2541")).toBe("LN-000001%2541");
    expect(unsafePathSegment("/loans/LN-000001%00")).toBe("LN-000001%00");
    expect(unsafePathSegment("/loans/LN-000001%0A")).toBe("LN-000001%0A");
    expect(unsafePathSegment("/reports/portfolio/saved/%ZZ")).toBe("%ZZ");
  });

  it("lets every ordinary path through", () => {
    for (const path of [
      "/",
      "/loans",
      "/loans/LN-000001",
      "/loans/LN-000001/events.json",
      "/loans/LN%2D000001",
      "/loans/unknown-loan",
      "/reports/portfolio/saved/12",
      "/api/auth/sign-in/email",
      "/loans/M%C3%BCller",
    ]) {
      expect(unsafePathSegment(path), path).toBeNull();
    }
  });
});
