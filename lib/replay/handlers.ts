/**
 * One pure handler per event type: (state, event) -> new state. States are
 * immutable (decimals are immutable; objects are copied, never mutated). A handler
 * never throws on a schema-valid event: what it cannot apply it reports as a
 * warning naming the event's sequence number, and it applies what it safely can.
 *
 * Rules not fixed by DOMAIN.md are written down in docs/engine.md.
 */

import { levelPayment } from "../amortization";
import { addMonths } from "../dates";
import type { EventType } from "../events/event-types";
import type { LoanEvent, LoanEventOf } from "../events/types";
import { CENT, Dec, decEquals, minDec, moneyString, ZERO } from "../money";
import { trackFacts } from "./facts";
import {
  appendPayment,
  type EngineState,
  type EngineTotals,
  type FeeRecord,
  findFeeRecord,
  findPayment,
  type LoanStatus,
  type PaymentRecord,
} from "./state";

export type Handler<K extends EventType> = (
  state: EngineState,
  event: LoanEventOf<K>,
) => EngineState;

/** Add a warning (a new state; the old one is untouched). */
function warn(s: EngineState, sequenceNumber: number, message: string): EngineState {
  return { ...s, warnings: [...s.warnings, { sequenceNumber, message }] };
}

function totals(s: EngineState, patch: Partial<EngineTotals>): EngineTotals {
  return { ...s.totals, ...patch };
}

const m = moneyString;

/**
 * Move interest into principal, at most the outstanding interest
 * (more is reported and only the outstanding interest is moved).
 */
function capitalize(s: EngineState, amount: Dec, seq: number, what: string): EngineState {
  if (amount.isZero()) return s;
  let applied = amount;
  let next = s;
  if (amount.greaterThan(s.interest)) {
    applied = s.interest;
    next = warn(
      s,
      seq,
      `${what} ${m(amount)} exceeds the interest balance ${m(s.interest)}; only ${m(applied)} capitalised`,
    );
  }
  return {
    ...next,
    interest: s.interest.minus(applied),
    principal: s.principal.plus(applied),
    totals: totals(next, { capitalized: s.totals.capitalized.plus(applied) }),
  };
}

/** A paid-off loan that owes something again goes back to active. */
function reopenIfPaidOff(s: EngineState, seq: number, what: string): EngineState {
  if (s.status !== "paid_off") return s;
  return warn({ ...s, status: "active" }, seq, `${what} on a paid-off loan; status back to active`);
}

/**
 * Payoff rule: a disbursed loan with no fees and less than one cent of principal and
 * of interest is paid off; the sub-cent remainders are written off
 * (totals.residualWrittenOff).
 */
function isPayoff(s: EngineState): boolean {
  return (
    (s.status === "active" || s.status === "forbearance") &&
    s.totals.disbursed.greaterThan(0) &&
    s.fees.isZero() &&
    s.principal.lessThan(CENT) &&
    s.interest.lessThan(CENT)
  );
}

function payOff(s: EngineState): EngineState {
  const residual = s.principal.plus(s.interest);
  return {
    ...s,
    status: "paid_off",
    principal: ZERO,
    interest: ZERO,
    forbearance: null,
    totals: residual.isZero()
      ? s.totals
      : totals(s, { residualWrittenOff: s.totals.residualWrittenOff.plus(residual) }),
  };
}

// ---------------------------------------------------------------------------

const origination: Handler<"origination"> = (s, e) => {
  const p = e.eventData;
  if (s.status !== "none") {
    return warn(
      s,
      e.sequenceNumber,
      `second origination (the loan was originated on ${s.originationDate ?? "?"}); ignored`,
    );
  }
  const paymentAmount =
    p.paymentAmount ??
    levelPayment({ principal: p.principal, annualRate: p.annualRate, termMonths: p.termMonths });
  let next: EngineState = {
    ...s,
    status: "originated",
    originationDate: e.effectiveDate,
    terms: {
      annualRate: p.annualRate,
      termMonths: p.termMonths,
      paymentAmount,
      dayCount: p.dayCount,
      firstPaymentDate: p.firstPaymentDate,
      maturityDate: addMonths(p.firstPaymentDate, p.termMonths - 1),
    },
  };
  if (p.firstPaymentDate <= e.effectiveDate) {
    next = warn(
      next,
      e.sequenceNumber,
      `firstPaymentDate ${p.firstPaymentDate} is not after the origination date ${e.effectiveDate}`,
    );
  }
  return next;
};

