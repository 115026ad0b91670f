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
 * The day's day-count days are accrualDays(convention, S, D) =
 * dayCount(S, D+1) - dayCount(S, D), S being the loan's accrual start (its
 * first disbursement date), so the days accrued from S through any day E-1
 * add up to exactly dayCount(convention, S, E) (the contract's "Daily accrual
 * days"). Under the actual conventions that is 1 a day. Under 30/360 (US bond
 * basis) it depends on S's day of month: when S is before the 30th, the 30th
 * of a 31-day month counts 1 and the 31st counts 0; when S is the 30th or the
 * 31st, the 30th counts 0 and the 31st counts 1; the last day of February
 * counts the missing days (3 in a common year, 2 in a leap year). A day that
 * counts 0 gets no event. amount = principalBasis x annualRate x days /
 * yearBasis, rounded half-up to 6 places (ROUNDING.interest).
 *
 * Stored accruals are outcomes: replay applies their `amount` and never
 * recomputes `days`, so this rule only decides the accruals appended from
 * now on.
 *
 * A day accrues when, at its end, the loan is active or in forbearance, has
 * principal outstanding, and is not inside a deferment whose interest is waived.
 *
 * Planned from state, not history: days on or after the loan's last
 * non-accrual event all accrue on the current state; only days before it
 * (a backdated catch-up) read states from the write model's base.
 */
import { addDays } from "../dates";
import { accrualDays, interestForDays } from "../day-count";
import type { EventPayload, LoanEvent } from "../events/types";
import { moneyString } from "../money";
import { inWaivedWindow } from "../replay/facts";
import type { EngineState } from "../replay/state";
import { stateAt, type WriteModel } from "./write-model";

export interface PlannedAccrual {
  effectiveDate: string;
  eventData: EventPayload<"interest_accrual">;
}

/** The first day a loan still has to accrue (null before any disbursement). */
export function accrualStart(state: EngineState): string | null {
  const f = state.facts;
  return f.accruedThrough ? addDays(f.accruedThrough, 1) : f.firstDisbursementDate;
}

/**
 * The accruals a loan needs so that every day up to and including `through`
 * is accrued. Days after the last accrual only: re-running is a no-op.
 */
export function planAccruals(model: WriteModel, through: string): PlannedAccrual[] {
  // Accruals are appended after every stored event: on a loan that is charged
  // off or paid off now they would be ignored (or reopen it), whatever the
  // status on the days they cover.
  const status = model.current.status;
  if (status !== "active" && status !== "forbearance") return [];
  const start = accrualStart(model.current);
  if (!start || start > through) return [];
  const lastChange = model.current.facts.lastChangeDate ?? start;
  const changeDates = new Set(
    (model.base?.tail ?? [])
      .filter((e) => e.eventType !== "interest_accrual")
      .map((e) => e.effectiveDate),
  );
  const planned: PlannedAccrual[] = [];
  let state: EngineState | null = null;
  for (let day = start; day <= through; day = addDays(day, 1)) {
    if (day >= lastChange) {
      // Nothing but accruals is effective after this day: the current state
      // has the principal, rate and status of every remaining day.
      state = model.current;
    } else if (state === null || changeDates.has(day)) {
      state = stateAt(model, day);
    }
    const accrual = accrualForDay(state, day);
    if (accrual) planned.push(accrual);
  }
  return planned;
}

/**
 * The accrual dated `day` from the state at the end of that day (null when
 * the day accrues nothing). Its days telescope from the state's first
 * disbursement date (see accrualDays).
 */
export function accrualForDay(state: EngineState, day: string): PlannedAccrual | null {
  if (state.status !== "active" && state.status !== "forbearance") return null;
  if (!state.terms) return null;
  if (!state.principal.greaterThan(0)) return null;
  if (inWaivedWindow(state.facts, day)) return null;
  const { annualRate, dayCount: convention } = state.terms;
  const days = accrualDays(convention, state.facts.firstDisbursementDate ?? day, day);
  if (days === 0) return null;
  const amount = interestForDays(state.principal, annualRate, convention, days);
  if (/^0(\.0+)?$/.test(amount)) return null;
  return {
    effectiveDate: day,
    eventData: {
      amount,
      rate: annualRate,
      dayCount: convention,
      days,
      principalBasis: moneyString(state.principal),
    },
  };
}

/** Planned accruals as events numbered after `lastSequence` (to fold them while deciding). */
export function accrualEvents(
  planned: readonly PlannedAccrual[],
  lastSequence: number,
): LoanEvent[] {
  return planned.map((p, i) => ({
    sequenceNumber: lastSequence + 1 + i,
    eventType: "interest_accrual",
    effectiveDate: p.effectiveDate,
    eventData: p.eventData,
  }));
}
