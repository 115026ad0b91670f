/**
 * Next.js start-up hook: open and migrate the database (and start the demo
 * seed) when the server boots, not on the first request. Skipped while
 * `next build` runs: the build must not touch the database.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  // A configuration error (e.g. production without BETTER_AUTH_SECRET) stops the server.
  const { checkEnvironmentOrExit } = await import("./app/_lib/startup-check");
  checkEnvironmentOrExit();
  // Every request carries the connection's own address (Next.js hides it
  // behind any X-Forwarded-For the client sends), for the per-IP sign-in limit.
  const { recordPeerAddresses } = await import("./app/_lib/auth/peer-address");
  recordPeerAddresses();
  const { getDatabase } = await import("./db");
  await getDatabase();
}
