/**
 * "As known at": what the system knew at an instant versus what it knows now,
 * for the same as-of date, and the events that explain the difference (those
 * effective by the as-of date but recorded after the instant: backdated
 * postings and interest accrued later).
 */
import { compareInstants, parseTimestamp } from "../dates";
import type { LoanEvent } from "../events/types";
import { moneyString, toMoney, ZERO } from "../money";
import { diffSnapshots, type FieldChange } from "../replay/replay";
import type { LoanSnapshot } from "../replay/state";
import { summarizeEvent } from "./event-summary";
import { ALL_FIGURES } from "./snapshot-figures";

export interface LateEvent {
  sequenceNumber: number;
  eventType: LoanEvent["eventType"];
  effectiveDate: string;
  recordedAt: string;
  summary: string;
}

export interface LateAccruals {
  count: number;
  total: string;
  fromDate: string;
  toDate: string;
}

export interface KnowledgeComparison {
  knownAt: string;
  /** Do any shown figures differ between then and now? */
  differs: boolean;
  /** The shown figures that differ (then = before, now = after). */
  changes: FieldChange[];
  /** Events other than accruals recorded after knownAt but effective by the as-of date. */
  lateEvents: LateEvent[];
  /** Interest accruals recorded after knownAt, summarised. */
  lateAccruals: LateAccruals | null;
  /** Later-recorded events beyond those listed in `lateEvents` (a long list is cut). */
  moreLateEvents?: number;
}

const SHOWN = new Set(ALL_FIGURES.map((f) => f.field));

function recordedAfter(event: LoanEvent, knownAt: string): boolean {
  const at = parseTimestamp(event.recordedAt);
  const limit = parseTimestamp(knownAt);
  return at !== null && limit !== null && compareInstants(at, limit) > 0;
}

function lateEvent(event: LoanEvent): LateEvent {
  return {
    sequenceNumber: event.sequenceNumber,
    eventType: event.eventType,
    effectiveDate: event.effectiveDate,
    recordedAt: event.recordedAt ?? "",
    summary: summarizeEvent(event),
  };
}

/**
 * The comparison from what was read without the whole history: the two
 * replays and the events recorded after the instant (at most a page of them,
 * `eventCount` in all; accruals summed). Equal to compareKnowledge when
 * nothing is cut.
 */
export function knowledgeFromRecorded(
  knownAt: string,
  then: LoanSnapshot,
  now: LoanSnapshot,
  recorded: {
    events: readonly LoanEvent[];
    eventCount: number;
    accruals: { count: number; total: string; fromDate: string; toDate: string } | null;
  },
): KnowledgeComparison {
  const changes = diffSnapshots(then, now).filter((c) => SHOWN.has(c.field));
  const lateEvents = recorded.events.filter((e) => recordedAfter(e, knownAt)).map(lateEvent);
  const more = recorded.eventCount - recorded.events.length;
  return {
    knownAt,
    differs: changes.length > 0,
    changes,
    lateEvents,
    lateAccruals: recorded.accruals
      ? { ...recorded.accruals, total: moneyString(toMoney(recorded.accruals.total)) }
      : null,
    ...(more > 0 ? { moreLateEvents: more } : {}),
  };
}

export function compareKnowledge(
  events: readonly LoanEvent[],
  asOf: string,
  knownAt: string,
  then: LoanSnapshot,
  now: LoanSnapshot,
): KnowledgeComparison {
  const changes = diffSnapshots(then, now).filter((c) => SHOWN.has(c.field));
  const lateEvents: LateEvent[] = [];
  let accrued = ZERO;
  const accrualDates: string[] = [];
  for (const event of events) {
    if (event.effectiveDate > asOf || !recordedAfter(event, knownAt)) continue;
    if (event.eventType === "interest_accrual") {
      accrued = accrued.plus(toMoney(event.eventData.amount));
      accrualDates.push(event.effectiveDate);
      continue;
    }
    lateEvents.push(lateEvent(event));
  }
  accrualDates.sort();
  const lateAccruals: LateAccruals | null =
    accrualDates.length === 0
      ? null
      : {
          count: accrualDates.length,
          total: moneyString(accrued),
          fromDate: accrualDates[0] as string,
          toDate: accrualDates.at(-1) as string,
        };
  return { knownAt, differs: changes.length > 0, changes, lateEvents, lateAccruals };
}
