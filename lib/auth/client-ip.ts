/**
 * Which address a request comes from, for the per-IP sign-in limit.
 *
 * `X-Forwarded-For` is whatever the sender wrote, except for the entries that
 * proxies we run appended on the way in. So it is read only when the
 * connection itself comes from a configured trusted proxy (TRUSTED_PROXIES):
 * the chain is the header's entries followed by the connection's address,
 * walked from the right, and the first address that is not a trusted proxy is
 * the client. Without trusted proxies the header is ignored and the client is
 * the connection's address. An address that cannot be told is null (the caller
 * puts all such requests in one shared bucket).
 *
 * IPv6 clients are keyed by their /64 (one subscriber usually holds a whole
 * /64, so counting single addresses would let them rotate through it).
 */
import { BlockList, isIP } from "node:net";

export interface TrustedProxies {
  readonly entries: readonly string[];
  has(address: string): boolean;
}

/** A trusted-proxy entry: an IPv4 or IPv6 address, or a CIDR range of either. */
function parseEntry(entry: string): { address: string; prefix: number; family: 4 | 6 } | null {
  const [address = "", prefixText, extra] = entry.split("/");
  if (extra !== undefined) return null;
  const family = isIP(address);
  if (family !== 4 && family !== 6) return null;
  const max = family === 4 ? 32 : 128;
  if (prefixText === undefined) return { address, prefix: max, family };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  return prefix <= max ? { address, prefix, family } : null;
}

/**
 * TRUSTED_PROXIES ("10.0.0.0/8, 127.0.0.1, fd00::/8"): the list, or the first
 * entry that is not an address or a range.
 */
export function parseTrustedProxies(
  value: string | undefined,
): { ok: true; proxies: TrustedProxies } | { ok: false; bad: string } {
  const entries = (value ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  const list = new BlockList();
  for (const entry of entries) {
    const parsed = parseEntry(entry);
    if (!parsed) return { ok: false, bad: entry };
    list.addSubnet(parsed.address, parsed.prefix, parsed.family === 4 ? "ipv4" : "ipv6");
  }
  return {
    ok: true,
    proxies: {
      entries,
      has(address) {
        const ip = normalizeAddress(address);
        if (!ip) return false;
        return list.check(ip, isIP(ip) === 4 ? "ipv4" : "ipv6");
      },
    },
  };
}

export const NO_TRUSTED_PROXIES: TrustedProxies = { entries: [], has: () => false };

/**
 * An address as written in a header or by the socket, as a plain IP: without
 * a port ("1.2.3.4:5678", "[::1]:443"), a zone ("fe80::1%eth0") or the IPv4
 * mapping ("::ffff:1.2.3.4"). Null if it is not an IP address at all.
 */
export function normalizeAddress(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let value = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed?.[1]) value = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  value = value.replace(/%[\w.-]+$/, "").toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(value);
  if (mapped?.[1]) value = mapped[1];
  return isIP(value) ? value : null;
}

/** The eight 16-bit groups of an IPv6 address. */
function ipv6Groups(address: string): number[] {
  let text = address;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill("0");
  return [...left, ...fill, ...right].map((g) => Number.parseInt(g, 16));
}

/** The key a client is counted under: its IPv4 address, or its IPv6 /64 ("2001:db8:0:1::/64"). */
export function clientKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const groups = ipv6Groups(address).slice(0, 4);
  return `${groups.map((g) => g.toString(16)).join(":")}::/64`;
}

export interface ClientIpInput {
  /** The connection's remote address, when the server could record it. */
  peer: string | null;
  /** The X-Forwarded-For header as received (null when absent). */
  forwardedFor: string | null;
  trustedProxies: TrustedProxies;
}

/** The client's address (normalised, not yet keyed), or null when it cannot be told. */
export function resolveClientIp({
  peer,
  forwardedFor,
  trustedProxies,
}: ClientIpInput): string | null {
  const peerIp = normalizeAddress(peer);
  if (trustedProxies.entries.length === 0) return peerIp;
  if (peerIp && !trustedProxies.has(peerIp)) return peerIp;
  // The connection is a trusted proxy (or, when the server could not record
  // it, is assumed to be one: TRUSTED_PROXIES says the app is only reachable
  // through them). Walk the chain from the right.
  const hops = (forwardedFor ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  let nearest = peerIp;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeAddress(hops[i]);
    // A trusted proxy wrote something that is not an address: the last
    // address we can vouch for is the one that handed it on.
    if (!hop) return nearest;
    if (!trustedProxies.has(hop)) return hop;
    nearest = hop;
  }
  return nearest;
}
