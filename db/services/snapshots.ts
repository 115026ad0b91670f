import { and, asc, gt, inArray, lte, sql } from "drizzle-orm";
import { parseTimestamp } from "../../lib/dates";
import {
  type DueBasis,
  daysPastDueOn,
  emptyBasis,
  evolveBasis,
  foldWithBasis,
  isDueBasis,
  settleBasis,
} from "../../lib/delinquency/basis";
import { bucketFor, type DelinquencyBucket } from "../../lib/due";
import { toleranceFor } from "../../lib/due/tolerance";
import type { LoanEvent } from "../../lib/events/types";
import { applyEvent } from "../../lib/replay/handlers";
import { inView, replay } from "../../lib/replay/replay";
import {
  deserializeState,
  monthEndSnapshots,
  replayFrom,
  type SerializedState,
} from "../../lib/replay/snapshot";
import { initialEngineState, type LoanState, toLoanState } from "../../lib/replay/state";
import type { Database } from "../client";
import { readStreams, type Tx } from "../event-store";
import { resultRows } from "../event-store/rows";
import { snapshotHolds, validFor, writeSnapshots } from "../event-store/snapshots";
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
      const products = await productsOf(tx, batch);
      await tx.delete(loanSnapshots).where(inArray(loanSnapshots.loanId, batch));
      const rows = batch.flatMap((loanId) => {
        const stream = streams.get(loanId) ?? [];
        const snapshots = retained(monthEndSnapshots(stream));
        const bases = basesAt(
          stream,
          snapshots.map((s) => s.throughSequence),
          toleranceFor(products.get(loanId)),
        );
        return snapshots.map((snapshot) => ({
          loanId,
          snapshot,
          due: settleBasis(bases.get(snapshot.throughSequence) ?? emptyBasis(), snapshot.state, {
            refill: true,
          }),
        }));
      });
      await writeSnapshots(tx, rows);
      written += rows.length;
    });
    options.onProgress?.(Math.min(i + batchSize, ids.length), ids.length);
  }
  return { loans: ids.length, snapshots: written };
}

/** Each loan's product (its delinquency tolerance and late-fee rule). */
async function productsOf(db: Database | Tx, loanIds: readonly number[]) {
  if (loanIds.length === 0) return new Map<number, string>();
  const rows = await db
    .select({ id: loans.id, product: loans.product })
    .from(loans)
    .where(inArray(loans.id, [...loanIds]));
  return new Map(rows.map((r) => [r.id, r.product]));
}

/** The (unsettled) due basis of a stream after each of the given sequence numbers. */
function basesAt(
  stream: readonly LoanEvent[],
  sequences: readonly number[],
  tolerance: string,
): Map<number, DueBasis> {
  const wanted = new Set(sequences);
  const out = new Map<number, DueBasis>();
  let state = initialEngineState();
  let due = emptyBasis(tolerance);
  if (wanted.has(0)) out.set(0, due);
  for (const e of stream) {
    if (out.size === wanted.size) break;
    const next = applyEvent(state, e);
    due = evolveBasis(due, e, state, next);
    state = next;
    if (wanted.has(e.sequenceNumber)) {
      out.set(e.sequenceNumber, settleBasis(due, state, { refill: true }));
    }
    if (wanted.has(e.sequenceNumber)) due = out.get(e.sequenceNumber) as DueBasis;
  }
  return out;
}

const FULL_HISTORY = "full";

interface UsableSnapshot {
  loanId: number;
  asOfDate: string;
  state: SerializedState;
  due: DueBasis | null;
}

/**
 * The latest snapshot usable for (asOf, knownAt) of each loan, if any; with
 * `withoutPayments` its payment log is left in the database (the bulk of a
 * snapshot on a long-lived loan). A snapshot whose seal does not hold for
 * what was read (edited in the database, or never sealed) is not used: that
 * loan replays from its first event, and an edit is reported.
 */
