/**
 * Daily accrual days per the contract (DOMAIN.md "Daily accrual days"): the
 * accrual dated D counts dayCount(S, D+1) - dayCount(S, D), S the loan's first
 * disbursement, so the days accrued from S through any E-1 add up to exactly
 * dayCount(convention, S, E), under every convention.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  daysInMonth,
  formatIsoDate,
  fromEpochDay,
  parseIsoDate,
  toEpochDay,
} from "../../../lib/dates";
import { accrualDays, type DayCountConvention, dayCount, yearBasis } from "../../../lib/day-count";
import { Dec } from "../../../lib/money";
import { replay } from "../../../lib/replay/replay";
import { planAccruals } from "../../../lib/servicing/accrual";
import { type Draft, ev, history } from "../../engine/helpers";
import { modelOf } from "./spec";

const CONVENTIONS: readonly DayCountConvention[] = ["actual/365", "actual/360", "30/360"];

/** A loan of `principal` at `rate`, originated and disbursed on `start`. */
function loanFrom(
  start: string,
  convention: DayCountConvention,
  principal: string,
  rate: string,
): Draft[] {
  return [
    ev.origination(start, {
      principal,
      annualRate: rate,
      termMonths: 360,
      dayCount: convention,
      firstPaymentDate: addDays(start, 31),
    }),
    ev.disbursement(start, { amount: principal, method: "ach" }),
  ];
}

/** The accruals the service plans for such a loan, for the days start .. end-1. */
function planned(
  start: string,
  end: string,
  convention: DayCountConvention,
  principal = "12000.00",
  rate = "0.0600",
) {
  return planAccruals(
    modelOf(history(...loanFrom(start, convention, principal, rate)), false),
    addDays(end, -1),
  );
}

const sumDays = (p: ReturnType<typeof planned>) => p.reduce((n, a) => n + a.eventData.days, 0);
const sumAmounts = (p: ReturnType<typeof planned>) =>
  p.reduce((s, a) => s.plus(a.eventData.amount), new Dec(0)).toFixed(6);

// Disbursement dates: any day 1990..2040, and the awkward ones on purpose (the
// 28th, 29th, 30th, 31st and last day of a month, Feb 28 and Feb 29).
const FIRST = toEpochDay("1990-01-01");
const LAST = toEpochDay("2040-12-31");
const anyDay = fc.integer({ min: FIRST, max: LAST }).map(fromEpochDay);
const yearMonth = fc.record({
  year: fc.integer({ min: 1990, max: 2040 }),
  month: fc.integer({ min: 1, max: 12 }),
});
const awkwardDay = fc
  .tuple(yearMonth, fc.constantFrom(28, 29, 30, 31, 99))
  .map(([{ year, month }, day]) =>
    formatIsoDate(year, month, Math.min(day, daysInMonth(year, month))),
  );
const february = fc
  .tuple(fc.integer({ min: 1990, max: 2040 }), fc.constantFrom(28, 29))
  .map(([year, day]) => formatIsoDate(year, 2, Math.min(day, daysInMonth(year, 2))));
const startDate = fc.oneof(anyDay, awkwardDay, february);
// E: from S itself (nothing accrued) to a little over two years later, often a
// month end (where 30/360 used to lose a day).
const endAfter = (start: string) =>
  fc.oneof(
    fc.integer({ min: 0, max: 800 }).map((n) => addDays(start, n)),
    fc.integer({ min: 0, max: 26 }).map((m) => {
      const { year, month } = parseIsoDate(start);
      const total = year * 12 + (month - 1) + m;
      const y = Math.floor(total / 12);
      const mo = (total % 12) + 1;
      return formatIsoDate(y, mo, daysInMonth(y, mo));
    }),
  );
const startAndEnd = startDate
  .chain((s) => endAfter(s).map((e) => [s, e] as const))
  .filter(([s, e]) => e >= s);
const convention = fc.constantFrom(...CONVENTIONS);

describe("accrualDays", () => {
  it("telescopes: the days of S .. E-1 add up to dayCount(S, E); never negative", () => {
    fc.assert(
      fc.property(startAndEnd, convention, ([start, end], conv) => {
        let sum = 0;
        for (let day = start; day < end; day = addDays(day, 1)) {
          const days = accrualDays(conv, start, day);
          expect(days).toBeGreaterThanOrEqual(0);
          sum += days;
        }
        expect(sum).toBe(dayCount(conv, start, end));
      }),
      { numRuns: 300 },
    );
  });

  it("is 1 a day under the actual conventions", () => {
    fc.assert(
      fc.property(
        startAndEnd,
        fc.constantFrom("actual/365", "actual/360" as const),
        ([s, e], c) => {
          if (e > s) expect(accrualDays(c, s, addDays(e, -1))).toBe(1);
        },
      ),
    );
  });

  it("30/360: the 31st counts when the start day is before the 30th", () => {
    // S = 2025-03-01 (D1 = 1): Mar 30 counts dayCount(S, Mar 31) - dayCount(S, Mar 30)
    // = 30 - 29 = 1, Mar 31 counts dayCount(S, Apr 1) - 30 = 30 - 30 = 0.
    expect(accrualDays("30/360", "2025-03-01", "2025-03-30")).toBe(1);
    expect(accrualDays("30/360", "2025-03-01", "2025-03-31")).toBe(0);
    // S = 2025-01-30 (D1 = 30): the 30th of March counts 0, the 31st counts 1.
    expect(accrualDays("30/360", "2025-01-30", "2025-03-30")).toBe(0);
    expect(accrualDays("30/360", "2025-01-30", "2025-03-31")).toBe(1);
    // The end of February makes the month up: 3 days in 2025, 2 on Feb 29 2024.
    expect(accrualDays("30/360", "2025-01-15", "2025-02-28")).toBe(3);
    expect(accrualDays("30/360", "2024-01-15", "2024-02-28")).toBe(1);
    expect(accrualDays("30/360", "2024-01-15", "2024-02-29")).toBe(2);
  });
});

