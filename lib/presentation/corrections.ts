/**
 * Corrections in words (DOMAIN.md "Corrections (restatement)"): what a stored
 * event says about the correction it belongs to, and what later events did to
 * it. Every event of one correction carries `restatement` {id, cause}; a
 * re-applied payment carries `reapplies` (the payment it replaces), a
 * restated charge-off `replaces`, an accrual adjustment `adjusts`. Whether an
 * event was reversed is not in its own payload: it comes from the loan's
 * state (`reversals`), and a reversal's target type from the logs the state
 * keeps (payments, fees and waivers; the only other event a reversal may
 * target is a charge-off). Pure, shared by the server and the browser.
 */
import type { EventType } from "../events/event-types";
import type { EngineState } from "../replay/state";

export interface RestatementTag {
  id: string;
  /** The correcting event's sequence number. */
  cause: number;
}

/** The restatement an event belongs to, from its payload (null: none). */
export function restatementOf(eventData: unknown): RestatementTag | null {
  const tag = (eventData as { restatement?: unknown } | null)?.restatement;
  if (!tag || typeof tag !== "object") return null;
  const { id, cause } = tag as { id?: unknown; cause?: unknown };
  return typeof id === "string" && typeof cause === "number" ? { id, cause } : null;
}

function ref(eventData: unknown, key: "reapplies" | "replaces" | "adjusts"): number | null {
  const value = (eventData as Record<string, unknown> | null)?.[key];
  return typeof value === "number" ? value : null;
}

/** A re-applied payment: the payment it replaces. */
export const reappliesOf = (eventData: unknown) => ref(eventData, "reapplies");
/** A restated charge-off: the charge-off it replaces. */
export const replacesOf = (eventData: unknown) => ref(eventData, "replaces");
/** An accrual adjustment: the accrual it corrects. */
export const adjustsOf = (eventData: unknown) => ref(eventData, "adjusts");

const CAUSE_NAMES: Partial<Record<EventType, string>> = {
  payment: "payment",
  reversal: "reversal",
  fee_assessment: "fee",
  fee_waiver: "waiver",
  modification: "modification",
  charge_off: "charge-off",
  forbearance_start: "forbearance",
  forbearance_end: "forbearance end",
  deferment: "deferment",
};

/**
 * The correcting event in words, as its restatement's reversals name it:
 * "payment #1130 received 2026-01-15", "reversal #88 effective 2025-03-01".
 */
export function describeCause(cause: {
  sequenceNumber: number;
  eventType: EventType;
  effectiveDate: string;
}): string {
  const name = CAUSE_NAMES[cause.eventType] ?? cause.eventType.replace(/_/g, " ");
  const verb = cause.eventType === "payment" ? "received" : "effective";
  return `${name} #${cause.sequenceNumber} ${verb} ${cause.effectiveDate}`;
}

/** What the loan's current state says about events that were later reversed. */
export interface ReversalFacts {
  /** reversed event sequence -> reversal sequence */
  reversedBy: ReadonlyMap<number, number>;
  /** A reversed event's type (only reversal targets are known). */
  targetType(sequenceNumber: number): EventType | null;
}

export const NO_REVERSALS: ReversalFacts = { reversedBy: new Map(), targetType: () => null };

/** The reversal facts of a loan's state (its payment log must be loaded for payments). */
export function reversalFacts(state: EngineState): ReversalFacts {
  const payments = new Set<number>();
  for (let i = 0; i < state.payments.length; i++) {
    const p = state.payments.items[i];
    if (p) payments.add(p.sequenceNumber);
  }
  const fees = new Map(state.feeLog.map((f) => [f.sequenceNumber, f.kind] as const));
  return {
    reversedBy: state.reversals,
    targetType(sequenceNumber) {
      if (payments.has(sequenceNumber)) return "payment";
      const fee = fees.get(sequenceNumber);
      if (fee) return fee === "fee" ? "fee_assessment" : "fee_waiver";
      // A reversal may target only payments, fees, waivers and charge-offs.
      return state.reversals.has(sequenceNumber) ? "charge_off" : null;
    },
  };
}

/** Reversal facts over a whole history in memory (the reference for the paged reads). */
export function reversalFactsOfHistory(
  events: readonly { sequenceNumber: number; eventType: EventType; eventData: unknown }[],
): ReversalFacts {
  const types = new Map<number, EventType>();
  const reversedBy = new Map<number, number>();
  for (const e of events) {
    types.set(e.sequenceNumber, e.eventType);
    if (e.eventType === "reversal") {
      const target = (e.eventData as { reversedSequence?: unknown }).reversedSequence;
      if (typeof target === "number") reversedBy.set(target, e.sequenceNumber);
    }
  }
  return { reversedBy, targetType: (seq) => types.get(seq) ?? null };
}

