/**
 * The nightly batch: the daily accrual (late fees in the same appends, month
 * ends snapshotted by the append path) through the day before the business
 * date, sharded over loan-id ranges.
 *
 * - `nightly_batch` (the cron job, or enqueued by hand): creates the run
 *   `nightly:<through>` and its shards once, and enqueues every shard not
 *   done, each under the job key `nightly:<through>:<shard>`.
 * - `nightly_shard`: accrues its range with accrueInterest. Exactly once per
 *   loan-day without trusting the queue: each batch of loans is locked
 *   (SELECT ... FOR UPDATE on their rows), their projections read under the
 *   lock, and only the days after each projection's last accrual appended,
 *   in one transaction with the projection and the shard's progress. A
 *   second worker on the same shard waits for the lock and finds the days
 *   accrued; a worker killed mid-batch leaves nothing of that batch (the
 *   transaction rolls back), and the shard's next attempt skips what the
 *   committed batches did. The unique (loan_id, sequence_number) key stops
 *   any append that did not read the latest projection.
 */
import { addDays } from "../../lib/dates";
import { accrueInterest, checkAccrualThrough } from "../services/accrue";
import { writeCheckpoint } from "../services/checkpoint";
import { businessDate } from "../services/context";
import type { JobContext } from "./queue";
import {
  completeShard,
  DEFAULT_SHARDS,
  ensureRun,
  finishEmptyRun,
  shardProgress,
  startShard,
} from "./runs";

export const NIGHTLY_ACTOR = "system:nightly";

/** The run key of the nightly batch through a date. */
export function nightlyRunKey(through: string): string {
  return `nightly:${through}`;
}

/**
 * The last day a nightly batch accrues: the day before the business date, or
 * for a cron tick at `tickAt` the day before the tick's UTC date, whichever
 * is earlier (a backfilled tick for an earlier night accrues through that
 * night's date; nothing ever accrues after the business date).
 */
export function nightlyThrough(clock: () => Date, tickAt?: string | Date): string {
  const fromBusinessDate = addDays(businessDate(clock), -1);
  if (!tickAt) return fromBusinessDate;
  const tickDay = new Date(tickAt).toISOString().slice(0, 10);
  const fromTick = addDays(tickDay, -1);
  return [fromTick, fromBusinessDate].sort()[0] as string;
}

interface CronPayload {
  _cron?: { ts?: string };
}

export async function nightlyBatch(payload: Record<string, unknown>, ctx: JobContext) {
  const clock = ctx.clock ?? (() => new Date());
  const through =
    typeof payload.through === "string"
      ? payload.through
      : nightlyThrough(clock, (payload as CronPayload)._cron?.ts);
  // Before a run is recorded: a night after the business date (or no date) is refused.
  checkAccrualThrough(through, businessDate(clock));
  const key = nightlyRunKey(through);
  const { run, shards } = await ensureRun(
    ctx.db,
    key,
    "nightly",
    { through },
    typeof payload.shards === "number" ? payload.shards : (ctx.shards ?? DEFAULT_SHARDS),
  );
  if (run.finishedAt) return;
  if (shards.length === 0) {
    await finishEmptyRun(ctx.db, key, emptyTotals(through));
    return;
  }
  for (const s of shards) {
    if (s.doneAt) continue;
    await ctx.queue.add(
      "nightly_shard",
      { run: key, shard: s.shard, through },
      { jobKey: `${key}:${s.shard}` },
    );
  }
}

export async function nightlyShard(payload: Record<string, unknown>, ctx: JobContext) {
  const key = String(payload.run);
  const shard = Number(payload.shard);
  const through = String(payload.through);
  const state = await startShard(ctx.db, key, shard);
  if (state.doneAt) return;
  await accrueInterest({
    db: ctx.db,
    actor: NIGHTLY_ACTOR,
    clock: ctx.clock,
    through,
    loanIds: { from: state.fromLoanId, to: state.toLoanId },
    batchSize: ctx.batchSize,
    inFlight: ctx.inFlight,
    inBatch: async (tx, done, _total, tally) => {
      await shardProgress(tx, key, shard, done, { ...tally });
      if (ctx.pauseMs) await new Promise((r) => setTimeout(r, ctx.pauseMs));
    },
  });
  // The shard's result is the tally its batches committed (shardProgress), over
  // every attempt; this attempt's own counts would miss a crashed attempt's.
  const { finished } = await completeShard(
    ctx.db,
    key,
    shard,
    { loansAccrued: 0, eventsAppended: 0, lateFeesAssessed: 0 },
    async (_tx, _run, all) => {
      const totals = emptyTotals(through);
      for (const s of all) {
        const r = (s.result ?? {}) as Partial<typeof totals>;
        totals.loansScanned += s.loans;
        totals.loansAccrued += r.loansAccrued ?? 0;
        totals.eventsAppended += r.eventsAppended ?? 0;
        totals.lateFeesAssessed += r.lateFeesAssessed ?? 0;
      }
      return totals;
    },
  );
  // The last shard of the night anchors the chain outside the database: every
  // loan's head, signed (db/services/checkpoint.ts). A failure to write it is
  // reported and does not undo the accruals (`cli checkpoint` takes one).
  if (finished) {
    try {
      await writeCheckpoint(ctx.db, { takenBy: NIGHTLY_ACTOR });
    } catch (error) {
      console.error(
        `[nightly] ${key}: the checkpoint was not written: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

function emptyTotals(through: string) {
  return { through, loansScanned: 0, loansAccrued: 0, eventsAppended: 0, lateFeesAssessed: 0 };
}
