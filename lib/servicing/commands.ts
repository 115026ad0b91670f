/**
 * Servicing commands: turn what a servicer asks for ("post $500 on March 3rd",
 * "end the forbearance and capitalise") into the events to append, computed
 * from the loan's history. Pure; the service layer locks, validates and writes.
 *
 * Every amount an event changes is computed here, once, and stored in the
 * event (DOMAIN.md principle 2): the waterfall split, capitalised and
 * charged-off amounts, the new payment after a modification.
 */

import { levelPayment } from "../amortization";
import { AppError } from "../app-error";
import { addDays, addMonths } from "../dates";
import type { EventType } from "../events/event-types";
import type { EventPayload, LoanEvent } from "../events/types";
import { toMoney } from "../money";
import { replay } from "../replay/replay";
import type { LoanState, LoanTerms } from "../replay/state";
import { planAccruals } from "./accrual";
import { allocatePayment, DEFAULT_WATERFALL, type WaterfallOrder } from "./waterfall";

export interface EventInput {
  eventType: EventType;
  effectiveDate: string;
  eventData: unknown;
}

/**
 * Interest accruals for the days before `date` not yet accrued, as inputs, and
 * the state as of `date` once they are applied: what the borrower owes that day.
 */
export function catchUpAccruals(history: readonly LoanEvent[], date: string) {
  const inputs: EventInput[] = [];
  const events: LoanEvent[] = [...history];
  let seq = history.at(-1)?.sequenceNumber ?? 0;
  for (const accrual of planAccruals(history, addDays(date, -1))) {
    inputs.push({ eventType: "interest_accrual", ...accrual });
    events.push({ sequenceNumber: ++seq, eventType: "interest_accrual", ...accrual });
  }
  return { inputs, events, state: replay(events, date).state };
}

function requireTerms(state: LoanState): LoanTerms {
  if (!state.terms) throw new AppError("rule_violation", "The loan has not been originated.");
  return state.terms;
}

export interface PaymentCommand {
  amount: string;
  effectiveDate: string;
  method?: string;
  reference?: string;
  /** Today's business date: a payment effective earlier is marked backdated. */
  today: string;
  order?: WaterfallOrder;
}

/**
 * Accrue up to the day before the payment, then split it with the waterfall
 * over the balances as of the payment date.
 */
export function paymentCommand(history: readonly LoanEvent[], cmd: PaymentCommand): EventInput[] {
  const { inputs, state } = catchUpAccruals(history, cmd.effectiveDate);
  const eventData: Record<string, unknown> = {
    amount: cmd.amount,
    allocation: allocatePayment(cmd.amount, state, cmd.order ?? DEFAULT_WATERFALL),
  };
  if (cmd.method) eventData.method = cmd.method;
  if (cmd.reference) eventData.reference = cmd.reference;
  if (cmd.effectiveDate < cmd.today) eventData.backdated = true;
  return [...inputs, { eventType: "payment", effectiveDate: cmd.effectiveDate, eventData }];
}

export interface ReversalCommand {
  paymentSequence: number;
  effectiveDate: string;
  reason: string;
  /** An NSF (returned payment) fee assessed with the reversal. */
  nsfFee?: string;
}

export function reversalCommand(cmd: ReversalCommand): EventInput[] {
  const inputs: EventInput[] = [
    {
      eventType: "reversal",
      effectiveDate: cmd.effectiveDate,
      eventData: { reversedSequence: cmd.paymentSequence, reason: cmd.reason },
    },
  ];
  if (cmd.nsfFee && !toMoney(cmd.nsfFee).isZero()) {
    inputs.push({
      eventType: "fee_assessment",
      effectiveDate: cmd.effectiveDate,
      eventData: { amount: cmd.nsfFee, feeType: "nsf", relatedSequence: cmd.paymentSequence },
    });
  }
  return inputs;
}

export interface ModificationCommand {
  effectiveDate: string;
  reason: string;
  annualRate?: string;
  /** New total term in months, counted from the first payment date. */
  termMonths?: number;
  /** Move the interest outstanding on the effective date into principal. */
  capitalizeInterest?: boolean;
}

/**
 * `before` is the replayed terms; `after` applies the new rate and/or term, and
 * the new payment is the level payment that amortises the principal (after any
 * capitalisation) over the payments left until the new maturity date.
 */
