/**
 * A TCP proxy in front of the Postgres server, for tests that need the server
 * to go away and come back without restarting the real one (which other test
 * files share): `outage(ms)` resets every open connection, refuses new ones
 * for `ms`, then accepts again on the same port, as a Postgres restart or a
 * network drop looks to the pool.
 */
import net from "node:net";

export interface TcpProxy {
  /** The URL `target` rewritten to go through the proxy. */
  url: string;
  /** Connections reset and refused for `ms`, then accepted again. */
  outage(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const host = target.hostname;
  const port = Number(target.port || 5432);
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;

  const accept = (client: net.Socket) => {
    const upstream = net.connect(port, host);
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const s of [client, upstream]) {
      s.on("error", drop);
      s.on("close", drop);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  };

  const listen = (on: number) =>
    new Promise<number>((resolve, reject) => {
      const s = net.createServer(accept);
      s.once("error", reject);
      s.listen(on, "127.0.0.1", () => {
        server = s;
        resolve((s.address() as net.AddressInfo).port);
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = null;
      for (const socket of sockets) socket.resetAndDestroy();
      sockets.clear();
      if (!s) return resolve();
      s.close(() => resolve());
    });

  const proxyPort = await listen(0);
  const url = new URL(targetUrl);
  url.hostname = "127.0.0.1";
  url.port = String(proxyPort);
  return {
    url: url.toString(),
    async outage(ms) {
      await stop();
      await new Promise((r) => setTimeout(r, ms));
      await listen(proxyPort);
    },
    close: stop,
  };
}
