/**
 * What a write decides from: the loan's current state (the fold of every
 * event in sequence order, which the live projection stores) and, only when a
 * decision is about a date before the loan's latest event (a backdated
 * write), an exact state as of an earlier date with the events after it (the
 * nearest valid month-end snapshot and its tail). So a write that is not
 * backdated costs the same whatever the length of the history.
 */
import type { LoanEvent } from "../events/types";
import { foldKept } from "../replay/handlers";
import type { EngineState } from "../replay/state";

export interface BaseState {
  /** Folds exactly the events effective on or before `asOfDate`. */
  state: EngineState;
  asOfDate: string;
  /** Every event effective after `asOfDate`, in sequence order. */
  tail: readonly LoanEvent[];
}

export interface WriteModel {
  current: EngineState;
  base?: BaseState;
}

/** The date before which a decision needs `base`: none when the current state answers for every date. */
export function needsBaseBefore(model: WriteModel, date: string): boolean {
  const last = model.current.facts.lastEffectiveDate;
  return last !== null && date < last;
}

export class MissingBaseError extends Error {
  constructor(readonly date: string) {
    super(`the write model needs a base state as of ${date} or earlier`);
    this.name = "MissingBaseError";
  }
}

/**
 * The state as of the end of `date`, with `pending` (events being decided,
 * in sequence order after the stored ones) folded in where they are effective.
 */
export function stateAt(
  model: WriteModel,
  date: string,
  pending: readonly LoanEvent[] = [],
): EngineState {
  const effective = (e: LoanEvent) => e.effectiveDate <= date;
  let state: EngineState;
  if (!needsBaseBefore(model, date)) {
    state = model.current;
  } else {
    const base = model.base;
    if (!base || base.asOfDate > date) throw new MissingBaseError(date);
    // Runs of plain daily accruals folded at once (the same fold as applyEvent's).
    state = foldKept(base.state, base.tail, effective);
  }
  return pending.length === 0 ? state : foldKept(state, pending, effective);
}

/** `state` with `events` folded in sequence order. */
export function foldOnto(state: EngineState, events: readonly LoanEvent[]): EngineState {
  return foldKept(state, events);
}
