import { type DatabaseHandle, openDatabase } from "./client";
import { readServerEnv } from "./env";
import { startInProcessSchedule } from "./jobs/in-process";
import { type DemoSeedStatus, ensureDemoPortfolio } from "./seed/demo";
import { ensureDemoStaff } from "./staff/demo-staff";

export type { DatabaseHandle } from "./client";
export type { DemoSeedStatus } from "./seed/demo";

// One client per process; cached on globalThis so Next.js dev hot reloads
// reuse it instead of opening a second PGlite on the same folder.
const globalForDb = globalThis as unknown as {
  loanReplayDb?: Promise<DatabaseHandle>;
  loanReplayDemo?: DemoSeedStatus;
};

async function start(): Promise<DatabaseHandle> {
  const env = readServerEnv();
  const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: env.PGLITE_DIR });
  if (env.DEMO_SEED === "true") await ensureDemoStaff(handle.db, env);
  if (env.DEMO_SEED === "true") {
    // In the background: the app serves (and shows progress) while the demo
    // portfolio is generated through the servicing services.
    const status: DemoSeedStatus = { state: "seeding", done: 0, total: env.DEMO_LOANS };
    globalForDb.loanReplayDemo = status;
    const started = Date.now();
    ensureDemoPortfolio(
      handle.db,
      {
        loans: env.DEMO_LOANS,
        years: env.DEMO_YEARS,
        seed: env.DEMO_RANDOM_SEED,
        through: env.DEMO_THROUGH,
      },
      (done, total) => {
        status.done = done;
        status.total = total;
        if (done % 10 === 0 && done < total) console.log(`[demo] ${done}/${total} loans generated`);
      },
    ).then(
      () => {
        status.state = "ready";
        console.log(
          `[demo] portfolio ready (${status.total} loans, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
        );
        // After the seed: its loans are simulated day by day up to the same date.
        startNightly(handle);
      },
      (error: unknown) => {
        status.state = "failed";
        status.error = error instanceof Error ? error.message : String(error);
        console.error("[demo] seeding failed:", error);
      },
    );
  } else {
    globalForDb.loanReplayDemo = { state: "disabled", done: 0, total: 0 };
    startNightly(handle);
  }
  return handle;
}

/**
 * On embedded PGlite the app runs the nightly batch itself (db/jobs/in-process.ts);
 * on the Postgres server the workers do (`npm run worker`). NIGHTLY_IN_PROCESS=false turns it off.
 */
function startNightly(handle: DatabaseHandle): void {
  if (handle.engine !== "pglite" || process.env.NIGHTLY_IN_PROCESS === "false") return;
  startInProcessSchedule(handle.db);
}

/** The process-wide database, migrated on first use (the demo portfolio loads in the background). */
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

/** Progress of the demo portfolio load (after getDatabase() has started). */
export function demoSeedStatus(): DemoSeedStatus {
  return globalForDb.loanReplayDemo ?? { state: "seeding", done: 0, total: 0 };
}
