/**
 * Everything the loan page renders, read without the loan's history:
 *
 *  - the loan's current state from its live projection (the aggregate,
 *    checked against the chain head): the last sequence number, the payments
 *    a servicer may reverse, the chart's last point;
 *  - the balances as of the URL's date: from the projection when the date is
 *    on or after the loan's latest effective date (replay as of such a date
 *    folds every event, which is what the projection holds), otherwise, and
 *    for "as known at", the snapshot path (read.ts);
 *  - the first page of the timeline (around the selected event, if any) and
 *    the counts per type;
 *  - a balance series of at most FIGURES.max + 1 points: the figures
 *    of the month-end snapshots (three fields extracted in SQL from at most
 *    FIGURES.max rows and about FIGURES.maxBytes of stored state, the last
 *    three month ends and the older ones evenly spaced) and the current state, with markers from a bounded read
 *    of the events worth marking (payments excepted), read only when the
 *    counts, read with the figures in one statement, show there are any. Only a loan with no valid snapshot (one that has not
 *    crossed a month end yet: its history is short) has its stream folded,
 *    for a point per day; its as-of replay reads the same stream.
 *  - what the borrower owes (./due.ts): the schedule events (from the
 *    projection's due basis), the amounts due and payoff quote from the
 *    projection (or, for a past date or "as known at", the snapshot path
 *    again: one snapshot row and its tail), the interest period's two ends,
 *    and days past due at the chart's snapshot dates from their cores (no
 *    payment logs read).
 *
 * Statements for the usual page: the loan, its projection, the timeline page,
 * and the counts with the snapshot figures (plus the marked events when there
 * are any, and, for a date before the latest event or "as known at", the
 * snapshot path's replay).
 */
import type { Database } from "@/db/client";
import { readStream } from "@/db/event-store";
import { loadProjections } from "@/db/event-store/projection";
import { FIGURES, readOverview, type SnapshotFigures } from "@/db/event-store/timeline";
import type { EventType } from "@/lib/events/event-types";
import type { LoanEvent } from "@/lib/events/types";
import { type AsOfView, asOfViewFromState } from "@/lib/presentation/as-of-view";
import {
  type BalanceSeries,
  balanceSeries,
  MAX_SERIES_MARKERS,
  seriesFromSnapshots,
} from "@/lib/presentation/balance-series";
import type { EventDetail } from "@/lib/presentation/event-detail";
import { hasTimelineFilter, type TimelineView } from "@/lib/presentation/share-link";
import {
  type EngineState,
  initialEngineState,
  paymentViews,
  toLoanState,
} from "@/lib/replay/state";
import { type ReversibleEvent, reversalFactsOf, reversibleEvents } from "./corrections";
import { type DuePageData, type DuePageOptions, duePageRequest, loadDuePage } from "./due";
import { findLoan, type LoanWithBorrower } from "./loan";
import { asOfViewOf, eventDetailOf } from "./read";
import { INITIAL_ROWS, type TimelineOverview, type TimelinePage, timelinePage } from "./timeline";

/** Marked on a month-end series (payments are every month: the line shows them). */
const MARKED_TYPES: EventType[] = [
  "fee_assessment",
  "fee_waiver",
  "reversal",
  "modification",
  "forbearance_start",
  "forbearance_end",
  "deferment",
  "charge_off",
];

interface ReversiblePayment {
  sequenceNumber: number;
  effectiveDate: string;
  amount: string;
}

export interface LoanPageData {
  loan: LoanWithBorrower;
  /** The last event's sequence number (the write forms' expected sequence). */
  lastSequence: number;
  view: AsOfView;
  detail: EventDetail | null;
  timeline: TimelineOverview & { page: TimelinePage };
  series: BalanceSeries;
  /** The latest payments not reversed (newest first), when asked for. */
  reversible: ReversiblePayment[];
  /** The fees, waivers and charge-off not reversed (newest first), when asked for. */
  reversibleEvents: ReversibleEvent[];
  /** Amounts due, the payoff quote, interest accrued in a period, days past due over time (./due.ts). */
  due: DuePageData;
}

