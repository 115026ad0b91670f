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
  const { getDatabase } = await import("./db");
  await getDatabase();
}
