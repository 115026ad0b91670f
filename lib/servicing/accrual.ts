/**
 * Daily interest accrual: which days a loan still has to accrue, and the
 * amount of each, computed once by the service and stored in the event.
 *
 * Which days an accrual covers: the accrual dated D is the interest for the
 * calendar day D, earned on the principal outstanding at the END of day D
 * (after every event effective on or before D). So a loan disbursed on Jan 1
 * and paid on Feb 1 accrues Jan 1 .. Jan 31 at the disbursed principal (31
 * days, the actual day count between the two dates) before the payment is
 * applied, and Feb 1 onwards at the reduced principal.
 *
 * The day's day-count days are dayCount(convention, D, D+1): 1 under the
 * actual conventions; under 30/360 (US bond basis) the 30th of a 31-day month
 * counts 0 days (30th -> 31st are both day 30; no event is written), the 31st
 * counts 1, and the last day of February counts the missing days (3 in a
 * common year, 2 in a leap year), so every month accrues 30 days and the days
 * from disbursement to a payment add up to the 30/360 count between them.
 * amount = principalBasis x annualRate x days / yearBasis, rounded half-up to 6
 * places (ROUNDING.interest).
 *
 * A day accrues when, at its end, the loan is active or in forbearance, has
 * principal outstanding, and is not inside a deferment whose interest is waived.
 */
import { addDays } from "../dates";
import { dayCount, interestForDays } from "../day-count";
import type { EventPayload, LoanEvent } from "../events/types";
import { toMoney } from "../money";
import { replay } from "../replay/replay";
import type { LoanState } from "../replay/state";
import { inWaivedDeferment } from "./append-rules";

export interface PlannedAccrual {
  effectiveDate: string;
  eventData: EventPayload<"interest_accrual">;
}

/** The last day already accrued (latest interest_accrual effective date), if any. */
export function accruedThrough(events: readonly LoanEvent[]): string | null {
  let last: string | null = null;
  for (const e of events) {
    if (e.eventType === "interest_accrual" && (last === null || e.effectiveDate > last)) {
      last = e.effectiveDate;
    }
  }
  return last;
}

function firstDisbursementDate(events: readonly LoanEvent[]): string | null {
  let first: string | null = null;
  for (const e of events) {
    if (e.eventType === "disbursement" && (first === null || e.effectiveDate < first)) {
      first = e.effectiveDate;
    }
  }
  return first;
}

/**
 * The accruals a loan needs so that every day up to and including `through` is
 * accrued. Days after the last accrual only: re-running is a no-op.
 */
export function planAccruals(events: readonly LoanEvent[], through: string): PlannedAccrual[] {
  const last = accruedThrough(events);
  const start = last ? addDays(last, 1) : firstDisbursementDate(events);
  if (!start || start > through) return [];

  // Principal, rate and status change only on dates with a non-accrual event:
  // replay once per such date, reuse the state for the days in between.
  const changeDates = new Set(
    events.filter((e) => e.eventType !== "interest_accrual").map((e) => e.effectiveDate),
  );
  const planned: PlannedAccrual[] = [];
  let state: LoanState = replay(events, start).state;
  for (let day = start; day <= through; day = addDays(day, 1)) {
    if (day !== start && changeDates.has(day)) state = replay(events, day).state;
    const accrual = accrualForDay(state, day, events);
    if (accrual) planned.push(accrual);
  }
  return planned;
}

function accrualForDay(
  state: LoanState,
  day: string,
  events: readonly LoanEvent[],
): PlannedAccrual | null {
  if (state.status !== "active" && state.status !== "forbearance") return null;
  if (!state.terms) return null;
  const principal = toMoney(state.principal);
  if (!principal.greaterThan(0)) return null;
  if (inWaivedDeferment(events, day)) return null;
  const { annualRate, dayCount: convention } = state.terms;
  const days = dayCount(convention, day, addDays(day, 1));
  if (days === 0) return null;
  const amount = interestForDays(principal, annualRate, convention, days);
  if (toMoney(amount).isZero()) return null;
  return {
    effectiveDate: day,
    eventData: {
      amount,
      rate: annualRate,
      dayCount: convention,
      days,
      principalBasis: state.principal,
    },
  };
}
