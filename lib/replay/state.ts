/**
 * Loan state.
 *
 * `LoanState` is what replay returns (DOMAIN.md "State"; names are the contract,
 * all money as decimal strings). A few extra fields are documented in docs/engine.md:
 * `unapplied`, `totals.interestWaived`, `totals.residualWrittenOff`, `originationDate`,
 * `forbearance`, `chargeOff`, `payments`.
 *
 * `EngineState` is the internal, immutable state the handlers fold over: the same
 * figures held as decimals (`Dec`), converted to strings only at the output boundary.
 */
import type { DayCountConvention } from "../day-count";
import { type Dec, moneyString, ZERO } from "../money";
import { type LoanFacts, NO_FACTS } from "./facts";

export const LOAN_STATUSES = [
  "none",
  "originated",
  "active",
  "forbearance",
  "charged_off",
  "paid_off",
] as const;
export type LoanStatus = (typeof LOAN_STATUSES)[number];

export interface Warning {
  sequenceNumber: number;
  message: string;
}

export interface LoanTerms {
  annualRate: string;
  termMonths: number;
  paymentAmount: string;
  dayCount: DayCountConvention;
  firstPaymentDate: string;
  maturityDate: string;
}

export interface LoanTotals {
  disbursed: string;
  /** Payments received, net of reversals (recoveries after charge-off are separate). */
  paid: string;
  paidPrincipal: string;
  paidInterest: string;
  paidFees: string;
  interestAccrued: string;
  feesAssessed: string;
  feesWaived: string;
  /** Amount of payments (and recoveries) reversed. */
  reversed: string;
  chargedOff: string;
  /** Payments received after charge-off, net of their reversals. */
  recoveries: string;
  /** Interest moved into principal (modification, forbearance end, deferment). */
  capitalized: string;
  /** Extra: interest waived by a deferment with interestTreatment "waive". */
  interestWaived: string;
  /** Extra: sub-cent principal/interest written off when a payment pays the loan off. */
  residualWrittenOff: string;
}

export interface ForbearanceInfo {
  forbearanceType: string;
  reducedPayment: string;
  startDate: string;
  plannedEndDate: string | null;
}

export interface ChargeOffInfo {
  sequenceNumber: number;
  date: string;
  principal: string;
  interest: string;
  fees: string;
}

export interface PaymentView {
  sequenceNumber: number;
  effectiveDate: string;
  /** "payment" before charge-off, "recovery" after. */
  kind: "payment" | "recovery";
  amount: string;
  /** What the payment actually applied (always sums to `amount`). */
  allocation: { fees: string; interest: string; principal: string; unapplied: string };
  reversed: boolean;
  reversedBy: number | null;
}

/** The balances and terms at one point: what a step shows before and after an event. */
export interface LoanStanding {
  status: LoanStatus;
  principal: string;
  interest: string;
  fees: string;
  /** principal + interest + fees (unapplied funds are not netted). */
  totalOutstanding: string;
  /** Extra: money received but not applied to a balance (suspense). */
  unapplied: string;
  /** null until the origination event. */
  terms: LoanTerms | null;
  totals: LoanTotals;
  deferredPeriods: number;
  /** Sequence number of the last event folded (0 if none). */
  lastSequence: number;
  /** Number of events folded (including those a handler could only warn about). */
  eventsApplied: number;
  originationDate: string | null;
  forbearance: ForbearanceInfo | null;
  chargeOff: ChargeOffInfo | null;
}

export interface LoanState extends LoanStanding {
  asOf: string;
  knownAt: string | null;
  warnings: Warning[];
  payments: PaymentView[];
}

// ---------------------------------------------------------------------------
// Internal state

export interface EngineTotals {
  readonly disbursed: Dec;
  readonly paid: Dec;
  readonly paidPrincipal: Dec;
  readonly paidInterest: Dec;
  readonly paidFees: Dec;
  readonly interestAccrued: Dec;
  readonly feesAssessed: Dec;
  readonly feesWaived: Dec;
  readonly reversed: Dec;
  readonly chargedOff: Dec;
  readonly recoveries: Dec;
  readonly capitalized: Dec;
  readonly interestWaived: Dec;
  readonly residualWrittenOff: Dec;
}