/** What describing one event needs to know about the events around it. */
export interface EventFacts {
  /** The reversal that undid this event, if any (as known now). */
  reversedBy?: number | null;
  /** For a reversal: the type of the event it reverses, when known. */
  reversedType?: EventType | null;
}

/** The facts about one event from a loan's reversal facts. */
export function factsFor(
  event: { sequenceNumber: number; eventType: EventType; eventData: unknown },
  facts: ReversalFacts,
): EventFacts {
  const out: EventFacts = {};
  const by = facts.reversedBy.get(event.sequenceNumber);
  if (by !== undefined) out.reversedBy = by;
  if (event.eventType === "reversal") {
    const target = (event.eventData as { reversedSequence?: unknown }).reversedSequence;
    if (typeof target === "number") out.reversedType = facts.targetType(target);
  }
  return out;
}

/** What a restatement did, counted from its events (those a page shows). */
export interface RestatementCounts {
  reappliedPayments: number;
  accrualAdjustments: number;
  chargeOffRestated: boolean;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "2 payments re-applied, 54 accrual adjustments" (empty when it shows none of them). */
export function describeRestatementCounts(counts: RestatementCounts): string {
  const parts: string[] = [];
  if (counts.reappliedPayments > 0) {
    parts.push(`${plural(counts.reappliedPayments, "payment", "payments")} re-applied`);
  }
  if (counts.chargeOffRestated) parts.push("charge-off restated");
  if (counts.accrualAdjustments > 0) {
    parts.push(plural(counts.accrualAdjustments, "accrual adjustment", "accrual adjustments"));
  }
  return parts.join(", ");
}

/** "Restated by payment #N received 2026-01-15: 2 payments re-applied, 54 accrual adjustments". */
export function restatementTitle(causeLabel: string, counts: RestatementCounts): string {
  const what = describeRestatementCounts(counts);
  return `Restated by ${causeLabel}${what ? `: ${what}` : ""}`;
}

/** What the dispute step-through marks on a step (DOMAIN.md: backdated and restating events). */
export interface StepMarks {
  /** Effective before an event recorded earlier (or posted late, by its payload's flag). */
  backdated: boolean;
  /** The correction the event belongs to; `isCause` when it is the correcting event itself. */
  restatement: { cause: number; causeLabel: string; isCause: boolean } | null;
  /** The reversal that undid it (as known now). */
  reversedBy: number | null;
  /** A re-applied payment: the payment it replaces. */
  reapplies: number | null;
}

/** The marks of one event from what was read about it. */
export function stepMarks(
  event: {
    sequenceNumber: number;
    eventType: EventType;
    effectiveDate: string;
    eventData: unknown;
  },
  context: {
    /** The latest effective date among the events recorded before it. */
    priorMaxEffective: string | null;
    facts: EventFacts;
    /** The restatement's correcting event, when it is another event. */
    cause?: { sequenceNumber: number; eventType: EventType; effectiveDate: string } | null;
  },
): StepMarks {
  const flagged = (event.eventData as { backdated?: unknown } | null)?.backdated === true;
  const prior = context.priorMaxEffective;
  const tag = restatementOf(event.eventData);
  let restatement: StepMarks["restatement"] = null;
  if (tag) {
    const isCause = tag.cause === event.sequenceNumber;
    const cause = isCause ? event : (context.cause ?? null);
    restatement = {
      cause: tag.cause,
      causeLabel: cause ? describeCause(cause) : `event #${tag.cause}`,
      isCause,
    };
  }
  return {
    backdated: flagged || (prior !== null && event.effectiveDate < prior),
    restatement,
    reversedBy: context.facts.reversedBy ?? null,
    reapplies: event.eventType === "payment" ? reappliesOf(event.eventData) : null,
  };
}

/** The marks in words, for the step's heading ("Backdated", "Reversed by #1140", ...). */
export function stepMarkLabels(marks: StepMarks): string[] {
  const out: string[] = [];
  if (marks.backdated) out.push("Backdated");
  if (marks.restatement) {
    out.push(
      marks.restatement.isCause
        ? "Correction: restates later events"
        : `Restating: part of the correction by ${marks.restatement.causeLabel}`,
    );
  }
  if (marks.reapplies !== null) out.push(`Re-applies #${marks.reapplies}`);
  if (marks.reversedBy !== null) out.push(`Reversed by #${marks.reversedBy}`);
  return out;
}
