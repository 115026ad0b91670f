/**
 * "As known at": what the system knew at an instant versus what it knows now,
 * for the same as-of date, and the events that explain the difference (those
 * effective by the as-of date but recorded after the instant: backdated
 * postings and interest accrued later).
 */
import { compareInstants, parseTimestamp } from "../dates";
import type { LoanEvent } from "../events/types";
import { moneyString, toMoney, ZERO } from "../money";
import { diffSnapshots, type FieldChange, replay } from "../replay/replay";
import type { LoanStanding } from "../replay/state";
import { describeCause, restatementOf } from "./corrections";
import { summarizeEvent } from "./event-summary";
import { ALL_FIGURES } from "./standing-figures";

interface LateEvent {
  sequenceNumber: number;
  eventType: LoanEvent["eventType"];
  effectiveDate: string;
  recordedAt: string;
  summary: string;
  /** The correction it is part of (its restatement's cause), if any. */
  restatement?: { cause: number; causeLabel: string };
}

interface LateAccruals {
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
  /**
   * The corrections recorded after knownAt (restatements, by their cause), in
   * the order they were recorded, and for each changed figure the ones that
   * changed it ("later events" when something else recorded later did).
   */
  corrections?: KnowledgeCorrection[];
  changedBy?: Record<string, string[]>;
}

export interface KnowledgeCorrection {
  cause: number;
  /** "payment #1190 received 2026-09-25" */
  causeLabel: string;
  /** When it was recorded (all of a correction is recorded at one instant). */
  recordedAt: string;
}

/** What the figures would show as known at each correction: the stages between then and now. */
export interface CorrectionStage extends KnowledgeCorrection {
  snapshot: LoanStanding;
}

/** Corrections recorded after "as known at" whose figures are replayed to attribute changes (the latest). */
export const MAX_CORRECTION_STAGES = 5;

/** The word for a change no listed correction explains. */
export const LATER_EVENTS = "events recorded later";

const SHOWN = new Set(ALL_FIGURES.map((f) => f.field));

function recordedAfter(event: LoanEvent, knownAt: string): boolean {
  const at = parseTimestamp(event.recordedAt);
  const limit = parseTimestamp(knownAt);
  return at !== null && limit !== null && compareInstants(at, limit) > 0;
}

function lateEvent(event: LoanEvent, causes: ReadonlyMap<number, string>): LateEvent {
  const late: LateEvent = {
    sequenceNumber: event.sequenceNumber,
    eventType: event.eventType,
    effectiveDate: event.effectiveDate,
    recordedAt: event.recordedAt ?? "",
    summary: summarizeEvent(event),
  };
  const tag = restatementOf(event.eventData);
  if (tag) {
    late.restatement = {
      cause: tag.cause,
      causeLabel: causes.get(tag.cause) ?? `event #${tag.cause}`,
    };
  }
  return late;
}

/**
 * The corrections among events recorded later, in the order they were
 * recorded: each restatement once, named by its cause (read among the same
 * events; "event #N" when it is not among them).
 */
export function correctionsAmong(events: readonly LoanEvent[]): KnowledgeCorrection[] {
  const byCause = new Map<number, KnowledgeCorrection>();
  for (const e of events) {
    const tag = restatementOf(e.eventData);
    if (!tag) continue;
    const known = byCause.get(tag.cause);
    if (e.sequenceNumber === tag.cause) {
      byCause.set(tag.cause, {
        cause: tag.cause,
        causeLabel: describeCause(e),
        recordedAt: e.recordedAt ?? known?.recordedAt ?? "",
      });
    } else if (!known) {
      byCause.set(tag.cause, {
        cause: tag.cause,
        causeLabel: `event #${tag.cause}`,
        recordedAt: e.recordedAt ?? "",
      });
    }
  }
  return [...byCause.values()].sort((a, b) => a.cause - b.cause);
}

function valueAt(s: LoanStanding, field: string): unknown {
  let v: unknown = s;
  for (const part of field.split(".")) v = (v as Record<string, unknown> | null)?.[part];
  return v ?? null;
}

/**
 * Which correction changed each figure: the figures as known just after each
 * correction (`stages`, in the order recorded) are compared with the stage
 * before (knownAt's for the first); what changed after the last one, or
 * between stages through other events recorded then, is LATER_EVENTS.
 * `others(i)`: were events other than the correction recorded in stage i's
 * span (after the previous stage, up to and including it)?
 */
