/**
 * The job queue as the job functions see it: add a job by task name, with an
 * optional job key (graphile-worker's: a second add with the same key while
 * the first is still queued replaces it instead of queuing two).
 *
 * On the Postgres server the queue is graphile-worker (db/jobs/worker.ts:
 * `npm run worker` executes, the app and the CLI enqueue). On embedded
 * PGlite there is no server for workers to share, so the same job functions
 * run in-process, one after another (inlineQueue).
 */
import type { Database } from "../client";

export type TaskName = "nightly_batch" | "nightly_shard" | "report_shard";

export interface JobQueue {
  add(
    task: TaskName,
    payload: Record<string, unknown>,
    options?: { jobKey?: string },
  ): Promise<void>;
}

export interface JobContext {
  /** The primary: every write, and the reads that decide them. */
  db: Database;
  /** Where report reads go (DATABASE_READ_URL, a replica); the primary when unset. */
  readDb?: Database;
  queue: JobQueue;
  clock?: () => Date;
  /** Loans per transaction in a shard (default: the services' own). */
  batchSize?: number;
  /** A nightly shard's batches in flight at once (accrueInterest `inFlight`; the server's workers use 2). */
  inFlight?: number;
  /** Wait this long inside each batch's transaction (throttling; tests use it to stop a worker mid-shard). */
  pauseMs?: number;
  /** Shards per new run (default DEFAULT_SHARDS). */
  shards?: number;
}

export type JobFunction = (payload: Record<string, unknown>, ctx: JobContext) => Promise<void>;

/**
 * A queue that runs its jobs in this process, in the order they were added
 * (a job's own additions after the jobs already queued), until none is left:
 * `drain()` returns when the last has finished. A job key already queued is
 * replaced, as graphile-worker does for an unlocked job.
 */
export function inlineQueue(
  tasks: Record<TaskName, JobFunction>,
  base: Omit<JobContext, "queue">,
): JobQueue & { drain(): Promise<void> } {
  const pending: Array<{ task: TaskName; payload: Record<string, unknown>; key?: string }> = [];
  let running: Promise<void> | null = null;
  const queue = {
    async add(
      task: TaskName,
      payload: Record<string, unknown>,
      options: { jobKey?: string } = {},
    ): Promise<void> {
      const same = options.jobKey ? pending.findIndex((j) => j.key === options.jobKey) : -1;
      const job = { task, payload, key: options.jobKey };
      if (same >= 0) pending[same] = job;
      else pending.push(job);
    },
    drain(): Promise<void> {
      if (!running) {
        running = (async () => {
          try {
            for (let job = pending.shift(); job; job = pending.shift()) {
              await tasks[job.task](job.payload, { ...base, queue });
            }
          } finally {
            running = null;
          }
        })();
      }
      return running;
    },
  };
  return queue;
}