export async function latestSnapshots(
  db: Database | Tx,
  loanIds: readonly number[],
  asOf: string,
  knownAt: string | null,
  withoutPayments = false,
  withBasis = false,
): Promise<Map<number, UsableSnapshot>> {
  if (loanIds.length === 0) return new Map();
  const valid = validFor(knownAt);
  // Per loan, its latest usable snapshot by the lookup index (LIMIT 1 in a
  // lateral join): a DISTINCT ON over every snapshot of the loans computed
  // the payment-less copy of each (about 14 a loan) before keeping one, and
  // was most of a portfolio replay's database time.
  const result = await db.execute(sql`
    select l.id as loan_id, s.as_of_date, s.state, s.due, s.through_sequence,
      s.max_recorded_at, s.last_hash, s.seal
    from unnest(${`{${loanIds.join(",")}}`}::bigint[]) as l(id)
    cross join lateral (
      select ${loanSnapshots.asOfDate}::text as as_of_date,
        ${
          withoutPayments
            ? sql`jsonb_set(${loanSnapshots.state}, '{state,payments}', '[]'::jsonb)`
            : loanSnapshots.state
        } as state,
        ${withBasis ? loanSnapshots.dueBasis : sql`null::jsonb`} as due,
        ${loanSnapshots.throughSequence} as through_sequence,
        ${loanSnapshots.maxRecordedAt}::text as max_recorded_at,
        ${loanSnapshots.lastHash} as last_hash, ${loanSnapshots.seal} as seal
      from ${loanSnapshots}
      where ${loanSnapshots.loanId} = l.id and ${loanSnapshots.asOfDate} <= ${asOf}
        and ${valid}
        ${withBasis ? sql`and ${loanSnapshots.dueBasis} is not null` : sql``}
      order by ${loanSnapshots.asOfDate} desc, ${loanSnapshots.id} desc
      limit 1
    ) s`);
  const rows = resultRows<{
    loan_id: number | string;
    as_of_date: string;
    state: unknown;
    due: unknown;
    through_sequence: number;
    max_recorded_at: string | null;
    last_hash: string | null;
    seal: string | null;
  }>(result).map((r) => ({
    loanId: Number(r.loan_id),
    asOfDate: r.as_of_date,
    state: typeof r.state === "string" ? JSON.parse(r.state) : r.state,
    due: typeof r.due === "string" ? JSON.parse(r.due) : r.due,
    throughSequence: Number(r.through_sequence),
    maxRecordedAt: r.max_recorded_at,
    lastHash: r.last_hash,
    seal: r.seal,
  }));
  return new Map(
    rows
      .filter((r) =>
        snapshotHolds(r.loanId, r, {
          withPayments: !withoutPayments,
          ...(withBasis ? { due: r.due } : {}),
        }),
      )
      .map((r) => [
        r.loanId,
        {
          loanId: r.loanId,
          asOfDate: r.asOfDate,
          state: r.state as SerializedState,
          due: isDueBasis(r.due) ? r.due : null,
        },
      ]),
  );
}

/**
 * Replay loans as of a date (and, optionally, as known at a time), each from
 * its latest usable snapshot plus the events effective after it, or from its
 * full history when it has none. One query for the snapshots, one for the
 * events, whatever the number of loans.
 */
async function replayLoansAsOf(
  db: Database | Tx,
  loanIds: readonly number[],
  asOf: string,
  options: { knownAt?: string | null } = {},
): Promise<Map<number, LoanState>> {
  const folded = await foldLoansAsOf(db, loanIds, asOf, options.knownAt ?? null, false, false);
  return new Map([...folded].map(([id, f]) => [id, f.state]));
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
  const folded = await foldLoansAsOf(db, loanIds, asOf, knownAt, true, false);
  return new Map(
    [...folded].map(([id, { state }]) => {
      const { payments: _left, ...figures } = state;
      return [id, figures];
    }),
  );
}

/** A loan's figures as of a date with its delinquency (lib/due, from the due basis). */
export type DueFiguresAsOf = LoanFiguresAsOf & {
  daysPastDue: number;
  bucket: DelinquencyBucket;
  /** The latest effective date among the loan's events in view (on or before the date). */
  lastEventDate: string | null;
};

/**
 * Like replayFiguresAsOf, with each loan's days past due and bucket as of the
 * date (as known at the cut-off): from the snapshot's due basis advanced over
 * the tail (lib/delinquency/basis.ts: a payment moves it along the frontier,
 * accruals and fees leave it; anything else recomputes it with lib/due once).
 * Snapshots without a due basis (taken before it existed) are passed over:
 * `cli snapshots rebuild` gives every snapshot one.
 */
export async function replayDueFiguresAsOf(
  db: Database | Tx,
  loanIds: readonly number[],
  asOf: string,
  options: { knownAt?: string | null } = {},
): Promise<Map<number, DueFiguresAsOf>> {
  const knownAt = options.knownAt ?? null;
  const folded = await foldLoansAsOf(db, loanIds, asOf, knownAt, true, true);
  return new Map(
    [...folded].map(([id, { state, due, lastEventDate }]) => {
      const { payments: _left, ...figures } = state;
      const daysPastDue = due ? daysPastDueOn(due, asOf) : 0;
      return [id, { ...figures, daysPastDue, bucket: bucketFor(daysPastDue), lastEventDate }];
    }),
  );
}

interface Folded {
  state: LoanState;
  /** The due basis as of the date, settled (only when asked for). */
  due: DueBasis | null;
  /** With the due basis: the latest effective date among the events in view. */
  lastEventDate: string | null;
}

/** replayFrom's fold (events in view, in the order given) with the due basis beside it. */
function foldTailWithBasis(
  start: ReturnType<typeof deserializeState>,
  basis: DueBasis,
  tail: readonly LoanEvent[],
  asOf: string,
  knownAt: string | null,
): { state: LoanState; due: DueBasis; lastEventDate: string | null } {
  // The tail is in sequence order (readStreams): replayFrom's filter, without re-ordering it.
  const limit = knownAt === null ? null : parseTimestamp(knownAt);
  const folded = foldWithBasis(start, basis, tail.filter(inView(asOf, limit)));
  return {
    state: toLoanState(folded.state, asOf, knownAt),
    due: settleBasis(folded.basis, folded.state),
    // Every event folded moves it (lib/replay/facts.ts), the snapshot's own included.
    lastEventDate: folded.state.facts.lastEffectiveDate,
  };
}

