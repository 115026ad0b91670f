/**
 * What the loan page shows for an as-of date (and optional "as known at"
 * instant): the replayed balances, terms and totals, the latest payments in
 * effect, and, with knownAt, how that knowledge differs from today's.
 */
import { compareInstants, type Instant, parseTimestamp } from "../dates";
import type { LoanEvent } from "../events/types";
import { replay } from "../replay/replay";
import type { LoanStanding, LoanState, PaymentView, Warning } from "../replay/state";
import { compareKnowledge, type KnowledgeComparison } from "./knowledge";

export interface AsOfView {
  asOf: string;
  knownAt: string | null;
  snapshot: LoanStanding;
  warnings: Warning[];
  /** Latest payments in effect, newest first. */
  recentPayments: PaymentView[];
  paymentCount: number;
  /** Effective date of the last event in effect. */
  lastEffectiveDate: string | null;
  knowledge: KnowledgeComparison | null;
}

export function toSnapshotOnly(state: LoanState): LoanStanding {
  const { asOf: _a, knownAt: _k, warnings: _w, payments: _p, ...snapshot } = state;
  return snapshot;
}

function isKnown(event: LoanEvent, knownAt: Instant | null): boolean {
  if (knownAt === null || event.recordedAt === undefined) return true;
  const at = parseTimestamp(event.recordedAt);
  return at === null || compareInstants(at, knownAt) <= 0;
}

/** The latest effective date among the events in effect. */
export function lastEffectiveDate(
  events: readonly LoanEvent[],
  asOf: string,
  knownAt: string | null = null,
): string | null {
  const limit = knownAt === null ? null : parseTimestamp(knownAt);
  let last: string | null = null;
  for (const e of events) {
    if (e.effectiveDate <= asOf && (last === null || e.effectiveDate > last) && isKnown(e, limit)) {
      last = e.effectiveDate;
    }
  }
  return last;
}

/**
 * The view from an already replayed state (the snapshot path: no full history
 * needed when there is no "as known at" comparison to make).
 */
export function asOfViewFromState(
  state: LoanState,
  lastEffective: string | null,
  recent = 5,
): AsOfView {
  return {
    asOf: state.asOf,
    knownAt: state.knownAt,
    snapshot: toSnapshotOnly(state),
    warnings: state.warnings,
    recentPayments: state.payments.slice(-recent).reverse(),
    paymentCount: state.payments.length,
    lastEffectiveDate: lastEffective,
    knowledge: null,
  };
}

export function buildAsOfView(
  events: readonly LoanEvent[],
  asOf: string,
  knownAt: string | null = null,
  recent = 5,
): AsOfView {
  const { state } = replay(events, asOf, { knownAt });
  const snapshot = toSnapshotOnly(state);
  const knowledge =
    knownAt === null
      ? null
      : compareKnowledge(
          events,
          asOf,
          knownAt,
          snapshot,
          toSnapshotOnly(replay(events, asOf).state),
        );
  return {
    asOf,
    knownAt,
    snapshot,
    warnings: state.warnings,
    recentPayments: state.payments.slice(-recent).reverse(),
    paymentCount: state.payments.length,
    lastEffectiveDate: lastEffectiveDate(events, asOf, knownAt),
    knowledge,
  };
}
