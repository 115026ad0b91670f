/**
 * Level monthly payment and amortization schedule.
 *
 * Rules (stated here, tested in tests/engine/amortization.test.ts):
 * - Monthly rate r = annualRate / 12 (for every day-count convention; the
 *   convention only changes the interest of each period in the schedule).
 * - Level payment = P * r / (1 - (1 + r)^-n), computed with 40 significant digits
 *   and rounded half-up to cents; with r = 0 it is P / n rounded half-up to cents.
 * - Schedule interest per period, rounded half-up to cents:
 *     30/360 (or no convention): balance * r;
 *     actual/365, actual/360: balance * annualRate * actualDays / basis, where the
 *     period runs from the previous due date (for period 1: `startDate`, by default
 *     one month before the first payment) to the due date.
 * - Principal = payment - interest. The last period's payment is whatever clears
 *   the balance (it absorbs the rounding residual). If a larger payment clears the
 *   balance early, the schedule ends early.
 * - Due dates are firstPaymentDate + (k - 1) months, clamped to month end.
 */
import { addMonths, daysBetween, type IsoDate, isIsoDate } from "./dates";
import { type DayCountConvention, isDayCountConvention, yearBasis } from "./day-count";
import { CASH_PLACES, type Dec, isDecimalString, ROUNDING, toMoney, ZERO } from "./money";

export interface LevelPaymentInput {
  principal: string;
  annualRate: string;
  termMonths: number;
}

export interface ScheduleInput extends LevelPaymentInput {
  firstPaymentDate: IsoDate;
  dayCount?: DayCountConvention;
  /** Fixed payment to use instead of the level payment (e.g. the loan's contractual payment). */
  paymentAmount?: string;
  /** Start of the first interest period for actual/* conventions (default: one month before the first payment). */
  startDate?: IsoDate;
}

export interface ScheduleRow {
  period: number;
  dueDate: IsoDate;
  payment: string;
  interest: string;
  principal: string;
  /** Remaining balance after this payment. */
  balance: string;
}

export interface ScheduleTotals {
  payments: string;
  interest: string;
  principal: string;
}

function checkInput(input: LevelPaymentInput): void {
  if (!isDecimalString(input.principal, CASH_PLACES) || input.principal.startsWith("-")) {
    throw new RangeError(
      "principal must be a non-negative decimal string with at most 2 decimal places",
    );
  }
  if (!isDecimalString(input.annualRate) || input.annualRate.startsWith("-")) {
    throw new RangeError('annualRate must be a non-negative decimal string (e.g. "0.0650")');
  }
  if (!Number.isInteger(input.termMonths) || input.termMonths < 1) {
    throw new RangeError("termMonths must be a positive integer");
  }
}

/** Level monthly payment, rounded half-up to cents (decimal string). */
export function levelPayment(input: LevelPaymentInput): string {
  checkInput(input);
  const principal = toMoney(input.principal);
  const r = toMoney(input.annualRate).dividedBy(12);
  const n = input.termMonths;
  let payment: Dec;
  if (r.isZero()) {
    payment = principal.dividedBy(n);
  } else {
    const growth = r.plus(1).pow(n);
    payment = principal.times(r).times(growth).dividedBy(growth.minus(1));
  }
  return payment.toFixed(CASH_PLACES, ROUNDING.cash);
}

/** Amortization schedule: one row per monthly payment (decimal strings). */
export function amortizationSchedule(input: ScheduleInput): ScheduleRow[] {
  checkInput(input);
  if (!isIsoDate(input.firstPaymentDate)) {
    throw new RangeError("firstPaymentDate must be a valid date YYYY-MM-DD");
  }
  if (input.dayCount !== undefined && !isDayCountConvention(input.dayCount)) {
    throw new RangeError("dayCount must be one of actual/365, actual/360, 30/360");
  }
  if (input.startDate !== undefined && !isIsoDate(input.startDate)) {
    throw new RangeError("startDate must be a valid date YYYY-MM-DD");
  }
  if (
    input.paymentAmount !== undefined &&
    (!isDecimalString(input.paymentAmount, CASH_PLACES) || input.paymentAmount.startsWith("-"))
  ) {
    throw new RangeError(
      "paymentAmount must be a non-negative decimal string with at most 2 decimal places",
    );
  }
  const rate = toMoney(input.annualRate);
  const monthly = rate.dividedBy(12);
  const payment = toMoney(input.paymentAmount ?? levelPayment(input));
  const convention = input.dayCount ?? "30/360";
  const actual = convention !== "30/360";
  const basis = yearBasis(convention);

  const rows: ScheduleRow[] = [];
  let balance = toMoney(input.principal);
  let periodStart = input.startDate ?? addMonths(input.firstPaymentDate, -1);
  for (let k = 1; k <= input.termMonths && balance.greaterThan(0); k++) {
    const dueDate = addMonths(input.firstPaymentDate, k - 1);
    const rawInterest = actual
      ? balance.times(rate).times(daysBetween(periodStart, dueDate)).dividedBy(basis)
      : balance.times(monthly);
    const interest = rawInterest.toDecimalPlaces(CASH_PLACES, ROUNDING.cash);
    let principal = payment.minus(interest);
    let paid = payment;
    if (k === input.termMonths || principal.greaterThanOrEqualTo(balance)) {
      principal = balance;
      paid = balance.plus(interest);
    }
    balance = balance.minus(principal);
    rows.push({
      period: k,
      dueDate,
      payment: paid.toFixed(CASH_PLACES),
      interest: interest.toFixed(CASH_PLACES),
      principal: principal.toFixed(CASH_PLACES),
      balance: (balance.isZero() ? ZERO : balance).toFixed(CASH_PLACES),
    });
    periodStart = dueDate;
  }
  return rows;
}

export function scheduleTotals(rows: readonly ScheduleRow[]): ScheduleTotals {
  let payments = ZERO;
  let interest = ZERO;
  let principal = ZERO;
  for (const r of rows) {
    payments = payments.plus(r.payment);
    interest = interest.plus(r.interest);
    principal = principal.plus(r.principal);
  }
  return {
    payments: payments.toFixed(CASH_PLACES),
    interest: interest.toFixed(CASH_PLACES),
    principal: principal.toFixed(CASH_PLACES),
  };
}

/** Maturity (last due) date: firstPaymentDate + (termMonths - 1) months. */
export function maturityDate(firstPaymentDate: IsoDate, termMonths: number): IsoDate {
  return addMonths(firstPaymentDate, termMonths - 1);
}

/** Due dates (firstPaymentDate + k months) strictly after `date`, up to and including maturity. */
export function paymentsLeft(firstPaymentDate: string, maturityDate: string, date: string): number {
  let left = 0;
  for (let k = 0; ; k++) {
    const due = addMonths(firstPaymentDate, k);
    if (due > maturityDate) return left;
    if (due > date) left++;
  }
}
