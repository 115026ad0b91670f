/**
 * One replay step without the whole history: the state before an event is a
 * base state (a snapshot, or empty) with the applied events between it and
 * the event folded on; the step is what `replay(events, asOf, { steps: true })`
 * reports for that event (same before/after, changes and warnings), given the
 * stored event just before it for the stream checks (gaps, recorded_at going
 * backwards).
 */
import type { LoanEvent } from "../events/types";
import { applyEvent } from "../replay/handlers";
import { diffSnapshots, orderEvents, type ReplayStep } from "../replay/replay";
import { type EngineState, initialEngineState, toStanding, type Warning } from "../replay/state";

export interface StepInput {
  /** The fold of some prefix of the history (null: nothing yet). */
  start: EngineState | null;
  /** The applied events after that prefix and before the target, in sequence order. */
  tail: readonly LoanEvent[];
  target: LoanEvent;
  /** The stored event just before the target, whatever it is. */
  previous: LoanEvent | null;
}

export interface ComputedStep {
  step: ReplayStep;
  /** The target's stream-check warnings, in the order replay finds them. */
  streamWarnings: Warning[];
  /** The warnings its handler raised. */
  handlerWarnings: Warning[];
}

/** The target's replay step. */
export function replayStep({ start, tail, target, previous }: StepInput): ComputedStep {
  let state = start ?? initialEngineState();
  for (const e of tail) state = applyEvent(state, e);
  const before = toStanding(state);
  const next = applyEvent(state, target);
  const after = toStanding(next);
  const handlerWarnings = next.warnings.slice(state.warnings.length).map((w) => ({ ...w }));
  const streamWarnings = orderEvents(previous ? [previous, target] : [target]).warnings.filter(
    (w) => w.sequenceNumber === target.sequenceNumber,
  );
  // replay() puts each stream warning in front of the handler's, one by one.
  const warnings = [...handlerWarnings];
  for (const w of streamWarnings) warnings.unshift({ ...w });
  return {
    step: {
      sequenceNumber: target.sequenceNumber,
      eventType: target.eventType,
      effectiveDate: target.effectiveDate,
      recordedAt: target.recordedAt ?? null,
      eventData: target.eventData,
      before,
      after,
      changes: diffSnapshots(before, after),
      warnings,
    },
    streamWarnings,
    handlerWarnings,
  };
}