const disbursement: Handler<"disbursement"> = (s, e) => {
  const amount = new Dec(e.eventData.amount);
  return {
    ...s,
    status: s.status === "originated" || s.status === "paid_off" ? "active" : s.status,
    principal: s.principal.plus(amount),
    totals: totals(s, { disbursed: s.totals.disbursed.plus(amount) }),
  };
};

interface Split {
  fees: Dec;
  interest: Dec;
  principal: Dec;
  unapplied: Dec;
}

/**
 * The recorded allocation made to sum exactly to the amount: components are taken
 * in the order fees, interest, principal, unapplied, each at most what is left of
 * the amount; whatever is left over is unapplied.
 */
function normaliseAllocation(
  s: EngineState,
  e: LoanEventOf<"payment">,
  amount: Dec,
): [EngineState, Split] {
  const a = e.eventData.allocation;
  const fees = new Dec(a.fees);
  const interest = new Dec(a.interest);
  const principal = new Dec(a.principal);
  const unapplied = a.unapplied === undefined ? ZERO : new Dec(a.unapplied);
  const total = fees.plus(interest).plus(principal).plus(unapplied);
  if (total.equals(amount)) return [s, { fees, interest, principal, unapplied }];
  let rest = amount;
  const take = (x: Dec): Dec => {
    const t = x.lessThan(rest) ? x : rest;
    rest = rest.minus(t);
    return t;
  };
  const split = {
    fees: take(fees),
    interest: take(interest),
    principal: take(principal),
    unapplied: ZERO,
  };
  split.unapplied = rest;
  const message = total.lessThan(amount)
    ? `allocation sums to ${m(total)}, less than the payment amount ${m(amount)}; the difference ${m(amount.minus(total))} is held as unapplied`
    : `allocation sums to ${m(total)}, more than the payment amount ${m(amount)}; applied in the order fees, interest, principal up to the amount`;
  return [warn(s, e.sequenceNumber, message), split];
}

const payment: Handler<"payment"> = (s0, e) => {
  const amount = new Dec(e.eventData.amount);
  const seq = e.sequenceNumber;
  let [s, split] = normaliseAllocation(s0, e, amount);

  if (s.status === "charged_off") {
    // A payment after charge-off is a recovery: balances were written off and stay so.
    const record: PaymentRecord = {
      sequenceNumber: seq,
      effectiveDate: e.effectiveDate,
      kind: "recovery",
      amount,
      ...split,
      residualPrincipal: ZERO,
      residualInterest: ZERO,
      paidOff: false,
      statusBefore: s.status,
      forbearanceBefore: s.forbearance,
    };
    return {
      ...s,
      payments: appendPayment(s.payments, record),
      totals: totals(s, { recoveries: s.totals.recoveries.plus(amount) }),
    };
  }

  // Each component takes at most its balance; any excess is held as unapplied.
  let extra = ZERO;
  const cap = (want: Dec, balance: Dec, name: string): Dec => {
    if (want.lessThanOrEqualTo(balance)) return want;
    const excess = want.minus(balance);
    extra = extra.plus(excess);
    s = warn(
      s,
      seq,
      `allocation.${name} ${m(want)} exceeds the ${name} balance ${m(balance)}; ${m(excess)} held as unapplied`,
    );
    return balance;
  };
  const fees = cap(split.fees, s.fees, "fees");
  const interest = cap(split.interest, s.interest, "interest");
  const principal = cap(split.principal, s.principal, "principal");
  const unapplied = split.unapplied.plus(extra);

  let next: EngineState = {
    ...s,
    fees: s.fees.minus(fees),
    interest: s.interest.minus(interest),
    principal: s.principal.minus(principal),
    unapplied: s.unapplied.plus(unapplied),
    totals: totals(s, {
      paid: s.totals.paid.plus(amount),
      paidFees: s.totals.paidFees.plus(fees),
      paidInterest: s.totals.paidInterest.plus(interest),
      paidPrincipal: s.totals.paidPrincipal.plus(principal),
    }),
  };
  let residualPrincipal = ZERO;
  let residualInterest = ZERO;
  const paidOff = isPayoff(next);
  if (paidOff) {
    residualPrincipal = next.principal;
    residualInterest = next.interest;
    next = payOff(next);
  }
  const record: PaymentRecord = {
    sequenceNumber: seq,
    effectiveDate: e.effectiveDate,
    kind: "payment",
    amount,
    fees,
    interest,
    principal,
    unapplied,
    residualPrincipal,
    residualInterest,
    paidOff,
    statusBefore: s0.status,
    forbearanceBefore: s0.forbearance,
  };
  return { ...next, payments: appendPayment(next.payments, record) };
};