export function attributeChanges(
  then: LoanStanding,
  stages: readonly CorrectionStage[],
  now: LoanStanding,
  changes: readonly FieldChange[],
  others: (stage: number) => boolean = () => false,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const c of changes) {
    const by: string[] = [];
    let previous = then;
    stages.forEach((stage, i) => {
      if (valueAt(previous, c.field) !== valueAt(stage.snapshot, c.field)) {
        by.push(stage.causeLabel);
        if (others(i) && !by.includes(LATER_EVENTS)) by.push(LATER_EVENTS);
      }
      previous = stage.snapshot;
    });
    if (valueAt(previous, c.field) !== valueAt(now, c.field) && !by.includes(LATER_EVENTS)) {
      by.push(LATER_EVENTS);
    }
    out[c.field] = by.length > 0 ? by : [LATER_EVENTS];
  }
  return out;
}

/**
 * The comparison from what was read without the whole history: the two
 * replays and the events recorded after the instant (at most a page of them,
 * `eventCount` in all; accruals summed). Equal to compareKnowledge when
 * nothing is cut.
 */
export function knowledgeFromRecorded(
  knownAt: string,
  then: LoanStanding,
  now: LoanStanding,
  recorded: {
    events: readonly LoanEvent[];
    eventCount: number;
    accruals: { count: number; total: string; fromDate: string; toDate: string } | null;
  },
  stages: readonly CorrectionStage[] = [],
): KnowledgeComparison {
  const changes = diffSnapshots(then, now).filter((c) => SHOWN.has(c.field));
  const late = recorded.events.filter((e) => recordedAfter(e, knownAt));
  const corrections = correctionsAmong(late);
  const causes = new Map(corrections.map((c) => [c.cause, c.causeLabel]));
  const lateEvents = late.map((e) => lateEvent(e, causes));
  const more = recorded.eventCount - recorded.events.length;
  const attribution =
    corrections.length > 0
      ? {
          corrections,
          changedBy: attributeChanges(then, stages, now, changes, (i) =>
            otherEventsRecordedIn(late, stages, i),
          ),
        }
      : {};
  return {
    knownAt,
    differs: changes.length > 0,
    changes,
    lateEvents,
    lateAccruals: recorded.accruals
      ? { ...recorded.accruals, total: moneyString(toMoney(recorded.accruals.total)) }
      : null,
    ...(more > 0 ? { moreLateEvents: more } : {}),
    ...attribution,
  };
}

/** Were events other than stage i's correction recorded after the stage before it, up to it? */
function otherEventsRecordedIn(
  late: readonly LoanEvent[],
  stages: readonly CorrectionStage[],
  i: number,
): boolean {
  const stage = stages[i];
  if (!stage) return false;
  const from = i > 0 ? stages[i - 1]?.recordedAt : null;
  return late.some((e) => {
    const tag = restatementOf(e.eventData);
    if (tag?.cause === stage.cause) return false;
    const at = e.recordedAt ?? "";
    return at <= stage.recordedAt && (from == null || at > from);
  });
}

export function compareKnowledge(
  events: readonly LoanEvent[],
  asOf: string,
  knownAt: string,
  then: LoanStanding,
  now: LoanStanding,
): KnowledgeComparison {
  const changes = diffSnapshots(then, now).filter((c) => SHOWN.has(c.field));
  const lateEvents: LateEvent[] = [];
  let accrued = ZERO;
  const accrualDates: string[] = [];
  const late = events.filter(
    (e) =>
      e.effectiveDate <= asOf && e.eventType !== "interest_accrual" && recordedAfter(e, knownAt),
  );
  const corrections = correctionsAmong(late);
  const causes = new Map(corrections.map((c) => [c.cause, c.causeLabel]));
  for (const event of events) {
    if (event.effectiveDate > asOf || !recordedAfter(event, knownAt)) continue;
    if (event.eventType === "interest_accrual") {
      accrued = accrued.plus(toMoney(event.eventData.amount));
      accrualDates.push(event.effectiveDate);
      continue;
    }
    lateEvents.push(lateEvent(event, causes));
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
  if (corrections.length === 0) {
    return { knownAt, differs: changes.length > 0, changes, lateEvents, lateAccruals };
  }
  const stages: CorrectionStage[] = corrections.slice(-MAX_CORRECTION_STAGES).map((c) => ({
    ...c,
    snapshot: replay(events, asOf, { knownAt: c.recordedAt }).state,
  }));
  return {
    knownAt,
    differs: changes.length > 0,
    changes,
    lateEvents,
    lateAccruals,
    corrections,
    changedBy: attributeChanges(then, stages, now, changes, (i) =>
      otherEventsRecordedIn(late, stages, i),
    ),
  };
}
