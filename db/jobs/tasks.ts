/**
 * Every job function by task name: what `npm run worker` registers with
 * graphile-worker and what the in-process queue runs on PGlite.
 */
import { nightlyBatch, nightlyShard } from "./nightly";
import { inlineQueue, type JobContext, type JobFunction, type TaskName } from "./queue";
import { reportShard, startShardedReport } from "./report";

export const TASKS: Record<TaskName, JobFunction> = {
  nightly_batch: nightlyBatch,
  nightly_shard: nightlyShard,
  report_shard: reportShard,
};

/** Run the nightly batch in this process (PGlite, or the CLI without workers): every shard, in order. */
export async function runNightlyInline(
  ctx: Omit<JobContext, "queue">,
  payload: { through?: string; shards?: number } = {},
): Promise<void> {
  const queue = inlineQueue(TASKS, ctx);
  await queue.add("nightly_batch", payload);
  await queue.drain();
}

/** Compute a sharded report in this process; returns its run key (the merged report is in batch_runs). */
export async function runShardedReportInline(
  ctx: Omit<JobContext, "queue">,
  options: Parameters<typeof startShardedReport>[2],
): Promise<string> {
  const queue = inlineQueue(TASKS, ctx);
  const key = await startShardedReport(ctx.db, queue, options);
  await queue.drain();
  return key;
}
