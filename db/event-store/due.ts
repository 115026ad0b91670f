/**
 * The event store's reads for what the borrower owes (lib/due): amounts due,
 * delinquency and payoff quotes need the loan's state as of a date and its
 * schedule events, never the whole history.
 *
 *  - readScheduleEvents: the few events that shape the installment schedule
 *    (origination, modifications, deferments, forbearance start and end).
 *    Work: the loan's (loan_id, sequence_number) index range with a filter on
 *    the type (like the page's counts per type), returning only those rows.
 *  - loadStateAsOf: the engine state as of a date and as known at an instant,
 *    from the latest snapshot usable for both plus the events after it that
 *    are in view (the page's snapshot path), with that snapshot and tail as
 *    the base a payoff quote may need. Work: one snapshot row and the events
 *    since its month end (at most about a quarter's, by the retention rule);
 *    a loan that has not crossed a month end yet has its short stream read.
 *  - readSnapshotCores: the figures amountsDue reads (status, balances,
 *    terms) and the interest accrued to date of some month-end snapshots,
 *    extracted in SQL without their payment logs: with the loan's payment log as of a later date they give
 *    the amounts due on those month ends exactly (see lib/presentation/due-series.ts).
 */
import { and, desc, eq, lte, sql } from "drizzle-orm";
import { eventsInView, SCHEDULE_EVENT_TYPES, type ScheduleEvent } from "../../lib/due";
import { foldEvents } from "../../lib/replay/replay";
import { deserializeState, type SerializedState, SNAPSHOT_FORMAT } from "../../lib/replay/snapshot";
import {
  type EngineState,
  initialEngineState,
  type LoanStatus,
  type LoanTerms,
} from "../../lib/replay/state";
import type { BaseState } from "../../lib/servicing/write-model";
import { loanEvents, loanSnapshots } from "../schema";
import { readStream } from "./read";
import { type Reader, resultRows, rowToEvent } from "./rows";
import { snapshotHolds, validFor } from "./snapshots";

/** Before every effective date: the base of a replay from event #1. */
const BEGINNING = "0000-01-01";

/**
 * One loan's schedule events (SCHEDULE_EVENT_TYPES), parsed, in sequence
 * order; with `asOf`, only those effective on or before it.
 */
export async function readScheduleEvents(
  db: Reader,
  loanId: number,
  options: { asOf?: string } = {},
): Promise<ScheduleEvent[]> {
  const rows = await db
    .select()
    .from(loanEvents)
    .where(
      and(
        eq(loanEvents.loanId, loanId),
        sql`${loanEvents.eventType} = any(${`{${SCHEDULE_EVENT_TYPES.join(",")}}`}::event_type[])`,
        options.asOf ? lte(loanEvents.effectiveDate, options.asOf) : undefined,
      ),
    )
    .orderBy(loanEvents.sequenceNumber);
  return rows.map(rowToEvent) as ScheduleEvent[];
}

export interface StateAsOf {
  /** The fold of the events in view as of `asOf` (as known at `knownAt`). */
  state: EngineState;
  /** The snapshot it started from (or the empty state) and the events in view after it. */
  base: BaseState;
}

/**
 * The loan's engine state as of `asOf`, as known at `knownAt` (null: as
 * known now), from the latest snapshot on or before `before` (default:
 * `asOf`) usable for that knowledge, plus the events in view after it.
 * Replay's choice of events (lib/due eventsInView): effective on or before
 * `asOf`, recorded at or before `knownAt`, in sequence order.
 */
export async function loadStateAsOf(
  db: Reader,
  loanId: number,
  options: { asOf: string; knownAt?: string | null; before?: string },
): Promise<StateAsOf> {
  const knownAt = options.knownAt ?? null;
  const before =
    options.before !== undefined && options.before < options.asOf ? options.before : options.asOf;
  const [found] = await db
    .select({
      asOfDate: loanSnapshots.asOfDate,
      state: loanSnapshots.state,
      throughSequence: loanSnapshots.throughSequence,
      maxRecordedAt: loanSnapshots.maxRecordedAt,
      lastHash: loanSnapshots.lastHash,
      seal: loanSnapshots.seal,
    })
    .from(loanSnapshots)
    .where(
      and(
        eq(loanSnapshots.loanId, loanId),
        lte(loanSnapshots.asOfDate, before),
        validFor(knownAt),
        sql`${loanSnapshots.state}->>'format' = ${String(SNAPSHOT_FORMAT)}`,
      ),
    )
    .orderBy(desc(loanSnapshots.asOfDate), desc(loanSnapshots.id))
    .limit(1);
  // A snapshot whose seal does not hold is not a base: replay from event #1.
  const snap = found && snapshotHolds(loanId, found) ? found : undefined;
  const start = snap ? deserializeState(snap.state as SerializedState) : initialEngineState();
  const asOfDate = snap ? snap.asOfDate : BEGINNING;
  const events = await readStream(
    db,
    loanId,
    snap ? { effectiveAfter: snap.asOfDate, asOf: options.asOf } : { asOf: options.asOf },
  );
  const tail = eventsInView(events, { asOf: options.asOf, knownAt });
  return { state: foldEvents(tail, start), base: { state: start, asOfDate, tail } };
}

