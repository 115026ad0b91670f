/**
 * Days past due over time, at a bounded number of dates, without replaying
 * the history between them.
 *
 * A month-end snapshot at date d folds exactly the events numbered up to its
 * throughSequence, and every one of them is effective on or before d (it is
 * only taken, and stays valid, when the events effective by d are a prefix of
 * the history). The engine's payment log is kept in sequence order and only
 * ever appended to, so the log as of d is the first entries of any later
 * state's log, those numbered up to throughSequence; a payment was reversed as
 * of d when its (first) reversal is numbered up to throughSequence too. A
 * payment's kind and allocation are fixed when it is folded. So the snapshot's
 * status, balances and terms (read in SQL without its payment log) and the
 * loan's current payment log give amountsDue exactly what replay as of d would
 * (tests/presentation/due-series.test.ts checks this against dueFromEvents).
 */
import type { DelinquencyBucket, DueState, DueView } from "../due";
import type { LoanStatus, LoanTerms, PaymentView } from "../replay/state";

/** What a month-end snapshot holds besides its payment log (db/event-store/due.ts readSnapshotCores). */
export interface StateCore {
  asOfDate: string;
  throughSequence: number;
  status: LoanStatus;
  principal: string;
  interest: string;
  fees: string;
  terms: LoanTerms | null;
}

/**
 * The state amountsDue reads as of the core's date, from the core and a
 * payment log as of any later date (in sequence order, as the engine keeps it).
 */
export function dueStateFromCore(core: StateCore, laterPayments: readonly PaymentView[]): DueState {
  const through = core.throughSequence;
  const payments: PaymentView[] = [];
  for (const p of laterPayments) {
    if (p.sequenceNumber > through) continue;
    payments.push(
      p.reversedBy !== null && p.reversedBy > through
        ? { ...p, reversed: false, reversedBy: null }
        : p,
    );
  }
  return {
    status: core.status,
    principal: core.principal,
    interest: core.interest,
    fees: core.fees,
    terms: core.terms,
    payments,
  };
}

export interface DelinquencyPoint {
  date: string;
  daysPastDue: number;
  bucket: DelinquencyBucket;
  amountPastDue: string;
  /** Where the point comes from: a month-end snapshot, the page's as-of date, or today. */
  source: "month-end" | "as-of" | "today";
}

export interface DelinquencySeries {
  points: DelinquencyPoint[];
  /** The days past due of the snapshot dates are as known now (like the balance chart). */
  knownAt: null;
}

/** One point per date (a later source wins on the same date), oldest first. */
export function delinquencyPoints(
  views: readonly { view: DueView; source: DelinquencyPoint["source"] }[],
): DelinquencyPoint[] {
  const byDate = new Map<string, DelinquencyPoint>();
  for (const { view, source } of views) {
    byDate.set(view.asOf, {
      date: view.asOf,
      daysPastDue: view.daysPastDue,
      bucket: view.bucket,
      amountPastDue: view.amountPastDue,
      source,
    });
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** The most days past due among the points (0 with none). */
export function worstDaysPastDue(points: readonly DelinquencyPoint[]): number {
  let worst = 0;
  for (const p of points) if (p.daysPastDue > worst) worst = p.daysPastDue;
  return worst;
}
