import { describe, expect, it } from "vitest";
import {
  clientKey,
  NO_TRUSTED_PROXIES,
  normalizeAddress,
  parseTrustedProxies,
  resolveClientIp,
  type TrustedProxies,
} from "@/lib/auth/client-ip";

function proxies(value: string): TrustedProxies {
  const parsed = parseTrustedProxies(value);
  if (!parsed.ok) throw new Error(`bad entry ${parsed.bad}`);
  return parsed.proxies;
}

describe("the client address for the sign-in limit", () => {
  it("without trusted proxies, X-Forwarded-For is ignored: the connection is the client", () => {
    for (const forwardedFor of [null, "203.0.113.9", "198.51.100.1, 203.0.113.9", "garbage"]) {
      expect(
        resolveClientIp({ peer: "192.0.2.10", forwardedFor, trustedProxies: NO_TRUSTED_PROXIES }),
      ).toBe("192.0.2.10");
    }
    // Unknown connection, no proxies: nothing to go on (one shared bucket), never the header.
    expect(
      resolveClientIp({
        peer: null,
        forwardedFor: "203.0.113.9",
        trustedProxies: NO_TRUSTED_PROXIES,
      }),
    ).toBeNull();
  });

  it("behind a trusted proxy, the right-most address that is not a trusted proxy is the client", () => {
    const trusted = proxies("10.0.0.0/8, 127.0.0.1");
    // nginx appended the client it saw (203.0.113.9) to what the client sent.
    expect(
      resolveClientIp({
        peer: "10.1.2.3",
        forwardedFor: "1.1.1.1, 203.0.113.9",
        trustedProxies: trusted,
      }),
    ).toBe("203.0.113.9");
    // Two proxies of ours in a row.
    expect(
      resolveClientIp({
        peer: "127.0.0.1",
        forwardedFor: "6.6.6.6, 203.0.113.9, 10.9.9.9",
        trustedProxies: trusted,
      }),
    ).toBe("203.0.113.9");
    // Nothing forwarded: the proxy itself is all we know.
    expect(resolveClientIp({ peer: "10.1.2.3", forwardedFor: null, trustedProxies: trusted })).toBe(
      "10.1.2.3",
    );
  });

  it("a connection that is not a trusted proxy cannot choose its address with the header", () => {
    const trusted = proxies("10.0.0.0/8");
    expect(
      resolveClientIp({
        peer: "198.51.100.7",
        forwardedFor: "10.0.0.1, 203.0.113.9",
        trustedProxies: trusted,
      }),
    ).toBe("198.51.100.7");
  });

  it("garbage written by a trusted proxy stops the walk at the last address vouched for", () => {
    const trusted = proxies("10.0.0.0/8");
    expect(
      resolveClientIp({
        peer: "10.0.0.2",
        forwardedFor: "junk, 10.0.0.5",
        trustedProxies: trusted,
      }),
    ).toBe("10.0.0.5");
  });

  it("normalises ports, brackets, zones and IPv4-mapped IPv6; refuses non-addresses", () => {
    expect(normalizeAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeAddress("203.0.113.9:51234")).toBe("203.0.113.9");
    expect(normalizeAddress("[2001:DB8::1]:443")).toBe("2001:db8::1");
    expect(normalizeAddress("fe80::1%eth0")).toBe("fe80::1");
    expect(normalizeAddress("example.com")).toBeNull();
    expect(normalizeAddress("")).toBeNull();
    expect(normalizeAddress(null)).toBeNull();
  });

  it("counts IPv6 clients by /64, IPv4 by address", () => {
    expect(clientKey("2001:db8:0:1:aaaa::1")).toBe("2001:db8:0:1::/64");
    expect(clientKey("2001:db8:0:1:bbbb::2")).toBe("2001:db8:0:1::/64");
    expect(clientKey("::1")).toBe("0:0:0:0::/64");
    expect(clientKey("203.0.113.9")).toBe("203.0.113.9");
  });

  it("TRUSTED_PROXIES entries must be addresses or ranges", () => {
    expect(parseTrustedProxies("")).toMatchObject({ ok: true });
    expect(parseTrustedProxies("10.0.0.0/8,::1, fd00::/8")).toMatchObject({ ok: true });
    expect(parseTrustedProxies("10.0.0.0/33")).toEqual({ ok: false, bad: "10.0.0.0/33" });
    expect(parseTrustedProxies("loadbalancer")).toEqual({ ok: false, bad: "loadbalancer" });
    expect(parseTrustedProxies("10.0.0.0/8/1")).toEqual({ ok: false, bad: "10.0.0.0/8/1" });
    const trusted = proxies("fd00::/8");
    expect(trusted.has("fd12::1")).toBe(true);
    expect(trusted.has("2001:db8::1")).toBe(false);
    expect(trusted.has("not an ip")).toBe(false);
  });
});
