/**
 * Day-count conventions.
 *
 * - `actual/365`: Actual/365 Fixed. Actual calendar days; year of 365 days (also in leap years).
 * - `actual/360`: Actual/360. Actual calendar days; year of 360 days.
 * - `30/360`: 30/360 US bond basis (ISDA 2006 Definitions 4.16(f), "30/360" / "Bond Basis"):
 *     days = 360*(Y2-Y1) + 30*(M2-M1) + (D2-D1), where
 *     D1 = 30 if D1 is 31; D2 = 30 if D2 is 31 and (the adjusted) D1 is 30.
 *   No special end-of-February rule (that is the "30/360 US (NASD)/SIA EOM" variant).
 */
import { addDays, daysBetween, type IsoDate, parseIsoDate } from "./dates";
import { Dec, INTEREST_PLACES, ROUNDING, toMoney } from "./money";

export const DAY_COUNTS = ["actual/365", "actual/360", "30/360"] as const;
export type DayCountConvention = (typeof DAY_COUNTS)[number];

export function isDayCountConvention(value: unknown): value is DayCountConvention {
  return typeof value === "string" && (DAY_COUNTS as readonly string[]).includes(value);
}

/** Days in the year the convention divides by. */
export function yearBasis(convention: DayCountConvention): 365 | 360 {
  return convention === "actual/365" ? 365 : 360;
}

/** 30/360 bond basis day count (signed). */
export function days30360(from: IsoDate, to: IsoDate): number {
  const a = parseIsoDate(from);
  const b = parseIsoDate(to);
  let d1 = a.day;
  let d2 = b.day;
  if (d1 === 31) d1 = 30;
  if (d2 === 31 && d1 === 30) d2 = 30;
  return 360 * (b.year - a.year) + 30 * (b.month - a.month) + (d2 - d1);
}

/** Day count between two dates under a convention (negative if `to` is before `from`). */
export function dayCount(convention: DayCountConvention, from: IsoDate, to: IsoDate): number {
  switch (convention) {
    case "actual/365":
    case "actual/360":
      return daysBetween(from, to);
    case "30/360":
      return days30360(from, to);
    default: {
      const unknown: never = convention;
      throw new RangeError(`unknown day count convention: ${String(unknown)}`);
    }
  }
}

/**
 * The day-count days of the daily accrual dated `day` on a loan that accrues
 * from `start` (its first disbursement): dayCount(start, day+1) -
 * dayCount(start, day). They telescope: the days of the accruals dated
 * start .. E-1 add up to exactly dayCount(start, E), for every E and every
 * convention. Under the actual conventions that is 1 a day. Under 30/360 it
 * depends on the start's day of month (D1): with D1 before the 30th the 30th
 * of a 31-day month counts 1 and the 31st counts 0 (the 31st is a day of the
 * period, it is not folded into the 30th); with D1 the 30th or 31st the 30th
 * counts 0 and the 31st counts 1; the last day of February counts the
 * missing days (up to 3). Never negative; 0 means no accrual that day.
 */
export function accrualDays(convention: DayCountConvention, start: IsoDate, day: IsoDate): number {
  return dayCount(convention, start, addDays(day, 1)) - dayCount(convention, start, day);
}

/** Year fraction = dayCount / yearBasis, exact (a Dec, not rounded). */
export function yearFraction(convention: DayCountConvention, from: IsoDate, to: IsoDate): Dec {
  return new Dec(dayCount(convention, from, to)).dividedBy(yearBasis(convention));
}

/**
 * Simple interest on `principal` at `annualRate` for `days` days under a convention,
 * rounded half-up to 6 decimal places (the precision of stored interest amounts).
 * This is what the daily accrual service records; replay never calls it.
 */
export function interestForDays(
  principal: string | Dec,
  annualRate: string | Dec,
  convention: DayCountConvention,
  days: number,
): string {
  return toMoney(principal)
    .times(toMoney(annualRate))
    .times(days)
    .dividedBy(yearBasis(convention))
    .toFixed(INTEREST_PLACES, ROUNDING.interest);
}
