/**
 * The portfolio report fanned out over loan-id ranges: `startShardedReport`
 * fixes the report's basis once (date, cut-off, high-water mark: every shard
 * replays as known at the same instant), creates the run and enqueues one
 * `report_shard` per range; each shard stores its rows; the shard that
 * completes the run merges them (assembleReport, the same code the
 * single-process report ends with) into batch_runs.result. Progress is in
 * report_progress under the run key, summed over the shards, so any app
 * instance reads it (readReportProgress) while workers compute.
 */
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Database } from "../client";
import { holdsEvent } from "../event-store";
import { batchShards, reportProgress } from "../schema";
import {
  assembleReport,
  type PortfolioReport,
  type ReportBasis,
  type ReportRow,
  reportBasis,
  reportRowsForRange,
} from "../services/portfolio-report";
import type { JobContext, JobQueue } from "./queue";
import { pruneReportRuns, reportOf, sealedResult } from "./report-cache";
import {
  completeShard,
  DEFAULT_SHARDS,
  ensureRun,
  finishEmptyRun,
  readRun,
  startShard,
} from "./runs";

export async function startShardedReport(
  db: Database,
  queue: JobQueue,
  options: {
    asOf: string;
    knownAt?: string | null;
    now?: () => Date;
    shards?: number;
    /** The run key (default a new `report:<uuid>`). */
    key?: string;
    /** Where its progress is published in report_progress (default the run key). */
    progressKey?: string;
    /** The basis already fixed by the caller (reportBasis of the same inputs). */
    basis?: ReportBasis;
  },
): Promise<string> {
  const basis = options.basis ?? (await reportBasis(db, options));
  await pruneReportRuns(db);
  const key = options.key ?? `report:${randomUUID()}`;
  const progressKey = options.progressKey ?? key;
  const { run, shards } = await ensureRun(
    db,
    key,
    "report",
    { ...basis, progressKey } as unknown as Record<string, unknown>,
    options.shards ?? DEFAULT_SHARDS,
  );
  if (run.finishedAt) return key;
  const total = shards.reduce((n, s) => n + s.loans, 0);
  await db
    .insert(reportProgress)
    .values({ key: progressKey, done: 0, total })
    .onConflictDoUpdate({
      target: reportProgress.key,
      set: { done: 0, total, updatedAt: sql`now()` },
    });
  if (shards.length === 0) {
    await completeEmpty(db, key, run.params);
    return key;
  }
  for (const s of shards) {
    if (!s.doneAt)
      await queue.add(
        "report_shard",
        { run: key, shard: s.shard },
        { jobKey: `${key}:${s.shard}` },
      );
  }
  return key;
}

async function completeEmpty(db: Database, key: string, params: Record<string, unknown>) {
  await finishEmptyRun(
    db,
    key,
    assembleReport(basisOf(params), []) as unknown as Record<string, unknown>,
  );
  await db.delete(reportProgress).where(eq(reportProgress.key, String(params.progressKey ?? key)));
}

/** The report's basis from a run's params (without the progress key, which is not part of the report). */
function basisOf(params: Record<string, unknown>): ReportBasis {
  const { asOf, knownAt, generatedAt, highWaterMark } = params as unknown as ReportBasis;
  return { asOf, knownAt, generatedAt, highWaterMark };
}

export async function reportShard(payload: Record<string, unknown>, ctx: JobContext) {
  const key = String(payload.run);
  const shard = Number(payload.shard);
  const run = await readRun(ctx.db, key);
  if (!run || run.finishedAt) return;
  const basis = basisOf(run.params);
  const progressKey = String(run.params.progressKey ?? key);
  const state = await startShard(ctx.db, key, shard);
  if (state.doneAt) return;
  const reader = await readerFor(ctx, basis);
  const rows = await reportRowsForRange(
    reader,
    basis,
    { from: state.fromLoanId, to: state.toLoanId },
    {
      batchSize: ctx.batchSize,
      onBatch: async (done) => {
        await ctx.db
          .update(batchShards)
          .set({ loansDone: done })
          .where(sql`${batchShards.runKey} = ${key} and ${batchShards.shard} = ${shard}`);
        await publishProgress(ctx.db, key, progressKey);
        if (ctx.pauseMs) await new Promise((r) => setTimeout(r, ctx.pauseMs));
      },
    },
  );
  const { finished } = await completeShard(ctx.db, key, shard, { rows }, async (_tx, _run, all) => {
    const merged = all.flatMap((s) => ((s.result ?? {}) as { rows?: ReportRow[] }).rows ?? []);
    return sealedResult(assembleReport(basis, merged));
  });
  if (finished) await ctx.db.delete(reportProgress).where(eq(reportProgress.key, progressKey));
}

/** report_progress for the run: the loans done over all its shards. */
async function publishProgress(db: Database, key: string, progressKey: string) {
  await db.execute(sql`
    update ${reportProgress} set
      done = (select coalesce(sum(loans_done), 0) from ${batchShards} where run_key = ${key}),
      updated_at = now()
    where key = ${progressKey}`);
}

/**
 * The replica for a report's reads when DATABASE_READ_URL is set and it has
 * caught up with the report's high-water mark (it holds the last event the
 * report counts); otherwise the primary, so a lagging replica never drops
 * events from a report.
 */
async function readerFor(ctx: JobContext, basis: ReportBasis): Promise<Database> {
  if (!ctx.readDb) return ctx.db;
  const id = basis.highWaterMark.eventId;
  if (!id) return ctx.readDb;
  return (await holdsEvent(ctx.readDb, id)) ? ctx.readDb : ctx.db;
}

/** The merged report of a finished run, or null while it runs. */
export async function shardedReportResult(
  db: Database,
  key: string,
): Promise<PortfolioReport | null> {
  const run = await readRun(db, key);
  return run?.finishedAt && run.result ? reportOf(run.result) : null;
}

/**
 * The portfolio report for a page on the Postgres server with
 * REPORTS_ON_WORKERS=true: enqueued in shards for `npm run worker` and waited
 * for (progress published under `progressKey`, as the in-process report
 * publishes it). Null when no worker has taken a shard within `pickUpMs` (the
 * caller computes it itself; the queued shards are then cancelled by the
 * finished run: a shard of a finished run does nothing).
 */
export async function reportOnWorkers(
  db: Database,
  url: string,
  options: {
    asOf: string;
    knownAt?: string | null;
    basis?: ReportBasis;
    progressKey: string;
    pickUpMs?: number;
    timeoutMs?: number;
  },
): Promise<PortfolioReport | null> {
  const { serverQueue } = await import("./worker");
  const queue = await serverQueue(url);
  try {
    const key = await startShardedReport(db, queue, options);
    const started = Date.now();
    for (;;) {
      const run = await readRun(db, key);
      if (run?.finishedAt && run.result) return reportOf(run.result);
      const elapsed = Date.now() - started;
      if (elapsed > (options.pickUpMs ?? 10_000)) {
        const shards = await db
          .select({ attempts: batchShards.attempts })
          .from(batchShards)
          .where(eq(batchShards.runKey, key));
        if (shards.every((s) => s.attempts === 0)) {
          await finishEmptyRun(db, key, { abandoned: "no worker took a shard" });
          return null;
        }
      }
      if (elapsed > (options.timeoutMs ?? 15 * 60_000)) {
        throw new Error(
          `The report ${key} did not finish within ${options.timeoutMs ?? 900_000} ms.`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await queue.release();
  }
}
