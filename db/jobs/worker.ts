/**
 * The worker process on the Postgres server (graphile-worker 0.16; docs/scaling.md
 * says why this queue): `npm run worker` calls startWorker.
 *
 * - `concurrency` runners in one process, each a graphile-worker runner of
 *   concurrency 1 with a known worker id, whose connections carry that id as
 *   their Postgres application_name.
 * - The nightly batch as a cron item (default `0 1 * * *`, in the process's
 *   time zone, UTC unless TZ says otherwise; `?fill=1d`: a worker that was
 *   down at 01:00 runs the missed night when it starts). graphile-worker
 *   records each tick in its known_crontabs table, so with many workers each
 *   night is enqueued once.
 * - Crash recovery: graphile-worker leaves a job locked by a worker that
 *   died (SIGKILL, lost machine) for 4 hours. Every `recoverEveryMs` (and at
 *   start) each worker looks for jobs locked by a worker id with no
 *   connection in pg_stat_activity and unlocks them (forceUnlockWorkers):
 *   the shard runs again at once, on whichever worker takes it, and its work
 *   is idempotent (db/jobs/nightly.ts).
 */

import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import {
  Logger,
  makeWorkerUtils,
  type Runner,
  run,
  type Task,
  type WorkerUtils,
} from "graphile-worker";
import pg from "pg";
import { type DatabaseHandle, openDatabase } from "../client";
import { accrualLanes } from "../services/accrue";
import type { JobContext, JobQueue, TaskName } from "./queue";
import { TASKS } from "./tasks";

export const DEFAULT_NIGHTLY_CRON = "0 1 * * *";
/** Worker ids start with this, so recovery touches only this app's workers. */
const WORKER_ID_PREFIX = "lrw-";

export interface WorkerOptions {
  url: string;
  /** DATABASE_READ_URL: report reads from a replica. */
  readUrl?: string;
  /** Runners in this process (default 1). */
  concurrency?: number;
  /** The nightly schedule (cron expression), or null for none (default DEFAULT_NIGHTLY_CRON). */
  nightlyCron?: string | null;
  /** How far back a missed tick is run at start-up (graphile-worker `fill`, default "1d"). */
  cronFill?: string;
  /** How often idle runners look for new jobs besides LISTEN/NOTIFY (default 2000 ms). */
  pollInterval?: number;
  /** How often to look for jobs locked by dead workers (default 15000 ms). */
  recoverEveryMs?: number;
  /** Passed to the job functions (see JobContext). */
  batchSize?: number;
  pauseMs?: number;
  shards?: number;
  clock?: () => Date;
  log?: (message: string) => void;
}

export interface WorkerHandle {
  workerIds: string[];
  /** Stop the runners (finishing the jobs they hold) and close every connection. */
  stop(): Promise<void>;
  /** Resolves when every runner has stopped. */
  done: Promise<void>;
}