/** What amountsDue reads of a state, at a month end, less the payment log. */
export interface SnapshotCore {
  asOfDate: string;
  /** The snapshot folds exactly the events numbered up to this one. */
  throughSequence: number;
  status: LoanStatus;
  principal: string;
  interest: string;
  fees: string;
  terms: LoanTerms | null;
  /** Interest accrued since origination through the snapshot's date (totals.interestAccrued). */
  interestAccrued: string;
}

interface CoreRow {
  as_of_date: string;
  through_sequence: number | string;
  status: LoanStatus;
  principal: string;
  interest: string;
  fees: string;
  terms: LoanTerms | string | null;
  interest_accrued: string;
}

/**
 * The cores of the loan's snapshots on the given month ends usable as known
 * at `knownAt` (null: now), oldest first; a date without one is left out.
 * Work: at most `dates.length` snapshot rows (the index on loan and date),
 * eight fields extracted in SQL, no payment log returned.
 */
export async function readSnapshotCores(
  db: Reader,
  loanId: number,
  dates: readonly string[],
  knownAt: string | null = null,
): Promise<SnapshotCore[]> {
  const wanted = dates.filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
  if (wanted.length === 0) return [];
  const st = sql`${loanSnapshots.state}->'state'`;
  const result = await db.execute(sql`
    select distinct on (${loanSnapshots.asOfDate}) ${loanSnapshots.asOfDate}::text as as_of_date,
      ${loanSnapshots.throughSequence} as through_sequence, ${st}->>'status' as status,
      ${st}->>'principal' as principal, ${st}->>'interest' as interest, ${st}->>'fees' as fees,
      ${st}->'terms' as terms, ${st}->'totals'->>'interestAccrued' as interest_accrued,
      ${loanSnapshots.maxRecordedAt}::text as max_recorded_at, ${loanSnapshots.lastHash} as last_hash,
      ${loanSnapshots.seal} as seal,
      -- Without its payment log (the bulk): what the seal's first part covers.
      jsonb_set(${loanSnapshots.state}, '{state,payments}', '[]'::jsonb) as core
    from ${loanSnapshots}
    where ${loanSnapshots.loanId} = ${loanId}
      and ${loanSnapshots.asOfDate} = any(${`{${wanted.join(",")}}`}::date[])
      and ${loanSnapshots.state}->>'format' = ${String(SNAPSHOT_FORMAT)}
      and ${validFor(knownAt)}
    order by ${loanSnapshots.asOfDate}, ${loanSnapshots.id} desc`);
  const sealed = resultRows<
    CoreRow & {
      max_recorded_at: string | null;
      last_hash: string | null;
      seal: string | null;
      core: unknown;
    }
  >(result).filter((r) =>
    // An edited (or unsealed) snapshot is left out: the caller computes that date itself.
    snapshotHolds(
      loanId,
      {
        asOfDate: r.as_of_date,
        throughSequence: Number(r.through_sequence),
        maxRecordedAt: r.max_recorded_at,
        lastHash: r.last_hash,
        seal: r.seal,
        state: typeof r.core === "string" ? JSON.parse(r.core) : r.core,
      },
      { withPayments: false },
    ),
  );
  return sealed.map((r) => ({
    asOfDate: r.as_of_date,
    throughSequence: Number(r.through_sequence),
    status: r.status,
    principal: r.principal,
    interest: r.interest,
    fees: r.fees,
    terms: typeof r.terms === "string" ? (JSON.parse(r.terms) as LoanTerms | null) : r.terms,
    interestAccrued: r.interest_accrued,
  }));
}