export interface PaymentRecord {
  readonly sequenceNumber: number;
  readonly effectiveDate: string;
  readonly kind: "payment" | "recovery";
  readonly amount: Dec;
  readonly fees: Dec;
  readonly interest: Dec;
  readonly principal: Dec;
  readonly unapplied: Dec;
  /** Sub-cent principal written off because this payment paid the loan off. */
  readonly residualPrincipal: Dec;
  /** Sub-cent interest written off because this payment paid the loan off. */
  readonly residualInterest: Dec;
  /** Did this payment pay the loan off? (Then reversing it restores the status before it.) */
  readonly paidOff: boolean;
  /** Status and forbearance before the payment (restored if a payoff payment is reversed). */
  readonly statusBefore: LoanStatus;
  readonly forbearanceBefore: ForbearanceInfo | null;
}

/** A fee assessment or waiver as applied (plain JSON: snapshots store it as it is). */
export interface FeeRecord {
  readonly sequenceNumber: number;
  readonly kind: "fee" | "waiver";
  readonly effectiveDate: string;
  /** What it changed: the fee assessed, or the part of a waiver applied. */
  readonly amount: string;
  readonly feeType?: string;
}

/**
 * Payments in sequence order, as a persistent append-only log: states share one
 * array and each sees only its first `length` entries. Appending to the newest
 * state pushes in place; appending to an older one copies. So keeping every
 * intermediate state costs nothing extra and the fold stays O(n).
 */
export interface PaymentLog {
  readonly items: PaymentRecord[];
  readonly length: number;
}

export interface EngineState {
  readonly status: LoanStatus;
  readonly principal: Dec;
  readonly interest: Dec;
  readonly fees: Dec;
  readonly unapplied: Dec;
  readonly terms: LoanTerms | null;
  readonly totals: EngineTotals;
  readonly deferredPeriods: number;
  readonly lastSequence: number;
  readonly eventsApplied: number;
  readonly originationDate: string | null;
  readonly forbearance: ForbearanceInfo | null;
  readonly chargeOff: {
    readonly sequenceNumber: number;
    readonly date: string;
    readonly principal: Dec;
    readonly interest: Dec;
    readonly fees: Dec;
    /** Restored if the charge-off is reversed. */
    readonly statusBefore: LoanStatus;
    readonly forbearanceBefore: ForbearanceInfo | null;
  } | null;
  readonly payments: PaymentLog;
  /** Fee assessments and waivers in sequence order: what a reversal of one puts back. */
  readonly feeLog: readonly FeeRecord[];
  /** reversed event sequence -> reversal sequence (copied on write; reversals are rare). */
  readonly reversals: ReadonlyMap<number, number>;
  readonly warnings: readonly Warning[];
  /** What the write side decides from besides balances (lib/replay/facts.ts). */
  readonly facts: LoanFacts;
}

const ZERO_TOTALS: EngineTotals = {
  disbursed: ZERO,
  paid: ZERO,
  paidPrincipal: ZERO,
  paidInterest: ZERO,
  paidFees: ZERO,
  interestAccrued: ZERO,
  feesAssessed: ZERO,
  feesWaived: ZERO,
  reversed: ZERO,
  chargedOff: ZERO,
  recoveries: ZERO,
  capitalized: ZERO,
  interestWaived: ZERO,
  residualWrittenOff: ZERO,
};

/** The state before any event. */
export function initialEngineState(): EngineState {
  return {
    status: "none",
    principal: ZERO,
    interest: ZERO,
    fees: ZERO,
    unapplied: ZERO,
    terms: null,
    totals: ZERO_TOTALS,
    deferredPeriods: 0,
    lastSequence: 0,
    eventsApplied: 0,
    originationDate: null,
    forbearance: null,
    chargeOff: null,
    payments: { items: [], length: 0 },
    feeLog: [],
    reversals: new Map(),
    warnings: [],
    facts: NO_FACTS,
  };
}

// ---------------------------------------------------------------------------
// Payment log helpers

export function appendPayment(log: PaymentLog, record: PaymentRecord): PaymentLog {
  if (log.items.length === log.length) {
    log.items.push(record);
    return { items: log.items, length: log.length + 1 };
  }
  const items = log.items.slice(0, log.length);
  items.push(record);
  return { items, length: items.length };
}

export function findFeeRecord(
  log: readonly FeeRecord[],
  sequenceNumber: number,
): FeeRecord | undefined {
  return log.find((r) => r.sequenceNumber === sequenceNumber);
}

