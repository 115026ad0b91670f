import { type DatabaseHandle, openDatabase } from "./client";
import { readServerEnv } from "./env";
import { seedDemoPortfolioIfEmpty } from "./seed/demo";

export type { Database, DatabaseHandle } from "./client";

// One client per process; cached on globalThis so Next.js dev hot reloads
// reuse it instead of opening a second PGlite on the same folder.
const globalForDb = globalThis as unknown as { loanReplayDb?: Promise<DatabaseHandle> };

async function start(): Promise<DatabaseHandle> {
  const env = readServerEnv();
  const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: env.PGLITE_DIR });
  if (env.DEMO_SEED === "true") await seedDemoPortfolioIfEmpty(handle.db);
  return handle;
}

/** The process-wide database, migrated (and seeded with demo data when empty) on first use. */
export function getDatabase(): Promise<DatabaseHandle> {
  if (!globalForDb.loanReplayDb) {
    globalForDb.loanReplayDb = start().catch((error: unknown) => {
      globalForDb.loanReplayDb = undefined;
      throw error;
    });
  }
  return globalForDb.loanReplayDb;
}

export async function getDb() {
  return (await getDatabase()).db;
}
