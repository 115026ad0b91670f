/**
 * The event timeline: each event with its summary and flags, filtered, with
 * runs of daily interest accruals collapsible into one row per month.
 *
 * The loan page reads the timeline a page at a time (db/event-store/timeline.ts
 * sums the accrual runs in SQL): pages are lists of `TimelineEntry`, joined
 * with `joinEntries` as the reader scrolls and turned into table rows with
 * `rowsFromEntries`. `toTimelineEvents` and `buildTimelineRows` do the same
 * over a whole history in memory (the reference the paged reads are tested
 * against).
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

/** What describing an event needs beyond itself. */
export interface DescribeContext {
  /** The latest effective date among the events recorded before it (null: none). */
  priorMaxEffective: string | null;
  /** For a reversal: the reversed payment's amount, when known. */
  reversedAmount?: string | null;
}

/** One event, described for the timeline. */
export function describeEvent(event: LoanEvent, context: DescribeContext): TimelineEvent {
  const flagged = (event.eventData as { backdated?: unknown }).backdated === true;
  const prior = context.priorMaxEffective;
  const amounts =
    event.eventType === "reversal" && context.reversedAmount
      ? new Map([[event.eventData.reversedSequence, context.reversedAmount]])
      : undefined;
  return {
    sequenceNumber: event.sequenceNumber,
    eventType: event.eventType,
    effectiveDate: event.effectiveDate,
    recordedAt: event.recordedAt ?? null,
    recordedBy: event.recordedBy ?? null,
    amount: eventAmount(event, amounts),
    summary: summarizeEvent(event),
    backdated: flagged || (prior !== null && event.effectiveDate < prior),
  };
}