/**
 * An accrual adds its amount to interest. An adjustment (`adjusts`, written by a
 * correction's restatement) carries the signed difference between the corrected
 * and the original amount of one day, so it may lower interest.
 */
const interestAccrual: Handler<"interest_accrual"> = (s, e) => {
  const amount = new Dec(e.eventData.amount);
  let next: EngineState = {
    ...s,
    interest: s.interest.plus(amount),
    totals: totals(s, { interestAccrued: s.totals.interestAccrued.plus(amount) }),
  };
  if (s.status === "originated") {
    next = warn(next, e.sequenceNumber, "interest accrued before any disbursement");
  }
  if (next.interest.isNegative()) {
    next = warn(
      next,
      e.sequenceNumber,
      `accrual adjustment ${m(amount)} leaves the interest balance negative (${m(next.interest)})`,
    );
  }
  return amount.greaterThan(0) ? reopenIfPaidOff(next, e.sequenceNumber, "interest accrued") : next;
};

const feeAssessment: Handler<"fee_assessment"> = (s, e) => {
  const amount = new Dec(e.eventData.amount);
  const next: EngineState = {
    ...s,
    fees: s.fees.plus(amount),
    totals: totals(s, { feesAssessed: s.totals.feesAssessed.plus(amount) }),
    feeLog: [
      ...s.feeLog,
      {
        sequenceNumber: e.sequenceNumber,
        kind: "fee",
        effectiveDate: e.effectiveDate,
        amount: m(amount),
        feeType: e.eventData.feeType,
      },
    ],
  };
  return reopenIfPaidOff(next, e.sequenceNumber, `${e.eventData.feeType} fee assessed`);
};

const feeWaiver: Handler<"fee_waiver"> = (s, e) => {
  const amount = new Dec(e.eventData.amount);
  let applied = amount;
  let next = s;
  if (amount.greaterThan(s.fees)) {
    applied = s.fees;
    next = warn(
      s,
      e.sequenceNumber,
      `waiver of ${m(amount)} exceeds the outstanding fees ${m(s.fees)}; only ${m(applied)} waived`,
    );
  }
  next = {
    ...next,
    fees: s.fees.minus(applied),
    totals: totals(next, { feesWaived: s.totals.feesWaived.plus(applied) }),
    feeLog: [
      ...s.feeLog,
      {
        sequenceNumber: e.sequenceNumber,
        kind: "waiver",
        effectiveDate: e.effectiveDate,
        amount: m(applied),
      },
    ],
  };
  return isPayoff(next) && !applied.isZero() ? payOff(next) : next;
};

const modification: Handler<"modification"> = (s, e) => {
  const { before, after, capitalizedInterest } = e.eventData;
  const terms = s.terms;
  let next = s;
  if (terms) {
    const diffs: string[] = [];
    if (!decEquals(before.annualRate, terms.annualRate)) {
      diffs.push(`annualRate ${before.annualRate} (replayed ${terms.annualRate})`);
    }
    if (before.termMonths !== terms.termMonths) {
      diffs.push(`termMonths ${before.termMonths} (replayed ${terms.termMonths})`);
    }
    if (!decEquals(before.paymentAmount, terms.paymentAmount)) {
      diffs.push(`paymentAmount ${before.paymentAmount} (replayed ${terms.paymentAmount})`);
    }
    if (before.maturityDate !== terms.maturityDate) {
      diffs.push(`maturityDate ${before.maturityDate} (replayed ${terms.maturityDate})`);
    }
    if (diffs.length > 0) {
      next = warn(
        next,
        e.sequenceNumber,
        `modification "before" disagrees with the replayed terms: ${diffs.join("; ")}`,
      );
    }
    next = {
      ...next,
      terms: {
        ...terms,
        annualRate: after.annualRate,
        termMonths: after.termMonths,
        paymentAmount: after.paymentAmount,
        maturityDate: after.maturityDate,
      },
    };
  }
  if (capitalizedInterest !== undefined) {
    next = capitalize(next, new Dec(capitalizedInterest), e.sequenceNumber, "capitalizedInterest");
  }
  return next;
};

