import { and, asc, desc, gt, inArray, lte, sql } from "drizzle-orm";
import type { LoanEvent } from "../../lib/events/types";
import { replay } from "../../lib/replay/replay";
import {
  deserializeState,
  monthEndSnapshots,
  replayFrom,
  type SerializedState,
} from "../../lib/replay/snapshot";
import type { LoanState } from "../../lib/replay/state";
import type { Database } from "../client";
import { readStreams, type Tx } from "../event-store";
import { validFor, writeSnapshots } from "../event-store/snapshots";
import { loanSnapshots, loans } from "../schema";

/**
 * Which month-end snapshots to keep: the last three month ends (where as-of
 * queries cluster) and every quarter end before them, so any date is at most
 * a quarter of events away from a snapshot while storage stays small (a
 * state carries the loan's payment log).
 */
function retained<T extends { asOfDate: string }>(snapshots: readonly T[]): T[] {
  return snapshots.filter(
    (s, i) =>
      i >= snapshots.length - 3 || ["03", "06", "09", "12"].includes(s.asOfDate.slice(5, 7)),
  );
}

/**
 * Rebuild the month-end snapshots of some loans (default: all), from their
 * full histories. Old snapshots of those loans are dropped first; the cache
 * can be thrown away and rebuilt at any time with identical replay results.
 */
export async function rebuildSnapshots(options: {
  db: Database;
  loanIds?: readonly number[];
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}): Promise<{ loans: number; snapshots: number }> {
  const { db } = options;
  const ids =
    options.loanIds ??
    (await db.select({ id: loans.id }).from(loans).orderBy(asc(loans.id))).map((l) => l.id);
  const batchSize = options.batchSize ?? 100;
  let written = 0;
  for (let i = 0; i < ids.length; i += batchSize) {
    const batch = ids.slice(i, i + batchSize);
    await db.transaction(async (tx) => {
      const streams = await readStreams(tx, batch);
      await tx.delete(loanSnapshots).where(inArray(loanSnapshots.loanId, batch));
      const rows = batch.flatMap((loanId) =>
        retained(monthEndSnapshots(streams.get(loanId) ?? [])).map((snapshot) => ({
          loanId,
          snapshot,
        })),
      );
      await writeSnapshots(tx, rows);
      written += rows.length;
    });
    options.onProgress?.(Math.min(i + batchSize, ids.length), ids.length);
  }
  return { loans: ids.length, snapshots: written };
}

const FULL_HISTORY = "full";

interface UsableSnapshot {
  loanId: number;
  asOfDate: string;
  state: SerializedState;
}

/**
 * The latest snapshot usable for (asOf, knownAt) of each loan, if any; with
 * `withoutPayments` its payment log is left in the database (the bulk of a
 * snapshot on a long-lived loan).
 */
async function latestSnapshots(
  db: Database | Tx,
  loanIds: readonly number[],
  asOf: string,
  knownAt: string | null,
  withoutPayments = false,
): Promise<Map<number, UsableSnapshot>> {
  const valid = validFor(knownAt);
  const rows = await db
    .selectDistinctOn([loanSnapshots.loanId], {
      loanId: loanSnapshots.loanId,
      asOfDate: loanSnapshots.asOfDate,
      state: withoutPayments
        ? sql<unknown>`jsonb_set(${loanSnapshots.state}, '{state,payments}', '[]'::jsonb)`
        : loanSnapshots.state,
    })
    .from(loanSnapshots)
    .where(
      and(inArray(loanSnapshots.loanId, [...loanIds]), lte(loanSnapshots.asOfDate, asOf), valid),
    )
    .orderBy(loanSnapshots.loanId, desc(loanSnapshots.asOfDate), desc(loanSnapshots.id));
  return new Map(rows.map((r) => [r.loanId, { ...r, state: r.state as SerializedState }]));
}

/**
 * Replay loans as of a date (and, optionally, as known at a time), each from
 * its latest usable snapshot plus the events effective after it, or from its
 * full history when it has none. One query for the snapshots, one for the
 * events, whatever the number of loans.
 */
export async function replayLoansAsOf(
  db: Database | Tx,
  loanIds: readonly number[],
  asOf: string,
  options: { knownAt?: string | null } = {},
): Promise<Map<number, LoanState>> {
  return foldLoansAsOf(db, loanIds, asOf, options.knownAt ?? null, false);
}

/** A loan's state as of a date without its payment list: what totals and lists show. */
export type LoanFiguresAsOf = Omit<LoanState, "payments">;