/** Events in sequence order, described. */
export function toTimelineEvents(events: readonly LoanEvent[]): TimelineEvent[] {
  const payments = new Map<number, string>();
  let latestEffective: string | null = null;
  return events.map((event) => {
    if (event.eventType === "payment") payments.set(event.sequenceNumber, event.eventData.amount);
    const described = describeEvent(event, {
      priorMaxEffective: latestEffective,
      reversedAmount:
        event.eventType === "reversal"
          ? (payments.get(event.eventData.reversedSequence) ?? null)
          : null,
    });
    if (latestEffective === null || event.effectiveDate > latestEffective) {
      latestEffective = event.effectiveDate;
    }
    return described;
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

/** A run of daily accruals in one month, summed. */
export interface AccrualSummary {
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
}

export interface AccrualGroup extends AccrualSummary {
  events: TimelineEvent[];
}

export type TimelineRow =
  | { kind: "event"; key: string; event: TimelineEvent; grouped: boolean }
  | {
      kind: "accruals";
      key: string;
      group: AccrualSummary;
      expanded: boolean;
      /** Its events are being fetched. */
      loading?: boolean;
    };

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

// ---------------------------------------------------------------------------
// Pages of entries

/** What a timeline page holds: events, and accrual runs summed (their events fetched on demand). */
export type TimelineEntry =
  | { kind: "event"; event: TimelineEvent }
  | { kind: "accruals"; group: AccrualSummary };

export function accrualSummary(run: {
  firstSequence: number;
  lastSequence: number;
  count: number;
  total: string;
  fromDate: string;
  toDate: string;
}): AccrualSummary {
  return {
    key: `accruals-${run.firstSequence}`,
    month: run.fromDate.slice(0, 7),
    count: run.count,
    days: run.count,
    total: moneyString(toMoney(run.total)),
    fromDate: run.fromDate,
    toDate: run.toDate,
    firstSequence: run.firstSequence,
    lastSequence: run.lastSequence,
  };
}

function mergeRuns(a: AccrualSummary, b: AccrualSummary): AccrualSummary {
  return {
    ...a,
    count: a.count + b.count,
    days: a.days + b.days,
    total: moneyString(toMoney(a.total).plus(toMoney(b.total))),
    // ISO dates compare as strings (Math.min would not).
    fromDate: [a.fromDate, b.fromDate].sort()[0] as string,
    toDate: [a.toDate, b.toDate].sort()[1] as string,
    lastSequence: b.lastSequence,
  };
}

/**
 * Two adjacent pages as one list (`earlier` ends where `later` begins): a run
 * of accruals cut by the page boundary, the same month on both sides, is one
 * entry again.
 */
export function joinEntries(
  earlier: readonly TimelineEntry[],
  later: readonly TimelineEntry[],
): TimelineEntry[] {
  const last = earlier.at(-1);
  const first = later[0];
  if (
    last?.kind === "accruals" &&
    first?.kind === "accruals" &&
    last.group.month === first.group.month &&
    first.group.firstSequence > last.group.lastSequence
  ) {
    return [
      ...earlier.slice(0, -1),
      { kind: "accruals", group: mergeRuns(last.group, first.group) },
      ...later.slice(1),
    ];
  }
  return [...earlier, ...later];
}

/** The sequence numbers an entry stands for. */
export function entrySpan(entry: TimelineEntry): { first: number; last: number } {
  return entry.kind === "event"
    ? { first: entry.event.sequenceNumber, last: entry.event.sequenceNumber }
    : { first: entry.group.firstSequence, last: entry.group.lastSequence };
}

/** Expanded accrual runs: their events once fetched (null while being fetched). */
export type Expansions = ReadonlyMap<string, readonly TimelineEvent[] | null>;

/** The table rows for some entries, expanded runs followed by their events. */
export function rowsFromEntries(
  entries: readonly TimelineEntry[],
  expanded: Expansions = new Map(),
): TimelineRow[] {
  const rows: TimelineRow[] = [];
  for (const entry of entries) {
    if (entry.kind === "event") {
      const e = entry.event;
      rows.push({ kind: "event", key: `e${e.sequenceNumber}`, event: e, grouped: false });
      continue;
    }
    const key = entry.group.key;
    const events = expanded.get(key);
    const open = events !== undefined && events !== null;
    rows.push({
      kind: "accruals",
      key,
      group: entry.group,
      expanded: open,
      ...(expanded.has(key) && events === null ? { loading: true } : {}),
    });
    if (open) {
      for (const e of events) {
        rows.push({ kind: "event", key: `e${e.sequenceNumber}`, event: e, grouped: true });
      }
    }
  }
  return rows;
}

/** Entries of in-memory rows (collapsed): what the paged reads return for the same filter. */
export function entriesOfRows(rows: readonly TimelineRow[]): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const row of rows) {
    if (row.kind === "accruals") {
      const { events: _events, ...group } = row.group as AccrualGroup;
      out.push({ kind: "accruals", group });
    } else if (!row.grouped) {
      out.push({ kind: "event", event: row.event });
    }
  }
  return out;
}

/** A request for a page of a loan's timeline (one position at most). */
export interface TimelineRequest {
  types?: EventType[];
  from?: string | null;
  to?: string | null;
  groupAccruals?: boolean;
  /** The entries after this sequence number (default 0: from the start) ... */
  after?: number;
  /** ... or just before this one ... */
  before?: number;
  /** ... or a window starting at this event ... */
  around?: number;
  /** ... or at the first event effective on or after this date. */
  aroundDate?: string;
  /** Only events up to this sequence number. */
  through?: number;
  limit?: number;
  /** Also count the matching events. */
  count?: boolean;
}

/** A page (or jump window) of a loan's timeline. */
export interface TimelinePage {
  /** Contiguous entries in sequence order. */
  entries: TimelineEntry[];
  hasBefore: boolean;
  hasAfter: boolean;
  /** For a jump: the event jumped to (null: nothing matched; the page shows the end). */
  anchor: number | null;
  /** Events matching the filter, when asked for. */
  matching: number | null;
}

/** The index of the row showing event `sequence` (or the first after it), -1 if none. */
export function rowIndexOf(rows: readonly TimelineRow[], sequence: number): number {
  return rows.findIndex((r) =>
    r.kind === "event"
      ? r.event.sequenceNumber >= sequence
      : r.group.lastSequence >= sequence && !r.expanded,
  );
}