const forbearanceStart: Handler<"forbearance_start"> = (s, e) => {
  const p = e.eventData;
  if (s.status !== "active" && s.status !== "forbearance") {
    return warn(
      s,
      e.sequenceNumber,
      `forbearance cannot start on a loan that is ${s.status}; ignored`,
    );
  }
  const next: EngineState = {
    ...s,
    status: "forbearance",
    forbearance: {
      forbearanceType: p.forbearanceType,
      reducedPayment: p.reducedPayment,
      startDate: e.effectiveDate,
      plannedEndDate: p.plannedEndDate ?? null,
    },
  };
  return s.status === "forbearance"
    ? warn(
        next,
        e.sequenceNumber,
        `already in forbearance since ${s.forbearance?.startDate ?? "?"}; forbearance terms replaced`,
      )
    : next;
};

const forbearanceEnd: Handler<"forbearance_end"> = (s, e) => {
  const p = e.eventData;
  let next = s;
  if (s.status === "forbearance") {
    next = { ...s, status: "active", forbearance: null };
  } else {
    next = warn(
      s,
      e.sequenceNumber,
      `forbearance_end on a loan that is ${s.status}, not in forbearance; status unchanged, recorded amounts applied`,
    );
  }
  if (p.capitalizedAmount !== undefined) {
    next = capitalize(next, new Dec(p.capitalizedAmount), e.sequenceNumber, "capitalizedAmount");
  }
  if (p.extendedMonths !== undefined && next.terms) {
    next = {
      ...next,
      terms: {
        ...next.terms,
        termMonths: next.terms.termMonths + p.extendedMonths,
        maturityDate: addMonths(next.terms.maturityDate, p.extendedMonths),
      },
    };
  }
  return next;
};

const deferment: Handler<"deferment"> = (s, e) => {
  const p = e.eventData;
  let next: EngineState = {
    ...s,
    deferredPeriods: s.deferredPeriods + p.periods,
    terms: s.terms
      ? { ...s.terms, maturityDate: addMonths(s.terms.maturityDate, p.periods) }
      : s.terms,
  };
  if (p.capitalizedAmount !== undefined) {
    next = capitalize(next, new Dec(p.capitalizedAmount), e.sequenceNumber, "capitalizedAmount");
  }
  if (p.waivedAmount !== undefined) {
    const want = new Dec(p.waivedAmount);
    let applied = want;
    if (want.greaterThan(next.interest)) {
      applied = next.interest;
      next = warn(
        next,
        e.sequenceNumber,
        `waivedAmount ${m(want)} exceeds the interest balance ${m(next.interest)}; only ${m(applied)} waived`,
      );
    }
    next = {
      ...next,
      interest: next.interest.minus(applied),
      totals: totals(next, { interestWaived: next.totals.interestWaived.plus(applied) }),
    };
  }
  return next;
};