/**
 * Like replayLoansAsOf, for the figures only (the portfolio report, the loans
 * list for a past date): snapshots are read without their payment logs unless
 * a loan's tail holds a reversal (which looks its payment up).
 */
export async function replayFiguresAsOf(
  db: Database | Tx,
  loanIds: readonly number[],
  asOf: string,
  options: { knownAt?: string | null } = {},
): Promise<Map<number, LoanFiguresAsOf>> {
  const knownAt = options.knownAt ?? null;
  const folded = await foldLoansAsOf(db, loanIds, asOf, knownAt, true);
  return new Map(
    [...folded].map(([id, state]) => {
      const { payments: _left, ...figures } = state;
      return [id, figures];
    }),
  );
}

async function foldLoansAsOf(
  db: Database | Tx,
  loanIds: readonly number[],
  asOf: string,
  knownAt: string | null,
  withoutPayments: boolean,
): Promise<Map<number, LoanState>> {
  const result = new Map<number, LoanState>();
  if (loanIds.length === 0) return result;
  const snapshots = await latestSnapshots(db, loanIds, asOf, knownAt, withoutPayments);
  // Loans grouped by the date their tail starts after: usually one or two
  // groups (last month end; no snapshot), so a handful of range scans.
  const groups = new Map<string, number[]>();
  for (const loanId of loanIds) {
    const after = snapshots.get(loanId)?.asOfDate ?? FULL_HISTORY;
    groups.set(after, [...(groups.get(after) ?? []), loanId]);
  }
  const tails = new Map<number, LoanEvent[]>();
  for (const [after, ids] of groups) {
    // Without a snapshot: the whole history, so replay's stream checks see
    // every sequence number.
    const streams = await readStreams(
      db,
      ids,
      after === FULL_HISTORY ? {} : { effectiveAfter: after, asOf },
    );
    for (const [id, events] of streams) tails.set(id, events);
  }
  if (withoutPayments) {
    // A reversal in the tail looks up the payment it reverses: those loans'
    // snapshots are read again with their payment logs.
    const reversing = loanIds.filter(
      (id) => snapshots.has(id) && (tails.get(id) ?? []).some((e) => e.eventType === "reversal"),
    );
    const full = await latestSnapshots(db, reversing, asOf, knownAt);
    for (const id of reversing) {
      const again = full.get(id);
      if (again && again.asOfDate === snapshots.get(id)?.asOfDate) {
        snapshots.set(id, again);
      } else {
        // A snapshot written in between: replay that loan from its first event.
        snapshots.delete(id);
        tails.set(id, (await readStreams(db, [id])).get(id) ?? []);
      }
    }
  }
  for (const loanId of loanIds) {
    const tail = tails.get(loanId) ?? [];
    const snapshot = snapshots.get(loanId);
    result.set(
      loanId,
      snapshot
        ? replayFrom(deserializeState(snapshot.state), tail, asOf, { knownAt }).state
        : replay(tail, asOf, { knownAt }).state,
    );
  }
  return result;
}

/** One loan as of a date: the path the loan page and the CLI use. */
export async function replayLoanAsOf(
  db: Database | Tx,
  loanId: number,
  asOf: string,
  options: { knownAt?: string | null } = {},
): Promise<LoanState> {
  const state = (await replayLoansAsOf(db, [loanId], asOf, options)).get(loanId);
  if (!state) throw new Error(`loan ${loanId} could not be replayed`);
  return state;
}

/**
 * The whole book's figures as of a date, streamed: loans are read and folded
 * in batches (never the whole book in memory) and yielded one by one.
 */
export async function* replayPortfolio(
  db: Database,
  asOf: string,
  options: { knownAt?: string | null; batchSize?: number } = {},
): AsyncGenerator<{ loanId: number; loanNumber: string; state: LoanFiguresAsOf }> {
  const batchSize = options.batchSize ?? 250;
  let afterId = 0;
  for (;;) {
    const batch = await db
      .select({ id: loans.id, loanNumber: loans.loanNumber })
      .from(loans)
      .where(gt(loans.id, afterId))
      .orderBy(asc(loans.id))
      .limit(batchSize);
    if (batch.length === 0) return;
    afterId = batch.at(-1)?.id ?? afterId;
    const states = await replayFiguresAsOf(
      db,
      batch.map((l) => l.id),
      asOf,
      options,
    );
    for (const loan of batch) {
      const state = states.get(loan.id);
      if (state) yield { loanId: loan.id, loanNumber: loan.loanNumber, state };
    }
  }
}
