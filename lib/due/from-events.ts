/**
 * Entry points from a list of a loan's events (the CLI's --events / --loan):
 * choose the events in view exactly as replay does (view.ts), fold them once,
 * and hand the state to amountsDue / payoffQuote.
 */
import { addDays } from "../dates";
import type { LoanEvent } from "../events/types";
import { foldEvents } from "../replay/replay";
import { initialEngineState, toLoanState } from "../replay/state";
import { accrualStart } from "../servicing/accrual";
import type { WriteModel } from "../servicing/write-model";
import { amountsDue, type DueView } from "./amounts-due";
import { type PayoffQuote, payoffQuote } from "./payoff";
import { eventsInView } from "./view";

export interface DueFromEventsOptions {
  asOf: string;
  knownAt?: string | null;
  /** Delinquency tolerance (decimal string); default "0.00" (see toleranceFor). */
  tolerance?: string;
}

/** Amounts due and delinquency as of `asOf`, as known at `knownAt`. */
export function dueFromEvents(
  events: readonly LoanEvent[],
  options: DueFromEventsOptions,
): DueView {
  const knownAt = options.knownAt ?? null;
  const inView = eventsInView(events, { asOf: options.asOf, knownAt });
  const state = toLoanState(foldEvents(inView), options.asOf, knownAt);
  return amountsDue(state, inView, { asOf: options.asOf, knownAt, tolerance: options.tolerance });
}

export interface PayoffFromEventsOptions {
  /** The payoff date Q. */
  on: string;
  /** The as-of date D (default: Q). */
  asOf?: string;
  knownAt?: string | null;
}

/**
 * The write model of a loan as of D from its events in view: current = their
 * fold, and a base when a payoff on `on` reads days before the latest event:
 * days not yet accrued before it (the accrual planner reads their states), or
 * accruals already stored for `on` itself (a payment effective `on` owes
 * interest through on-1 only). The base folds every event effective before
 * the first such day; the later ones are its tail.
 */
export function writeModelOf(inView: readonly LoanEvent[], on?: string): WriteModel {
  const current = foldEvents(inView);
  const { lastEffectiveDate: last, accruedThrough } = current.facts;
  const start = accrualStart(current);
  let cut: string | null = start !== null && last !== null && start < last ? start : null;
  if (
    on !== undefined &&
    accruedThrough !== null &&
    accruedThrough >= on &&
    (cut === null || on < cut)
  ) {
    cut = on;
  }
  if (cut === null) return { current };
  const from = cut;
  const before = inView.filter((e) => e.effectiveDate < from);
  const tail = inView.filter((e) => e.effectiveDate >= from);
  return {
    current,
    base: { state: foldEvents(before, initialEngineState()), asOfDate: addDays(from, -1), tail },
  };
}

/** The payoff quote for `on`, from the loan as of `asOf` (default `on`) as known at `knownAt`. */
export function payoffFromEvents(
  events: readonly LoanEvent[],
  options: PayoffFromEventsOptions,
): PayoffQuote {
  const asOf = options.asOf ?? options.on;
  const knownAt = options.knownAt ?? null;
  const inView = eventsInView(events, { asOf, knownAt });
  return payoffQuote(writeModelOf(inView, options.on), { on: options.on, asOf }, knownAt);
}