const chargeOff: Handler<"charge_off"> = (s0, e) => {
  const p = e.eventData;
  const seq = e.sequenceNumber;
  let s = s0;
  const wantP = new Dec(p.principal);
  const wantI = new Dec(p.interest);
  const wantF = new Dec(p.fees);
  const amount = new Dec(p.amount);
  if (!wantP.plus(wantI).plus(wantF).equals(amount)) {
    s = warn(
      s,
      seq,
      `charge-off amount ${m(amount)} is not principal + interest + fees (${m(wantP.plus(wantI).plus(wantF))}); the components are applied`,
    );
  }
  const cap = (want: Dec, balance: Dec, name: string): Dec => {
    if (want.lessThanOrEqualTo(balance)) return want;
    s = warn(
      s,
      seq,
      `charge-off ${name} ${m(want)} exceeds the ${name} balance ${m(balance)}; ${m(balance)} written off`,
    );
    return balance;
  };
  const principal = cap(wantP, s0.principal, "principal");
  const interest = cap(wantI, s0.interest, "interest");
  const fees = cap(wantF, s0.fees, "fees");
  const left = s0.principal
    .minus(principal)
    .plus(s0.interest.minus(interest))
    .plus(s0.fees.minus(fees));
  if (left.greaterThan(0)) {
    s = warn(s, seq, `charge-off leaves ${m(left)} outstanding (partial charge-off)`);
  }
  const written = principal.plus(interest).plus(fees);
  return {
    ...s,
    status: "charged_off",
    principal: s0.principal.minus(principal),
    interest: s0.interest.minus(interest),
    fees: s0.fees.minus(fees),
    forbearance: null,
    chargeOff: {
      sequenceNumber: seq,
      date: e.effectiveDate,
      principal,
      interest,
      fees,
      statusBefore: s0.status,
      forbearanceBefore: s0.forbearance,
    },
    totals: totals(s, { chargedOff: s.totals.chargedOff.plus(written) }),
  };
};

/**
 * A reversal puts back what its target changed: a payment's allocation, a fee,
 * a waiver, or a charge-off's write-off. The target is marked reversed.
 */
const reversal: Handler<"reversal"> = (s, e) => {
  const target = e.eventData.reversedSequence;
  const seq = e.sequenceNumber;
  const by = s.reversals.get(target);
  if (by !== undefined) {
    return warn(s, seq, `event #${target} was already reversed by #${by}; ignored`);
  }
  const reversals = new Map(s.reversals);
  reversals.set(target, seq);
  const rec = findPayment(s.payments, target);
  if (!rec) {
    if (s.chargeOff?.sequenceNumber === target) return reverseChargeOff(s, reversals);
    const fee = findFeeRecord(s.feeLog, target);
    if (fee) return reverseFeeRecord(s, fee, reversals, seq);
    return warn(
      s,
      seq,
      target >= seq
        ? `reversal target #${target} is not an earlier event; ignored`
        : `reversal target #${target} is not a payment, fee, waiver or charge-off in this history (unknown, or not in effect at this date); ignored`,
    );
  }
  if (rec.kind === "recovery") {
    return {
      ...s,
      reversals,
      totals: totals(s, {
        recoveries: s.totals.recoveries.minus(rec.amount),
        reversed: s.totals.reversed.plus(rec.amount),
      }),
    };
  }
  const t: { -readonly [K in keyof EngineTotals]?: Dec } = {
    paid: s.totals.paid.minus(rec.amount),
    paidFees: s.totals.paidFees.minus(rec.fees),
    paidInterest: s.totals.paidInterest.minus(rec.interest),
    paidPrincipal: s.totals.paidPrincipal.minus(rec.principal),
    reversed: s.totals.reversed.plus(rec.amount),
  };
  const residual = rec.residualPrincipal.plus(rec.residualInterest);
  if (s.status === "charged_off") {
    // The payment was applied before the charge-off: what it paid is now a further loss,
    // by balance (so the write-off's split still adds up, and reversing the
    // charge-off later puts back what this payment had paid too).
    const putBack = rec.fees.plus(rec.interest).plus(rec.principal).plus(residual);
    t.chargedOff = s.totals.chargedOff.plus(putBack);
    t.residualWrittenOff = s.totals.residualWrittenOff.minus(residual);
    const c = s.chargeOff;
    const chargeOff = c && {
      ...c,
      principal: c.principal.plus(rec.principal).plus(rec.residualPrincipal),
      interest: c.interest.plus(rec.interest).plus(rec.residualInterest),
      fees: c.fees.plus(rec.fees),
    };
    return warn(
      {
        ...s,
        reversals,
        unapplied: s.unapplied.minus(rec.unapplied),
        chargeOff,
        totals: totals(s, t),
      },
      seq,
      `payment #${target} was applied before the charge-off; its ${m(putBack)} is added to the charged-off total`,
    );
  }
  t.residualWrittenOff = s.totals.residualWrittenOff.minus(residual);
  const next: EngineState = {
    ...s,
    reversals,
    fees: s.fees.plus(rec.fees),
    interest: s.interest.plus(rec.interest).plus(rec.residualInterest),
    principal: s.principal.plus(rec.principal).plus(rec.residualPrincipal),
    unapplied: s.unapplied.minus(rec.unapplied),
    totals: totals(s, t),
  };
  // The payment that paid the loan off is undone: back to the status before it. (A loan
  // paid off otherwise stays paid off unless it owes something again.)
  if (next.status === "paid_off" && (rec.paidOff || !isOwedNothing(next))) {
    const restored: LoanStatus = rec.statusBefore === "paid_off" ? "active" : rec.statusBefore;
    return {
      ...next,
      status: restored,
      forbearance: restored === "forbearance" ? rec.forbearanceBefore : null,
    };
  }
  return next;
};

