/**
 * Given-events / then-state helpers (in the spirit of event-driven-io/emmett's
 * DeciderSpecification): build a history of events with automatic sequence numbers,
 * every one passed through parseEvent so the inputs are schema-valid by construction.
 */
import { expect } from "vitest";
import type { EventType } from "../../lib/events/event-types";
import { parseEvent } from "../../lib/events/parse";
import type { LoanEvent } from "../../lib/events/types";
import { type LoanState, type ReplayStep, replay } from "../../lib/index";

export interface Draft {
  eventType: EventType;
  effectiveDate: string;
  eventData: Record<string, unknown>;
  recordedAt?: string;
}

const draft =
  (eventType: EventType) =>
  (effectiveDate: string, eventData: Record<string, unknown>, recordedAt?: string): Draft => ({
    eventType,
    effectiveDate,
    eventData,
    ...(recordedAt === undefined ? {} : { recordedAt }),
  });

export const ev = {
  origination: draft("origination"),
  disbursement: draft("disbursement"),
  payment: draft("payment"),
  accrual: draft("interest_accrual"),
  fee: draft("fee_assessment"),
  waiver: draft("fee_waiver"),
  modification: draft("modification"),
  forbearanceStart: draft("forbearance_start"),
  forbearanceEnd: draft("forbearance_end"),
  deferment: draft("deferment"),
  chargeOff: draft("charge_off"),
  reversal: draft("reversal"),
};

/** Number drafts 1, 2, 3 ... and parse them. */
export function history(...drafts: Draft[]): LoanEvent[] {
  return drafts.map((d, i) => parseEvent({ sequenceNumber: i + 1, ...d }, i));
}

/** A payment whose allocation is given as [fees, interest, principal, unapplied?]. */
export function pay(
  date: string,
  amount: string,
  [fees, interest, principal, unapplied]: [string, string, string, string?],
  recordedAt?: string,
): Draft {
  const allocation: Record<string, string> = { fees, interest, principal };
  if (unapplied !== undefined) allocation.unapplied = unapplied;
  return ev.payment(date, { amount, allocation, method: "ach" }, recordedAt);
}

export function accrual(date: string, amount: string, principalBasis = "10000.00"): Draft {
  return ev.accrual(date, { amount, rate: "0.0600", dayCount: "30/360", days: 1, principalBasis });
}

/**
 * The standard test loan: 10,000.00 at 6.00 % for 12 months, 30/360, first payment
 * 2025-02-01, originated and disbursed on 2025-01-01. Payment 860.66
 * (PMT(0.06/12, 12, -10000) = 860.66).
 */
export const ORIGINATION: Draft = ev.origination("2025-01-01", {
  principal: "10000.00",
  annualRate: "0.0600",
  termMonths: 12,
  dayCount: "30/360",
  firstPaymentDate: "2025-02-01",
});
export const BASE: Draft[] = [
  ORIGINATION,
  ev.disbursement("2025-01-01", { amount: "10000.00", method: "ach" }),
];

const FAR = "2099-12-31";

/** Given these events, replay as of `asOf` (default far future). */
export function given(drafts: Draft[], asOf = FAR, knownAt?: string): LoanState {
  return replay(history(...drafts), asOf, { knownAt: knownAt ?? null }).state;
}

export function givenSteps(drafts: Draft[], asOf = FAR): { state: LoanState; steps: ReplayStep[] } {
  return replay(history(...drafts), asOf, { steps: true });
}

export function messages(state: LoanState): string[] {
  return state.warnings.map((w) => `#${w.sequenceNumber}: ${w.message}`);
}

export function expectNoWarnings(state: LoanState): void {
  expect(messages(state)).toEqual([]);
}