export async function startWorker(options: WorkerOptions): Promise<WorkerHandle> {
  const log = options.log ?? ((m: string) => console.log(`[worker] ${m}`));
  // A connection for each batch in flight of each job at once, and one more.
  const app = await openDatabase({
    url: options.url,
    maxConnections: Math.max(4, accrualLanes("postgres") * (options.concurrency ?? 1) + 1),
  });
  const read: DatabaseHandle | null = options.readUrl
    ? await openDatabase({ url: options.readUrl, migrate: false, maxConnections: 4 })
    : null;
  const utils = await makeWorkerUtils({ connectionString: options.url });
  await utils.migrate();
  const base: Omit<JobContext, "queue"> = {
    db: app.db,
    readDb: read?.db,
    clock: options.clock,
    batchSize: options.batchSize,
    // The pool above has a connection for each of them.
    inFlight: accrualLanes("postgres"),
    pauseMs: options.pauseMs,
    shards: options.shards,
  };
  const taskList = Object.fromEntries(
    (Object.keys(TASKS) as TaskName[]).map((name) => [
      name,
      (async (payload, helpers) => {
        const queue: JobQueue = {
          add: async (task, p, o = {}) => {
            await helpers.addJob(task, p, o.jobKey ? { jobKey: o.jobKey } : {});
          },
        };
        await TASKS[name]((payload ?? {}) as Record<string, unknown>, { ...base, queue });
      }) satisfies Task,
    ]),
  );
  await recoverOrphanedJobs(utils, log);
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const cron = options.nightlyCron === undefined ? DEFAULT_NIGHTLY_CRON : options.nightlyCron;
  const tag = `${hostname()
    .replace(/[^A-Za-z0-9]/g, "")
    .slice(0, 16)}-${process.pid}-${randomBytes(3).toString("hex")}`;
  const pools: pg.Pool[] = [];
  const runners: Runner[] = [];
  for (let i = 0; i < concurrency; i++) {
    const workerId = `${WORKER_ID_PREFIX}${tag}-${i}`;
    const pool = new pg.Pool({ connectionString: options.url, application_name: workerId, max: 4 });
    pool.on("error", () => {});
    pools.push(pool);
    runners.push(
      await run({
        pgPool: pool,
        // A known id (graphile-worker reads it; its types leave it out of RunnerOptions).
        ...({ workerId } as object),
        concurrency: 1,
        noHandleSignals: true,
        pollInterval: options.pollInterval ?? 2000,
        taskList,
        // One runner per process schedules; graphile-worker dedupes ticks across processes.
        crontab: i === 0 && cron ? `${cron} nightly_batch ?fill=${options.cronFill ?? "1d"}` : "",
        logger: quietLogger(),
      }),
    );
  }
  const workerIds = runners.map((_, i) => `${WORKER_ID_PREFIX}${tag}-${i}`);
  log(`started ${workerIds.join(", ")}${cron ? ` (nightly batch: ${cron})` : ""}`);
  const timer = setInterval(
    () => void recoverOrphanedJobs(utils, log).catch(() => {}),
    options.recoverEveryMs ?? 15_000,
  );
  timer.unref();
  const done = Promise.all(runners.map((r) => r.promise)).then(() => {});
  let stopping: Promise<void> | null = null;
  return {
    workerIds,
    done,
    stop() {
      stopping ??= (async () => {
        clearInterval(timer);
        await Promise.all(runners.map((r) => r.stop()));
        await Promise.all(pools.map((p) => p.end()));
        await utils.release();
        await app.close();
        await read?.close();
      })();
      return stopping;
    },
  };
}

/**
 * Unlock the jobs held by workers of this app that no longer have a
 * connection to the database (killed, crashed, their machine gone). Returns
 * the worker ids released.
 */
async function recoverOrphanedJobs(
  utils: WorkerUtils,
  log: (m: string) => void = () => {},
): Promise<string[]> {
  const dead = await utils.withPgClient(async (client) => {
    const { rows } = await client.query<{ locked_by: string }>(
      `select distinct j.locked_by
         from graphile_worker._private_jobs j
        where j.locked_by like $1
          and not exists (select 1 from pg_stat_activity a where a.application_name = j.locked_by)`,
      [`${WORKER_ID_PREFIX}%`],
    );
    return rows.map((r) => r.locked_by);
  });
  if (dead.length > 0) {
    await utils.forceUnlockWorkers(dead);
    log(`released the jobs of stopped workers ${dead.join(", ")}`);
  }
  return dead;
}

/** A JobQueue over graphile-worker for code outside a task (the app, the CLI, tests). */
export async function serverQueue(url: string): Promise<JobQueue & { release(): Promise<void> }> {
  const utils = await makeWorkerUtils({ connectionString: url });
  await utils.migrate();
  return {
    add: async (task, payload, o = {}) => {
      await utils.addJob(task, payload, o.jobKey ? { jobKey: o.jobKey } : {});
    },
    release: async () => {
      await utils.release();
    },
  };
}

function quietLogger() {
  // graphile-worker's own lines at info are one per job; keep warnings and errors.
  return new Logger(() => (level, message) => {
    if (level === "error" || level === "warning") console.error(`[graphile-worker] ${message}`);
  });
}
