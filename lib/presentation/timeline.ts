/**
 * The event timeline: each event with its summary and flags, filtered, with
 * runs of daily interest accruals collapsible into one row per month.
 */
import type { EventType } from "../events/event-types";
import type { LoanEvent } from "../events/types";
import { moneyString, toMoney, ZERO } from "../money";
import { eventAmount, summarizeEvent } from "./event-summary";

export interface TimelineEvent {
  sequenceNumber: number;
  eventType: EventType;
  effectiveDate: string;
  recordedAt: string | null;
  recordedBy: string | null;
  /** The main amount (decimal string), or null. */
  amount: string | null;
  summary: string;
  /** Recorded after an event with a later effective date, or posted late (payload flag). */
  backdated: boolean;
}

/** Events in sequence order, described. */
export function toTimelineEvents(events: readonly LoanEvent[]): TimelineEvent[] {
  const payments = new Map<number, string>();
  let latestEffective = "";
  return events.map((event) => {
    if (event.eventType === "payment") payments.set(event.sequenceNumber, event.eventData.amount);
    const flagged = (event.eventData as { backdated?: unknown }).backdated === true;
    const backdated = flagged || event.effectiveDate < latestEffective;
    if (event.effectiveDate > latestEffective) latestEffective = event.effectiveDate;
    return {
      sequenceNumber: event.sequenceNumber,
      eventType: event.eventType,
      effectiveDate: event.effectiveDate,
      recordedAt: event.recordedAt ?? null,
      recordedBy: event.recordedBy ?? null,
      amount: eventAmount(event, payments),
      summary: summarizeEvent(event),
      backdated,
    };
  });
}

export interface TimelineFilter {
  /** Only these types; empty means all. */
  types: readonly EventType[];
  /** Effective date range, inclusive; empty means open. */
  from: string;
  to: string;
}

export const NO_FILTER: TimelineFilter = { types: [], from: "", to: "" };

export interface AccrualGroup {
  key: string;
  /** "2025-03" */
  month: string;
  count: number;
  days: number;
  total: string;
  fromDate: string;
  toDate: string;
  firstSequence: number;
  lastSequence: number;
  events: TimelineEvent[];
}

export type TimelineRow =
  | { kind: "event"; key: string; event: TimelineEvent; grouped: boolean }
  | { kind: "accruals"; key: string; group: AccrualGroup; expanded: boolean };

export function matchesFilter(event: TimelineEvent, filter: TimelineFilter): boolean {
  if (filter.types.length > 0 && !filter.types.includes(event.eventType)) return false;
  if (filter.from && event.effectiveDate < filter.from) return false;
  if (filter.to && event.effectiveDate > filter.to) return false;
  return true;
}

function toGroup(run: TimelineEvent[]): AccrualGroup {
  const first = run[0] as TimelineEvent;
  const last = run.at(-1) as TimelineEvent;
  let total = ZERO;
  let fromDate = first.effectiveDate;
  let toDate = first.effectiveDate;
  for (const e of run) {
    total = total.plus(toMoney(e.amount ?? "0"));
    if (e.effectiveDate < fromDate) fromDate = e.effectiveDate;
    if (e.effectiveDate > toDate) toDate = e.effectiveDate;
  }
  return {
    key: `accruals-${first.sequenceNumber}`,
    month: first.effectiveDate.slice(0, 7),
    count: run.length,
    days: run.length,
    total: moneyString(total),
    fromDate,
    toDate,
    firstSequence: first.sequenceNumber,
    lastSequence: last.sequenceNumber,
    events: run,
  };
}

/**
 * The rows to show: filtered events in sequence order; with `groupAccruals`,
 * each run of consecutive accruals in one month becomes one row (expanded ones
 * are followed by their events).
 */
export function buildTimelineRows(
  events: readonly TimelineEvent[],
  filter: TimelineFilter,
  groupAccruals: boolean,
  expanded: ReadonlySet<string> = new Set(),
): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let run: TimelineEvent[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const group = toGroup(run);
    const open = expanded.has(group.key);
    rows.push({ kind: "accruals", key: group.key, group, expanded: open });
    if (open) {
      for (const e of run)
        rows.push({ kind: "event", key: `e${e.sequenceNumber}`, event: e, grouped: true });
    }
    run = [];
  };
  for (const event of events) {
    if (!matchesFilter(event, filter)) continue;
    if (groupAccruals && event.eventType === "interest_accrual") {
      const month = event.effectiveDate.slice(0, 7);
      if (run.length > 0 && run[0]?.effectiveDate.slice(0, 7) !== month) flush();
      run.push(event);
      continue;
    }
    flush();
    rows.push({ kind: "event", key: `e${event.sequenceNumber}`, event, grouped: false });
  }
  flush();
  return rows;
}
