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
import {
  describeCause,
  type EventFacts,
  factsFor,
  type RestatementCounts,
  type RestatementTag,
  type ReversalFacts,
  reappliesOf,
  replacesOf,
  restatementOf,
  restatementTitle,
  reversalFactsOfHistory,
} from "./corrections";
import { eventAmount, summarizeEventWith } from "./event-summary";

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
  /** The correction this event is part of (DOMAIN.md "Corrections"). */
  restatement?: RestatementTag;
  /** A re-applied payment: the payment it replaces. */
  reapplies?: number;
  /** A restated charge-off: the charge-off it replaces. */
  replaces?: number;
  /** The reversal that undid this event (as known now). */
  reversedBy?: number;
}

/** What describing an event needs beyond itself (and what later events did to it). */
export interface DescribeContext extends EventFacts {
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
  const facts: EventFacts = { reversedBy: context.reversedBy, reversedType: context.reversedType };
  const described: TimelineEvent = {
    sequenceNumber: event.sequenceNumber,
    eventType: event.eventType,
    effectiveDate: event.effectiveDate,
    recordedAt: event.recordedAt ?? null,
    recordedBy: event.recordedBy ?? null,
    amount: eventAmount(event, amounts),
    summary: summarizeEventWith(event, facts),
    backdated: flagged || (prior !== null && event.effectiveDate < prior),
  };
  const restatement = restatementOf(event.eventData);
  if (restatement) described.restatement = restatement;
  const reapplies = event.eventType === "payment" ? reappliesOf(event.eventData) : null;
  if (reapplies !== null) described.reapplies = reapplies;
  const replaces = event.eventType === "charge_off" ? replacesOf(event.eventData) : null;
  if (replaces !== null) described.replaces = replaces;
  if (context.reversedBy) described.reversedBy = context.reversedBy;
  return described;
}

/**
 * Events in sequence order, described. What later events did to them (a
 * reversal) comes from the same history unless `facts` is given.
 */
