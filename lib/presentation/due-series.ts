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
  /**
   * Where the point comes from: a month-end snapshot, the page's as-of date,
   * today, or a date filled in on request between snapshots (a gap).
   */
  source: "month-end" | "as-of" | "today" | "filled";
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

/** Samples farther apart than this are a gap: retention keeps a snapshot at least every quarter. */
const GAP_DAYS = 100;

/** The most dates one request fills in (month ends and due dates). */
export const MAX_FILL_DATES = 60;

export interface SeriesGap {
  /** The last sample before the gap and the first after it. */
  from: string;
  to: string;
}

function daysApart(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/**
 * Where the samples are farther apart than `maxDays` (month-end snapshots a
 * later correction invalidated, or none kept), oldest first.
 */
export function seriesGaps(
  points: readonly Pick<DelinquencyPoint, "date">[],
  maxDays = GAP_DAYS,
): SeriesGap[] {
  const gaps: SeriesGap[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = (points[i - 1] as DelinquencyPoint).date;
    const b = (points[i] as DelinquencyPoint).date;
    if (daysApart(a, b) > maxDays) gaps.push({ from: a, to: b });
  }
  return gaps;
}

/**
 * The dates to fill a gap with: every month end and every given due date
 * strictly between its ends, ascending, without repeats, at most `max` (the
 * earliest kept).
 */
export function gapDates(
  gap: SeriesGap,
  dueDates: readonly string[],
  max = MAX_FILL_DATES,
): string[] {
  const out = new Set<string>();
  let { year, month } = { year: Number(gap.from.slice(0, 4)), month: Number(gap.from.slice(5, 7)) };
  for (let i = 0; i < 1200; i++) {
    const last = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
    if (last >= gap.to) break;
    if (last > gap.from) out.add(last);
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  for (const d of dueDates) if (d > gap.from && d < gap.to) out.add(d);
  return [...out].sort().slice(0, max);
}

/** The series with more points merged in (on a date it already has, its point is kept), oldest first. */
export function mergePoints(
  points: readonly DelinquencyPoint[],
  more: readonly DelinquencyPoint[],
): DelinquencyPoint[] {
  const byDate = new Map(points.map((p) => [p.date, p]));
  for (const p of more) if (!byDate.has(p.date)) byDate.set(p.date, p);
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