/** The write-off undone: balances back, charged-off total down, the status before it restored. */
function reverseChargeOff(s: EngineState, reversals: ReadonlyMap<number, number>): EngineState {
  const c = s.chargeOff as NonNullable<EngineState["chargeOff"]>;
  const written = c.principal.plus(c.interest).plus(c.fees);
  return {
    ...s,
    reversals,
    status: c.statusBefore,
    forbearance: c.forbearanceBefore,
    principal: s.principal.plus(c.principal),
    interest: s.interest.plus(c.interest),
    fees: s.fees.plus(c.fees),
    chargeOff: null,
    totals: totals(s, { chargedOff: s.totals.chargedOff.minus(written) }),
  };
}

/**
 * A fee reversed is no longer assessed (fees and feesAssessed down); a waiver
 * reversed is owed again (fees up, feesWaived down).
 */
function reverseFeeRecord(
  s: EngineState,
  fee: FeeRecord,
  reversals: ReadonlyMap<number, number>,
  seq: number,
): EngineState {
  const amount = new Dec(fee.amount);
  if (fee.kind === "waiver") {
    return {
      ...s,
      reversals,
      status: s.status === "paid_off" ? "active" : s.status,
      fees: s.fees.plus(amount),
      totals: totals(s, { feesWaived: s.totals.feesWaived.minus(amount) }),
    };
  }
  // Like a waiver beyond the fees owed: only what is still outstanding is taken back (the
  // rest was paid or waived, and stays so), so fees never go negative and assessed - waived
  // - paid is still the fees owed. A correction never gets here: its replay would warn.
  const takenBack = minDec(amount, s.fees);
  let next: EngineState = {
    ...s,
    reversals,
    fees: s.fees.minus(takenBack),
    totals: totals(s, { feesAssessed: s.totals.feesAssessed.minus(takenBack) }),
  };
  if (takenBack.lessThan(amount)) {
    next = warn(
      next,
      seq,
      `reversing fee #${fee.sequenceNumber} of ${fee.amount}: only ${m(takenBack)} was still owed (the rest was already paid or waived); only ${m(takenBack)} taken back`,
    );
  }
  return isPayoff(next) && !takenBack.isZero() ? payOff(next) : next;
}

function isOwedNothing(s: EngineState): boolean {
  return s.principal.isZero() && s.interest.isZero() && s.fees.isZero();
}

/** The handlers: a mapped type over EventType, so a missing handler is a compile error. */
export const handlers: { readonly [K in EventType]: Handler<K> } = {
  origination,
  disbursement,
  payment,
  interest_accrual: interestAccrual,
  fee_assessment: feeAssessment,
  fee_waiver: feeWaiver,
  modification,
  forbearance_start: forbearanceStart,
  forbearance_end: forbearanceEnd,
  deferment,
  charge_off: chargeOff,
  reversal,
};

/** Event types still meaningful after charge-off (later payments are recoveries). */
const AFTER_CHARGE_OFF: ReadonlySet<EventType> = new Set<EventType>(["payment", "reversal"]);

/**
 * Apply one event: the guards shared by all types, then the type's handler, then
 * the bookkeeping (lastSequence, eventsApplied). Pure.
 */