export function modificationCommand(
  history: readonly LoanEvent[],
  cmd: ModificationCommand,
): EventInput[] {
  const { inputs, state } = catchUpAccruals(history, cmd.effectiveDate);
  const terms = requireTerms(state);
  const annualRate = cmd.annualRate ?? terms.annualRate;
  const termMonths = cmd.termMonths ?? terms.termMonths;
  const maturityDate = addMonths(terms.firstPaymentDate, termMonths - 1);
  const capitalized = cmd.capitalizeInterest ? toMoney(state.interest) : toMoney("0");
  const principal = toMoney(state.principal).plus(capitalized);
  const remaining = paymentsLeft(terms.firstPaymentDate, termMonths, cmd.effectiveDate);
  if (remaining < 1) {
    throw new AppError(
      "rule_violation",
      `The new maturity date ${maturityDate} is not after ${cmd.effectiveDate}; lengthen the term.`,
    );
  }
  const paymentAmount = levelPayment({
    principal: principal.toFixed(2),
    annualRate,
    termMonths: remaining,
  });
  const eventData: EventPayload<"modification"> = {
    before: {
      annualRate: terms.annualRate,
      termMonths: terms.termMonths,
      paymentAmount: terms.paymentAmount,
      maturityDate: terms.maturityDate,
    },
    after: { annualRate, termMonths, paymentAmount, maturityDate },
    reason: cmd.reason,
  };
  if (!capitalized.isZero()) eventData.capitalizedInterest = state.interest;
  return [...inputs, { eventType: "modification", effectiveDate: cmd.effectiveDate, eventData }];
}

/** Due dates (firstPaymentDate + k months) strictly after `date`, up to maturity. */
export function paymentsLeft(firstPaymentDate: string, termMonths: number, date: string): number {
  let left = 0;
  for (let k = 0; k < termMonths; k++) if (addMonths(firstPaymentDate, k) > date) left++;
  return left;
}

export interface ForbearanceEndCommand {
  effectiveDate: string;
  action: EventPayload<"forbearance_end">["action"];
  extendedMonths?: number;
}

/** Accrue to the end date; `capitalize` moves the interest outstanding then into principal. */
export function forbearanceEndCommand(
  history: readonly LoanEvent[],
  cmd: ForbearanceEndCommand,
): EventInput[] {
  const { inputs, state } = catchUpAccruals(history, cmd.effectiveDate);
  const eventData: Record<string, unknown> = { action: cmd.action };
  if (cmd.action === "capitalize") eventData.capitalizedAmount = state.interest;
  if (cmd.extendedMonths !== undefined) eventData.extendedMonths = cmd.extendedMonths;
  return [...inputs, { eventType: "forbearance_end", effectiveDate: cmd.effectiveDate, eventData }];
}

export interface DefermentCommand {
  effectiveDate: string;
  periods: number;
  interestTreatment: EventPayload<"deferment">["interestTreatment"];
}

/**
 * Maturity moves out by `periods` months. `capitalize` moves the interest
 * outstanding on the start date into principal; `waive` stops accrual for the
 * deferment's months (the accrual job skips them); `accrue` changes nothing else.
 */
export function defermentCommand(
  history: readonly LoanEvent[],
  cmd: DefermentCommand,
): EventInput[] {
  const { inputs, state } = catchUpAccruals(history, cmd.effectiveDate);
  const eventData: Record<string, unknown> = {
    periods: cmd.periods,
    interestTreatment: cmd.interestTreatment,
  };
  if (cmd.interestTreatment === "capitalize") eventData.capitalizedAmount = state.interest;
  return [...inputs, { eventType: "deferment", effectiveDate: cmd.effectiveDate, eventData }];
}

/** Write off everything outstanding on the charge-off date (after accruing to it). */
export function chargeOffCommand(
  history: readonly LoanEvent[],
  cmd: { effectiveDate: string; reason: string },
): EventInput[] {
  const { inputs, state } = catchUpAccruals(history, cmd.effectiveDate);
  const amount = toMoney(state.principal).plus(state.interest).plus(state.fees);
  return [
    ...inputs,
    {
      eventType: "charge_off",
      effectiveDate: cmd.effectiveDate,
      eventData: {
        amount: amount.toFixed(),
        principal: state.principal,
        interest: state.interest,
        fees: state.fees,
        reason: cmd.reason,
      },
    },
  ];
}
