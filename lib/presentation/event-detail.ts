/**
 * One event in full: its payload and the loan's state just before and just
 * after it, as replay applies it on the date it is viewed (the later of the
 * page's as-of date and the event's own effective date), so an event not yet
 * effective on the page's date can still be inspected.
 */
import { compareInstants, parseTimestamp } from "../dates";
import type { LoanEvent } from "../events/types";
import { diffSnapshots, type FieldChange, replay } from "../replay/replay";
import type { LoanStanding, Warning } from "../replay/state";
import { toSnapshotOnly } from "./as-of-view";
import { type EventFacts, factsFor, reversalFactsOfHistory } from "./corrections";
import type { ComputedStep } from "./replay-step";
import { explainStep } from "./step-explanation";
import { type TimelineEvent, toTimelineEvents } from "./timeline";

export interface EventDetail {
  event: TimelineEvent;
  eventData: Record<string, unknown>;
  /** The date replayed for before/after. */
  replayedAsOf: string;
  knownAt: string | null;
  /** Null when the event is not known at `knownAt`. */
  step: {
    before: LoanStanding;
    after: LoanStanding;
    changes: FieldChange[];
    warnings: Warning[];
    explanation: string;
  } | null;
}

function isKnownAt(event: LoanEvent, knownAt: string | null): boolean {
  if (knownAt === null || !event.recordedAt) return true;
  const at = parseTimestamp(event.recordedAt);
  const limit = parseTimestamp(knownAt);
  return !at || !limit || compareInstants(at, limit) <= 0;
}

/** The date an event is replayed on for its detail: the page's date, or its own if later. */
export function detailDate(effectiveDate: string, asOf: string): string {
  return effectiveDate > asOf ? effectiveDate : asOf;
}

/**
 * The detail from a step computed without the whole history (replay-step.ts):
 * null `step` when the event is not known at `knownAt`. Equal to
 * `eventDetail` over the full history.
 */
export function eventDetailFromStep(
  event: TimelineEvent,
  eventData: Record<string, unknown>,
  replayedAsOf: string,
  knownAt: string | null,
  computed: ComputedStep | null,
  facts?: EventFacts,
): EventDetail {
  const base = { event, eventData, replayedAsOf, knownAt };
  if (!computed) return { ...base, step: null };
  const { before, after, changes } = computed.step;
  // As replay's state lists them: the stream checks first, then the handler's.
  const warnings = [...computed.streamWarnings, ...computed.handlerWarnings];
  return {
    ...base,
    step: {
      before,
      after,
      changes,
      warnings,
      explanation: explainStep({ ...computed.step, warnings }, facts),
    },
  };
}

/** Is the event known at the instant (always, without one)? */
export function knownAtInstant(event: LoanEvent, knownAt: string | null): boolean {
  return isKnownAt(event, knownAt);
}

/** The detail of event `sequenceNumber`, or null if the loan has no such event. */
export function eventDetail(
  events: readonly LoanEvent[],
  sequenceNumber: number,
  asOf: string,
  knownAt: string | null = null,
): EventDetail | null {
  const index = events.findIndex((e) => e.sequenceNumber === sequenceNumber);
  const target = events[index];
  if (!target) return null;
  const reversals = reversalFactsOfHistory(events);
  const facts = factsFor(target, reversals);
  const described = toTimelineEvents(events.slice(0, index + 1), reversals).at(-1) as TimelineEvent;
  const replayedAsOf = detailDate(target.effectiveDate, asOf);
  const base = {
    event: described,
    eventData: target.eventData as Record<string, unknown>,
    replayedAsOf,
    knownAt,
  };
  if (!isKnownAt(target, knownAt)) return { ...base, step: null };

  const prior = events.filter((e) => e.sequenceNumber < sequenceNumber);
  const before = toSnapshotOnly(replay(prior, replayedAsOf, { knownAt }).state);
  const afterState = replay([...prior, target], replayedAsOf, { knownAt }).state;
  const after = toSnapshotOnly(afterState);
  const changes = diffSnapshots(before, after);
  const warnings = afterState.warnings.filter((w) => w.sequenceNumber === sequenceNumber);
  return {
    ...base,
    step: {
      before,
      after,
      changes,
      warnings,
      explanation: explainStep({ ...target, before, after, changes, warnings }, facts),
    },
  };
}