export function applyEvent(s: EngineState, e: LoanEvent): EngineState {
  let next: EngineState;
  if (s.status === "none" && e.eventType !== "origination") {
    next = warn(s, e.sequenceNumber, `${e.eventType} before origination; ignored`);
  } else if (s.status === "charged_off" && !AFTER_CHARGE_OFF.has(e.eventType)) {
    next = warn(s, e.sequenceNumber, `loan is charged off; ${e.eventType} ignored`);
  } else {
    const handler = handlers[e.eventType] as (state: EngineState, event: LoanEvent) => EngineState;
    next = handler(s, e);
    if (s.originationDate !== null && e.effectiveDate < s.originationDate) {
      next = warn(
        next,
        e.sequenceNumber,
        `effective date ${e.effectiveDate} is before the origination date ${s.originationDate}`,
      );
    }
  }
  // `next` is a fresh object made by this step (copied here if a handler returned its
  // input unchanged) and not yet visible to anyone, so setting the bookkeeping fields
  // in place keeps every published state immutable while saving a copy per event.
  const fresh = (next === s ? { ...s } : next) as {
    -readonly [K in keyof EngineState]: EngineState[K];
  };
  fresh.lastSequence = e.sequenceNumber;
  fresh.eventsApplied = s.eventsApplied + 1;
  fresh.facts = trackFacts(s.facts, e);
  return fresh;
}

/**
 * applyEvent over `events` from index `from`, the ones `keep` keeps, for as
 * long as each is an interest accrual the handler only adds up: a positive
 * amount, on an active or forborne loan, on or after its origination, the
 * interest balance staying non-negative (no warning, no change of status).
 * The state is the one applyEvent would reach event by event (the same
 * additions in the same order; a property test compares them), built once
 * for the run instead of once a day: the tail of a replay as of a date is
 * mostly daily accruals. Returns the state and the index of the first kept
 * event it did not fold (events.length when none is left), past the events
 * `keep` drops, so a caller skipping a long stretch of them scans it once;
 * `from` when the state itself rules a run out. The caller applies that
 * event with applyEvent.
 */
export function foldAccrualRun(
  s: EngineState,
  events: readonly LoanEvent[],
  from: number,
  keep: (e: LoanEvent) => boolean,
): { state: EngineState; next: number } {
  // A positive amount cannot turn a non-negative balance negative; one that
  // started negative (an earlier adjustment) goes event by event, warnings and all.
  if ((s.status !== "active" && s.status !== "forbearance") || s.interest.isNegative()) {
    return { state: s, next: from };
  }
  const origination = s.originationDate;
  let interest = s.interest;
  let accrued = s.totals.interestAccrued;
  let { lastEffectiveDate, accruedThrough } = s.facts;
  let lastSequence = s.lastSequence;
  let folded = 0;
  let i = from;
  for (; i < events.length; i++) {
    const e = events[i] as LoanEvent;
    if (!keep(e)) continue;
    if (e.eventType !== "interest_accrual") break;
    if (origination !== null && e.effectiveDate < origination) break;
    const amount = new Dec(e.eventData.amount);
    if (!amount.greaterThan(0)) break;
    interest = interest.plus(amount);
    accrued = accrued.plus(amount);
    if (lastEffectiveDate === null || e.effectiveDate > lastEffectiveDate) {
      lastEffectiveDate = e.effectiveDate;
    }
    if (accruedThrough === null || e.effectiveDate > accruedThrough) {
      accruedThrough = e.effectiveDate;
    }
    lastSequence = e.sequenceNumber;
    folded++;
  }
  // Nothing folded: `i` is still past only events `keep` drops (or at the end).
  if (folded === 0) return { state: s, next: i };
  return {
    state: {
      ...s,
      interest,
      totals: { ...s.totals, interestAccrued: accrued },
      lastSequence,
      eventsApplied: s.eventsApplied + folded,
      facts: { ...s.facts, lastEffectiveDate, accruedThrough },
    },
    next: i,
  };
}

/**
 * applyEvent over the events `keep` keeps, in the order given, runs of plain
 * accruals folded at once (foldAccrualRun): the fold every replay without
 * steps makes.
 */
export function foldKept(
  start: EngineState,
  events: readonly LoanEvent[],
  keep: (e: LoanEvent) => boolean = KEEP_ALL,
): EngineState {
  let state = start;
  for (let i = 0; i < events.length; ) {
    const run = foldAccrualRun(state, events, i, keep);
    state = run.state;
    const e = events[run.next];
    if (e === undefined) break;
    i = run.next + 1;
    if (keep(e)) state = applyEvent(state, e);
  }
  return state;
}

export const KEEP_ALL = (_e: LoanEvent): boolean => true;