describe("the planned accruals follow the contract", () => {
  it("their days from S through E-1 add up to dayCount(S, E), for every convention; no zero-day event", () => {
    fc.assert(
      fc.property(startAndEnd, convention, ([start, end], conv) => {
        const plan = planned(start, end, conv);
        expect(sumDays(plan)).toBe(dayCount(conv, start, end));
        for (const p of plan) {
          expect(p.eventData.days).toBeGreaterThan(0);
          expect(p.effectiveDate >= start && p.effectiveDate < end).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("on a constant principal they sum to principal x rate x dayCount(S, E) / yearBasis", () => {
    // Principal and rate chosen so that one day-count day is an exact 6-place amount
    // (no rounding to hide a lost day): 12,000.00 x 6 % / 360 = 2.000000 and
    // 10,000.00 x 3.65 % / 365 = 1.000000.
    const exact: Record<DayCountConvention, [string, string]> = {
      "30/360": ["12000.00", "0.0600"],
      "actual/360": ["12000.00", "0.0600"],
      "actual/365": ["10000.00", "0.0365"],
    };
    fc.assert(
      fc.property(startAndEnd, convention, ([start, end], conv) => {
        const [principal, rate] = exact[conv];
        const expected = new Dec(principal)
          .times(rate)
          .times(dayCount(conv, start, end))
          .dividedBy(yearBasis(conv))
          .toFixed(6);
        expect(sumAmounts(planned(start, end, conv, principal, rate))).toBe(expected);
      }),
      { numRuns: 100 },
    );
  });

  it("30/360 disbursed 2008-02-28, accrued through 2008-08-30: 183 days, 366.00 (the issue's example)", () => {
    // dayCount = 360 x 0 + 30 x (8 - 2) + (31 - 28) = 183 (D1 = 28 < 30, so the 31st
    // is not folded into the 30th). 12,000.00 x 0.06 x 183 / 360 = 366.000000.
    // The per-day rule dayCount(D, D+1) gave Aug 30 zero days: 182 days, 364.00.
    const plan = planned("2008-02-28", "2008-08-31", "30/360");
    expect(sumDays(plan)).toBe(183);
    expect(sumAmounts(plan)).toBe("366.000000");
    expect(plan.find((p) => p.effectiveDate === "2008-08-30")?.eventData.days).toBe(1);
    // Feb 29 2008 counts dayCount(S, Mar 1) - dayCount(S, Feb 29) = 3 - 1 = 2.
    expect(plan.find((p) => p.effectiveDate === "2008-02-29")?.eventData).toMatchObject({
      days: 2,
      amount: "4.000000",
    });
  });

  it("30/360 disbursed 2025-01-31 through 2025-03-30: 60 days, 120.00", () => {
    // D1 = 31 -> 30; D2 = 31 -> 30 since D1 = 30: 30 x 2 + (30 - 30) = 60 days.
    // 12,000.00 x 0.06 x 60 / 360 = 120.000000. Mar 30 counts 0 (no event), like Jan 30.
    const plan = planned("2025-01-31", "2025-03-31", "30/360");
    expect(sumDays(plan)).toBe(60);
    expect(sumAmounts(plan)).toBe("120.000000");
    expect(plan.some((p) => p.effectiveDate === "2025-03-30")).toBe(false);
  });

  it("actual/365 through a leap year: 366 days of 1.000000", () => {
    // 2024-01-01 .. 2024-12-31 is 366 calendar days; actual/365 Fixed still divides by
    // 365: 10,000.00 x 0.0365 x 366 / 365 = 366.000000.
    const plan = planned("2024-01-01", "2025-01-01", "actual/365", "10000.00", "0.0365");
    expect(plan).toHaveLength(366);
    expect(sumAmounts(plan)).toBe("366.000000");
  });
});

describe("stored accruals are outcomes", () => {
  it("replay applies the stored amount whatever days it records (it never recomputes them)", () => {
    // Accruals written under the old per-day rule (Mar 30 0 days: no event; Mar 31
    // 1 day) replay to what they recorded; so would any other days.
    const events = history(
      ...loanFrom("2025-03-01", "30/360", "12000.00", "0.0600"),
      ev.accrual("2025-03-31", {
        amount: "2.000000",
        rate: "0.0600",
        dayCount: "30/360",
        days: 1,
        principalBasis: "12000.00",
      }),
      ev.accrual("2025-04-01", {
        amount: "7.000000",
        rate: "0.0600",
        dayCount: "30/360",
        days: 5,
        principalBasis: "12000.00",
      }),
    );
    const { state } = replay(events, "2025-04-30");
    expect(new Dec(state.interest).toFixed(6)).toBe("9.000000");
    expect(state.warnings).toEqual([]);
  });
});
