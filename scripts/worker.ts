/**
 * `npm run worker`: a job worker against DATABASE_URL (the Postgres server):
 * the nightly batch on its schedule, the shards of the nightly batch and of
 * portfolio reports (db/jobs). Start as many as you like, on as many
 * machines: they share the queue in the database.
 *
 *   WORKER_CONCURRENCY  runners in this process (default 1; about one per core)
 *   NIGHTLY_CRON        the nightly schedule, cron syntax in TZ (default "0 1 * * *"; "off": none)
 *   DATABASE_READ_URL   report reads from a replica (optional)
 *   TZ                  the schedule's time zone (default UTC)
 */
process.env.TZ ??= "UTC";

export {};

const { readServerEnv } = await import("../db/env");
const { DEFAULT_NIGHTLY_CRON, startWorker } = await import("../db/jobs/worker");

const env = readServerEnv();
if (!env.DATABASE_URL) {
  console.error(
    "npm run worker needs DATABASE_URL=postgres://... (on embedded PGlite the app runs the jobs in-process; nothing to start).",
  );
  process.exit(2);
}
const num = (v: string | undefined) => (v && /^\d+$/.test(v) ? Number(v) : undefined);
const cron = process.env.NIGHTLY_CRON;
const worker = await startWorker({
  url: env.DATABASE_URL,
  readUrl: process.env.DATABASE_READ_URL || undefined,
  concurrency: num(process.env.WORKER_CONCURRENCY),
  nightlyCron: cron === "off" ? null : cron || DEFAULT_NIGHTLY_CRON,
  pollInterval: num(process.env.WORKER_POLL_MS),
  recoverEveryMs: num(process.env.WORKER_RECOVER_MS),
  batchSize: num(process.env.WORKER_BATCH_SIZE),
  pauseMs: num(process.env.WORKER_PAUSE_MS),
  shards: num(process.env.WORKER_SHARDS),
});
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`[worker] ${signal}: finishing the jobs in hand, then stopping`);
    worker.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
await worker.done;