async function foldLoansAsOf(
  db: Database | Tx,
  loanIds: readonly number[],
  asOf: string,
  knownAt: string | null,
  withoutPayments: boolean,
  withBasis: boolean,
): Promise<Map<number, Folded>> {
  const result = new Map<number, Folded>();
  if (loanIds.length === 0) return result;
  const snapshots = await latestSnapshots(db, loanIds, asOf, knownAt, withoutPayments, withBasis);
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
    const full = await latestSnapshots(db, reversing, asOf, knownAt, false, withBasis);
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
  // A loan replayed from its first event needs its product's tolerance (a snapshot's basis has it).
  const products = withBasis
    ? await productsOf(
        db,
        loanIds.filter((id) => !snapshots.get(id)?.due),
      )
    : null;
  for (const loanId of loanIds) {
    const tail = tails.get(loanId) ?? [];
    const snapshot = snapshots.get(loanId);
    if (!products) {
      result.set(loanId, {
        state: snapshot
          ? replayFrom(deserializeState(snapshot.state), tail, asOf, { knownAt }).state
          : replay(tail, asOf, { knownAt }).state,
        due: null,
        lastEventDate: null,
      });
    } else if (snapshot?.due) {
      result.set(
        loanId,
        foldTailWithBasis(deserializeState(snapshot.state), snapshot.due, tail, asOf, knownAt),
      );
    } else {
      // The whole history: replay's state (stream checks included), the basis beside it.
      const basis = foldTailWithBasis(
        initialEngineState(),
        emptyBasis(toleranceFor(products.get(loanId))),
        tail,
        asOf,
        knownAt,
      );
      result.set(loanId, {
        state: replay(tail, asOf, { knownAt }).state,
        due: basis.due,
        lastEventDate: basis.lastEventDate,
      });
    }
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
 * in batches (never the whole book in memory) and yielded one by one. With
 * `withDue`, each with its days past due and bucket (replayDueFiguresAsOf).
 */
interface PortfolioReplayOptions {
  knownAt?: string | null;
  batchSize?: number;
  /** Only the loans whose id is in this range, inclusive (a report shard). */
  loanIds?: { from: number; to: number };
  /**
   * Batches read at once, ahead of the one being folded (default 4; PGlite
   * runs them in turn). On the 10M-event book with a cold cache, four took
   * 10.7 s where two took 12.9 s; with the pages cached, about the same.
   */
  inFlight?: number;
}

export function replayPortfolio(
  db: Database,
  asOf: string,
  options: PortfolioReplayOptions & { withDue: true },
): AsyncGenerator<{ loanId: number; loanNumber: string; state: DueFiguresAsOf }>;
export function replayPortfolio(
  db: Database,
  asOf: string,
  options?: PortfolioReplayOptions & { withDue?: false },
): AsyncGenerator<{ loanId: number; loanNumber: string; state: LoanFiguresAsOf }>;
export async function* replayPortfolio(
  db: Database,
  asOf: string,
  options: PortfolioReplayOptions & { withDue?: boolean } = {},
): AsyncGenerator<{ loanId: number; loanNumber: string; state: LoanFiguresAsOf }> {
  const batchSize = options.batchSize ?? 250;
  const fold = options.withDue ? replayDueFiguresAsOf : replayFiguresAsOf;
  const range = options.loanIds;
  const start = async (afterId: number) => {
    const batch = await db
      .select({ id: loans.id, loanNumber: loans.loanNumber })
      .from(loans)
      .where(and(gt(loans.id, afterId), range ? lte(loans.id, range.to) : undefined))
      .orderBy(asc(loans.id))
      .limit(batchSize);
    const states: Promise<Map<number, LoanFiguresAsOf>> =
      batch.length === 0
        ? Promise.resolve(new Map())
        : fold(
            db,
            batch.map((l) => l.id),
            asOf,
            { knownAt: options.knownAt },
          );
    // Awaited below; marked handled so a failure while the previous batch is folded is not "unhandled".
    states.catch(() => {});
    return { batch, states };
  };
  // Batches in flight: the database reads the next ones while this process folds the
  // current one (on a server each has a connection of the pool; PGlite runs them in
  // turn). A tail is a random read per event, so reads in parallel keep the disk busier.
  const lanes = Math.max(1, options.inFlight ?? 4);
  const pending: Awaited<ReturnType<typeof start>>[] = [];
  let after: number | null = range ? range.from - 1 : 0;
  const refill = async () => {
    while (after !== null && pending.length < lanes) {
      const started = await start(after);
      const last = started.batch.at(-1);
      if (!last) after = null;
      else {
        pending.push(started);
        after = last.id;
      }
    }
  };
  await refill();
  for (let current = pending.shift(); current; current = pending.shift()) {
    const states = await current.states;
    await refill();
    for (const loan of current.batch) {
      const state = states.get(loan.id);
      if (state) yield { loanId: loan.id, loanNumber: loan.loanNumber, state };
    }
  }
}