export function toTimelineEvents(
  events: readonly LoanEvent[],
  facts: ReversalFacts = reversalFactsOfHistory(events),
): TimelineEvent[] {
  const payments = new Map<number, string>();
  let latestEffective: string | null = null;
  return events.map((event) => {
    if (event.eventType === "payment") payments.set(event.sequenceNumber, event.eventData.amount);
    const described = describeEvent(event, {
      ...factsFor(event, facts),
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
  /** Every accrual of the run belongs to this correction (its adjustments). */
  restatement?: RestatementTag;
}

interface AccrualGroup extends AccrualSummary {
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
      /** Shown inside an open restatement group. */
      nested?: boolean;
    }
  | { kind: "restatement"; key: string; group: RestatementGroup; expanded: boolean };

function matchesFilter(event: TimelineEvent, filter: TimelineFilter): boolean {
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
    ...(first.restatement ? { restatement: first.restatement } : {}),
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
 * are followed by their events). A run ends where a correction's accrual
 * adjustments begin (they are summed on their own, tagged with it).
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
      const head = run[0];
      if (
        head &&
        (head.effectiveDate.slice(0, 7) !== month || head.restatement?.id !== event.restatement?.id)
      ) {
        flush();
      }
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

export function accrualSummary(
  run: {
    firstSequence: number;
    lastSequence: number;
    count: number;
    total: string;
    fromDate: string;
    toDate: string;
  },
  restatement?: RestatementTag | null,
): AccrualSummary {
  return {
    ...(restatement ? { restatement } : {}),
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
    first.group.firstSequence > last.group.lastSequence &&
    last.group.restatement?.id === first.group.restatement?.id
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

/**
 * The table rows for some entries, expanded runs followed by their events.
 * The entries of one correction (its restatement) are one group row,
 * followed by their rows when its key is in `openGroups`.
 */
export function rowsFromEntries(
  entries: readonly TimelineEntry[],
  expanded: Expansions = new Map(),
  openGroups: ReadonlySet<string> = new Set(),
): TimelineRow[] {
  const rows: TimelineRow[] = [];
  const pushEntry = (entry: TimelineEntry, nested: boolean) => {
    if (entry.kind === "event") {
      const e = entry.event;
      rows.push({ kind: "event", key: `e${e.sequenceNumber}`, event: e, grouped: nested });
      return;
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
      ...(nested ? { nested: true } : {}),
    });
    if (open) {
      for (const e of events) {
        rows.push({ kind: "event", key: `e${e.sequenceNumber}`, event: e, grouped: true });
      }
    }
  };
  for (const part of groupRestatements(entries)) {
    if (part.kind === "entry") {
      pushEntry(part.entry, false);
      continue;
    }
    const open = openGroups.has(part.group.key);
    rows.push({ kind: "restatement", key: part.group.key, group: part.group, expanded: open });
    if (open) for (const entry of part.group.entries) pushEntry(entry, true);
  }
  return rows;
}

// ---------------------------------------------------------------------------
// Corrections: one group per restatement

/** The events of one correction (its restatement), shown as one row. */
export interface RestatementGroup extends RestatementCounts {
  key: string;
  id: string;
  cause: number;
  /** "payment #1130 received 2026-01-15" ("event #1130" while the cause is not loaded). */
  causeLabel: string;
  /** "Restated by payment #1130 received 2026-01-15: 2 payments re-applied, 54 accrual adjustments". */
  title: string;
  firstSequence: number;
  lastSequence: number;
  fromDate: string;
  toDate: string;
  /** One transaction: every event of it was recorded at the same instant, by the same person. */
  recordedAt: string | null;
  recordedBy: string | null;
  /** The correcting event's amount, when it is loaded and has one. */
  amount: string | null;
  /** How many events it holds (of those loaded). */
  eventCount: number;
  entries: TimelineEntry[];
}

function entryTag(entry: TimelineEntry): RestatementTag | null {
  return (entry.kind === "event" ? entry.event.restatement : entry.group.restatement) ?? null;
}

/**
 * The restatement each entry belongs to. An event says so in its payload; a
 * run of accruals summed on the server says so when the server knows
 * (`group.restatement`), and otherwise belongs to a restatement when it lies
 * between two entries of it (a correction's events are contiguous).
 */
export function entryRestatements(entries: readonly TimelineEntry[]): (RestatementTag | null)[] {
  const tags = entries.map(entryTag);
  for (let i = 0; i < entries.length; i++) {
    if (tags[i] !== null || entries[i]?.kind !== "accruals") continue;
    let j = i;
    while (j < entries.length && entries[j]?.kind === "accruals" && tags[j] === null) j++;
    const before = i > 0 ? tags[i - 1] : null;
    const after = j < entries.length ? tags[j] : null;
    if (before && after && before.id === after.id) {
      for (let k = i; k < j; k++) tags[k] = before;
    }
    i = j - 1;
  }
  return tags;
}

/** Entries with each correction's run of entries made one group, in order. */
export function groupRestatements(
  entries: readonly TimelineEntry[],
): ({ kind: "entry"; entry: TimelineEntry } | { kind: "restatement"; group: RestatementGroup })[] {
  const tags = entryRestatements(entries);
  const out: (
    | { kind: "entry"; entry: TimelineEntry }
    | { kind: "restatement"; group: RestatementGroup }
  )[] = [];
  for (let i = 0; i < entries.length; i++) {
    const tag = tags[i];
    const entry = entries[i] as TimelineEntry;
    if (!tag) {
      out.push({ kind: "entry", entry });
      continue;
    }
    let j = i;
    while (j < entries.length && tags[j]?.id === tag.id) j++;
    out.push({ kind: "restatement", group: restatementGroup(tag, entries.slice(i, j)) });
    i = j - 1;
  }
  return out;
}

/** One restatement's group, from its entries (in sequence order). */
function restatementGroup(
  tag: RestatementTag,
  entries: readonly TimelineEntry[],
): RestatementGroup {
  let reappliedPayments = 0;
  let accrualAdjustments = 0;
  let chargeOffRestated = false;
  let eventCount = 0;
  let cause: TimelineEvent | null = null;
  let first: TimelineEvent | null = null;
  const dates: string[] = [];
  for (const entry of entries) {
    if (entry.kind === "accruals") {
      accrualAdjustments += entry.group.count;
      eventCount += entry.group.count;
      dates.push(entry.group.fromDate, entry.group.toDate);
      continue;
    }
    const e = entry.event;
    first ??= e;
    eventCount++;
    dates.push(e.effectiveDate);
    if (e.sequenceNumber === tag.cause) cause = e;
    if (e.eventType === "interest_accrual") accrualAdjustments++;
    if (e.reapplies !== undefined) reappliedPayments++;
    if (e.replaces !== undefined) chargeOffRestated = true;
  }
  dates.sort();
  const counts = { reappliedPayments, accrualAdjustments, chargeOffRestated };
  const causeLabel = cause ? describeCause(cause) : `event #${tag.cause}`;
  const head = entries[0] as TimelineEntry;
  const tail = entries.at(-1) as TimelineEntry;
  return {
    key: `restatement-${tag.id}`,
    id: tag.id,
    cause: tag.cause,
    causeLabel,
    title: restatementTitle(causeLabel, counts),
    ...counts,
    firstSequence: entrySpan(head).first,
    lastSequence: entrySpan(tail).last,
    fromDate: dates[0] ?? "",
    toDate: dates.at(-1) ?? "",
    recordedAt: first?.recordedAt ?? null,
    recordedBy: first?.recordedBy ?? null,
    amount: cause?.amount ?? null,
    eventCount,
    entries: [...entries],
  };
}

/** Entries of in-memory rows (collapsed): what the paged reads return for the same filter. */
export function entriesOfRows(rows: readonly TimelineRow[]): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const row of rows) {
    if (row.kind === "accruals") {
      const { events: _events, ...group } = row.group as AccrualGroup;
      out.push({ kind: "accruals", group });
    } else if (row.kind === "event" && !row.grouped) {
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
      : r.kind === "restatement"
        ? r.group.lastSequence >= sequence && (!r.expanded || r.group.firstSequence >= sequence)
        : r.group.lastSequence >= sequence && !r.expanded,
  );
}
