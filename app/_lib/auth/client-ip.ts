/**
 * The client address of a request, as the sign-in limit and Better Auth see
 * it: the connection's address (recorded by app/_lib/auth/peer-address.ts),
 * or, only when that connection is a configured trusted proxy
 * (TRUSTED_PROXIES), the right-most untrusted X-Forwarded-For entry
 * (lib/auth/client-ip.ts).
 */
import { readServerEnv, trustedProxies } from "@/db/env";
import { resolveClientIp, type TrustedProxies } from "@/lib/auth/client-ip";
import { peerAddress } from "./peer-address";

/**
 * The header Better Auth is told to read the client address from
 * (advanced.ipAddress.ipAddressHeaders): set by `withClientIp` at each entry
 * point, replacing any value the client sent.
 */
export const CLIENT_IP_HEADER = "x-loan-replay-client-ip";

/** The client's address for a request's headers (normalised), or null when it cannot be told. */
export type ClientIpOf = (headers: Pick<Headers, "get">) => string | null;

function clientIpResolver(proxies: TrustedProxies): ClientIpOf {
  return (headers) =>
    resolveClientIp({
      peer: peerAddress(headers),
      forwardedFor: headers.get("x-forwarded-for"),
      trustedProxies: proxies,
    });
}

let fromEnv: ClientIpOf | undefined;

/** The client address of a request to this server (TRUSTED_PROXIES read once). */
export const requestClientIp: ClientIpOf = (headers) => {
  fromEnv ??= clientIpResolver(trustedProxies(readServerEnv()));
  return fromEnv(headers);
};

/**
 * A copy of `headers` for Better Auth: CLIENT_IP_HEADER holds the resolved
 * address (or is absent), whatever the client sent under that name.
 */
export function withClientIp(headers: Headers, resolve: ClientIpOf = requestClientIp): Headers {
  const copy = new Headers(headers);
  const ip = resolve(headers);
  copy.delete(CLIENT_IP_HEADER);
  if (ip) copy.set(CLIENT_IP_HEADER, ip);
  return copy;
}