/**
 * Binary search by sequence number (a fold in sequence order keeps the log in
 * increasing sequence order), then a scan: a restatement's walk folds events
 * in date order, so its log may not be sorted.
 */
export function findPayment(log: PaymentLog, sequenceNumber: number): PaymentRecord | undefined {
  let lo = 0;
  let hi = log.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const rec = log.items[mid] as PaymentRecord;
    if (rec.sequenceNumber === sequenceNumber) return rec;
    if (rec.sequenceNumber < sequenceNumber) lo = mid + 1;
    else hi = mid - 1;
  }
  for (let i = 0; i < log.length; i++) {
    const rec = log.items[i] as PaymentRecord;
    if (rec.sequenceNumber === sequenceNumber) return rec;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Output boundary

function totalsToStrings(t: EngineTotals): LoanTotals {
  return {
    disbursed: moneyString(t.disbursed),
    paid: moneyString(t.paid),
    paidPrincipal: moneyString(t.paidPrincipal),
    paidInterest: moneyString(t.paidInterest),
    paidFees: moneyString(t.paidFees),
    interestAccrued: moneyString(t.interestAccrued),
    feesAssessed: moneyString(t.feesAssessed),
    feesWaived: moneyString(t.feesWaived),
    reversed: moneyString(t.reversed),
    chargedOff: moneyString(t.chargedOff),
    recoveries: moneyString(t.recoveries),
    capitalized: moneyString(t.capitalized),
    interestWaived: moneyString(t.interestWaived),
    residualWrittenOff: moneyString(t.residualWrittenOff),
  };
}

/** The balances of an internal state as decimal strings (no warnings, no payments list). */
export function toStanding(s: EngineState): LoanStanding {
  const c = s.chargeOff;
  return {
    status: s.status,
    principal: moneyString(s.principal),
    interest: moneyString(s.interest),
    fees: moneyString(s.fees),
    totalOutstanding: moneyString(s.principal.plus(s.interest).plus(s.fees)),
    unapplied: moneyString(s.unapplied),
    terms: s.terms ? { ...s.terms } : null,
    totals: totalsToStrings(s.totals),
    deferredPeriods: s.deferredPeriods,
    lastSequence: s.lastSequence,
    eventsApplied: s.eventsApplied,
    originationDate: s.originationDate,
    forbearance: s.forbearance ? { ...s.forbearance } : null,
    chargeOff: c
      ? {
          sequenceNumber: c.sequenceNumber,
          date: c.date,
          principal: moneyString(c.principal),
          interest: moneyString(c.interest),
          fees: moneyString(c.fees),
        }
      : null,
  };
}

export function paymentViews(s: EngineState): PaymentView[] {
  const out: PaymentView[] = [];
  for (let i = 0; i < s.payments.length; i++) {
    const p = s.payments.items[i] as PaymentRecord;
    const reversedBy = s.reversals.get(p.sequenceNumber) ?? null;
    out.push({
      sequenceNumber: p.sequenceNumber,
      effectiveDate: p.effectiveDate,
      kind: p.kind,
      amount: moneyString(p.amount),
      allocation: {
        fees: moneyString(p.fees),
        interest: moneyString(p.interest),
        principal: moneyString(p.principal),
        unapplied: moneyString(p.unapplied),
      },
      reversed: reversedBy !== null,
      reversedBy,
    });
  }
  return out;
}

/** The public state (DOMAIN.md field order first, then the extras). */
export function toLoanState(
  s: EngineState,
  asOf: string,
  knownAt: string | null,
  warnings: readonly Warning[] = s.warnings,
): LoanState {
  const snap = toStanding(s);
  return {
    status: snap.status,
    principal: snap.principal,
    interest: snap.interest,
    fees: snap.fees,
    totalOutstanding: snap.totalOutstanding,
    terms: snap.terms,
    totals: snap.totals,
    deferredPeriods: snap.deferredPeriods,
    lastSequence: snap.lastSequence,
    eventsApplied: snap.eventsApplied,
    asOf,
    knownAt,
    warnings: warnings.map((w) => ({ ...w })),
    unapplied: snap.unapplied,
    originationDate: snap.originationDate,
    forbearance: snap.forbearance,
    chargeOff: snap.chargeOff,
    payments: paymentViews(s),
  };
}

/** The empty public state (before any event), as replay of no events returns it. */
export function emptyState(asOf = "", knownAt: string | null = null): LoanState {
  return toLoanState(initialEngineState(), asOf, knownAt);
}