export interface LoanPageRequest {
  loanNumber: string;
  asOf: string;
  knownAt: string | null;
  /** The event selected in the URL. */
  selected: number | null;
  /** The timeline's filters from the URL (default: every event, accruals grouped by month). */
  timeline?: TimelineView;
  /** Include the payments a servicer may reverse. */
  reversible?: boolean;
  /** The payoff date, the interest period and the business date the due figures are for (defaults: ./due.ts). */
  due?: Partial<DuePageOptions>;
}

/** The balance chart's series, from what the page read (see the module comment for the cost). */
async function loanSeries(
  db: Database,
  loanId: number,
  current: EngineState,
  monthEnds: readonly SnapshotFigures[],
  marked: readonly LoanEvent[],
): Promise<BalanceSeries> {
  if (monthEnds.length === 0 && current.eventsApplied > 0) {
    // No month end crossed yet (or none still valid): the stream is what the as-of replay reads too.
    return balanceSeries(await readStream(db, loanId));
  }
  const last = current.facts.lastEffectiveDate;
  return seriesFromSnapshots(monthEnds, last ? { date: last, state: current } : null, marked);
}

/** The first timeline page's filter part: the URL's filters, counted when there are any. */
function timelineFilterRequest(view: TimelineView | undefined) {
  if (!view) return { groupAccruals: true };
  const { filter, groupAccruals } = view;
  return {
    groupAccruals,
    ...(hasTimelineFilter(filter)
      ? { types: [...filter.types], from: filter.from || null, to: filter.to || null, count: true }
      : {}),
  };
}

export async function loadLoanPage(
  db: Database,
  request: LoanPageRequest,
): Promise<LoanPageData | null> {
  const loan = await findLoan(db, request.loanNumber);
  if (!loan) return null;
  const { asOf, knownAt, selected } = request;
  // Everything but the balances depends only on the loan: read it all at once.
  const projected = loadProjections(db, [loan.id]).then((p) => p.get(loan.id));
  const reversals = reversalFactsOf(projected);
  const reads = Promise.all([
    selected === null
      ? Promise.resolve(null)
      : eventDetailOf(db, loan.id, selected, asOf, knownAt, reversals),
    timelinePage(
      db,
      loan.id,
      {
        ...timelineFilterRequest(request.timeline),
        limit: INITIAL_ROWS,
        ...(selected === null ? {} : { around: selected }),
      },
      reversals,
    ),
    readOverview(db, loan.id, MARKED_TYPES, MAX_SERIES_MARKERS, FIGURES),
  ]);
  const projection = await projected;
  const current = projection?.state ?? initialEngineState();
  const last = current.facts.lastEffectiveDate;
  // Replay as of a date on or after the latest effective date folds every event: the projection.
  const currentState =
    knownAt === null && (last === null || asOf >= last) ? toLoanState(current, asOf, null) : null;
  const view = currentState
    ? asOfViewFromState(currentState, last)
    : await asOfViewOf(db, loan.id, asOf, knownAt);
  const due = loadDuePage(db, loan, duePageRequest(asOf, knownAt, request.due), {
    current,
    schedule: projection?.due.schedule,
    chartDates: reads.then(([, , o]) => o.figures.map((f) => f.asOfDate)),
  });
  const [detail, page, overview] = await reads;
  const series = await loanSeries(db, loan.id, current, overview.figures, overview.marked);
  const total = Object.values(overview.counts).reduce((n, c) => n + (c ?? 0), 0);
  const reversible = !request.reversible
    ? []
    : (currentState?.payments ?? paymentViews(current))
        .filter((pay) => !pay.reversed)
        .slice(-24)
        .reverse()
        .map(({ sequenceNumber, effectiveDate, amount }) => ({
          sequenceNumber,
          effectiveDate,
          amount,
        }));
  return {
    loan,
    lastSequence: projection?.throughSequence ?? 0,
    view,
    detail,
    timeline: { counts: overview.counts, total, page },
    series,
    reversible,
    reversibleEvents: request.reversible ? reversibleEvents(current) : [],
    due: await due,
  };
}
