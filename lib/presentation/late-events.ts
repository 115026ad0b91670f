/**
 * Events recorded after a report was filed, for the "Compare with now" list:
 * daily interest accruals are summed per month as on the loan page's timeline
 * (a catch-up run can record hundreds of them), every other event stays its
 * own line. Pure: no I/O.
 */
/** What the comparison knows of a late-recorded event (db/event-store LateRecordedEvent). */
export interface LateEventLine {
  sequenceNumber: number;
  eventType: string;
  effectiveDate: string;
  recordedAt: string;
  recordedBy: string;
}

/** A run of late-recorded interest accruals effective in one month. */
interface LateAccrualMonth {
  /** YYYY-MM of the accruals' effective dates. */
  month: string;
  count: number;
  firstSequence: number;
  lastSequence: number;
  fromDate: string;
  toDate: string;
  /** The earliest and latest recording instants (equal for one job run). */
  recordedFrom: string;
  recordedTo: string;
  /** Who recorded them, when it was one actor; null when several. */
  recordedBy: string | null;
}

export type LateEntry =
  | { kind: "event"; event: LateEventLine }
  | { kind: "accruals"; key: string; group: LateAccrualMonth };

const ACCRUAL = "interest_accrual";

/**
 * Consecutive interest accruals (in sequence order, nothing else recorded late
 * between them) effective in the same month become one entry; a lone accrual
 * stays an event line. The order of `events` is kept.
 */
export function groupLateEvents(events: readonly LateEventLine[]): LateEntry[] {
  const entries: LateEntry[] = [];
  let run: LateEventLine[] = [];
  const flush = () => {
    const [first] = run;
    if (first && run.length === 1) entries.push({ kind: "event", event: first });
    else if (first) entries.push(accrualEntry(run));
    run = [];
  };
  for (const event of events) {
    if (event.eventType !== ACCRUAL) {
      flush();
      entries.push({ kind: "event", event });
      continue;
    }
    const previous = run.at(-1);
    if (previous && previous.effectiveDate.slice(0, 7) !== event.effectiveDate.slice(0, 7)) flush();
    run.push(event);
  }
  flush();
  return entries;
}

function accrualEntry(run: readonly LateEventLine[]): LateEntry {
  const first = run[0] as LateEventLine;
  const last = run.at(-1) as LateEventLine;
  let fromDate = first.effectiveDate;
  let toDate = first.effectiveDate;
  let recordedFrom = first.recordedAt;
  let recordedTo = first.recordedAt;
  let recordedBy: string | null = first.recordedBy;
  for (const e of run) {
    if (e.effectiveDate < fromDate) fromDate = e.effectiveDate;
    if (e.effectiveDate > toDate) toDate = e.effectiveDate;
    if (e.recordedAt < recordedFrom) recordedFrom = e.recordedAt;
    if (e.recordedAt > recordedTo) recordedTo = e.recordedAt;
    if (e.recordedBy !== recordedBy) recordedBy = null;
  }
  return {
    kind: "accruals",
    key: `accruals:${first.sequenceNumber}-${last.sequenceNumber}`,
    group: {
      month: first.effectiveDate.slice(0, 7),
      count: run.length,
      firstSequence: first.sequenceNumber,
      lastSequence: last.sequenceNumber,
      fromDate,
      toDate,
      recordedFrom,
      recordedTo,
      recordedBy,
    },
  };
}
