/**
 * The connection's own address, for the per-IP sign-in limit.
 *
 * Next.js does not give route handlers or server actions the socket: it only
 * copies the socket's address into X-Forwarded-For when the request has no
 * such header (`??=`), so a client that sends one hides its address. At
 * start-up (instrumentation.ts) `recordPeerAddresses()` wraps the HTTP
 * server's "request" event so every request carries, in PEER_HEADER, a
 * per-process random token and `socket.remoteAddress`, overwriting whatever
 * the client sent under that name. `peerAddress()` accepts the header only
 * with this process's token, so without the hook (another server, a test) the
 * address is unknown rather than forgeable.
 */
import { randomBytes } from "node:crypto";
import http, { type IncomingMessage } from "node:http";

const PEER_HEADER = "x-loan-replay-peer";

const state = globalThis as unknown as { loanReplayPeerToken?: string };

export function recordPeerAddresses(): void {
  if (state.loanReplayPeerToken) return;
  const token = randomBytes(16).toString("hex");
  state.loanReplayPeerToken = token;
  const emit = http.Server.prototype.emit as (
    this: http.Server,
    event: string | symbol,
    ...args: unknown[]
  ) => boolean;
  http.Server.prototype.emit = function emitWithPeer(
    this: http.Server,
    event: string | symbol,
    ...args: unknown[]
  ): boolean {
    if (event === "request") {
      const request = args[0] as IncomingMessage;
      request.headers[PEER_HEADER] = `${token} ${request.socket?.remoteAddress ?? ""}`;
    }
    return emit.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
}

/** The connection's address recorded by `recordPeerAddresses()`, or null. */
export function peerAddress(headers: Pick<Headers, "get">): string | null {
  const token = state.loanReplayPeerToken;
  const value = headers.get(PEER_HEADER);
  if (!token || !value) return null;
  const [sent, address] = value.split(" ");
  return sent === token && address ? address : null;
}
