/**
 * Day counts and payments against published reference values.
 *
 * References:
 * [YEARFRAC] Microsoft Support, "YEARFRAC function" (Excel): for start 2012-01-01 and
 *   end 2012-07-30: basis 0 (US 30/360) = 0.58055556, basis 1 (actual/actual) =
 *   0.57650273, basis 3 (actual/365) = 0.57808219.
 * [DAYS360] Microsoft Support, "DAYS360 function" (Excel): 2011-01-30 to 2011-02-01 = 1;
 *   2011-01-01 to 2011-12-31 = 360.
 * [PMT] Microsoft Support, "PMT function" (Excel): PMT(8%/12, 10, 10000) = -1,037.03.
 *   PMT(0.065/12, 360, -200000) = 1,264.14 (the 30-year, $200,000, 6.5 % mortgage of
 *   every amortization table); PMT(0.06/12, 360, -100000) = 599.55.
 * [ISDA] 2006 ISDA Definitions, Section 4.16(f) "30/360" (Bond Basis): the formula
 *   360*(Y2-Y1) + 30*(M2-M1) + (D2-D1) with D1 31 -> 30 and D2 31 -> 30 when D1 is
 *   30 or 31; the examples below are worked by hand from that formula.
 */
import { describe, expect, it } from "vitest";
import {
  amortizationSchedule,
  levelPayment,
  maturityDate,
  scheduleTotals,
} from "../../lib/amortization";
import { dayCount, interestForDays, yearBasis, yearFraction } from "../../lib/day-count";

describe("day counts", () => {
  it("[YEARFRAC] 2012-01-01 to 2012-07-30", () => {
    // 30/360: 30*6 + (30-1) = 209 days; 209/360 = 0.580555...
    expect(dayCount("30/360", "2012-01-01", "2012-07-30")).toBe(209);
    expect(yearFraction("30/360", "2012-01-01", "2012-07-30").toFixed(8)).toBe("0.58055556");
    // actual: 31+29+31+30+31+30+29 = 211 days (2012 is a leap year).
    expect(dayCount("actual/365", "2012-01-01", "2012-07-30")).toBe(211);
    expect(yearFraction("actual/365", "2012-01-01", "2012-07-30").toFixed(8)).toBe("0.57808219");
    // Actual/360: 211/360 (by hand; Excel basis 2).
    expect(yearFraction("actual/360", "2012-01-01", "2012-07-30").toFixed(8)).toBe("0.58611111");
  });

  it("[DAYS360] Excel examples agree with bond basis", () => {
    expect(dayCount("30/360", "2011-01-30", "2011-02-01")).toBe(1);
    expect(dayCount("30/360", "2011-01-01", "2011-12-31")).toBe(360);
  });

  it("[ISDA] 30/360 bond basis end-of-month rules", () => {
    // D1 = 31 -> 30; D2 = 30 stays: 360 + 30*1 + 0 = 390
    expect(dayCount("30/360", "2007-10-31", "2008-11-30")).toBe(390);
    // D1 = 1 < 30, so D2 = 31 is NOT adjusted: 360 + 30*3 + (31-1) = 480
    expect(dayCount("30/360", "2008-02-01", "2009-05-31")).toBe(480);
    // D1 = 30, D2 = 31 -> 30: 30 + 0 = 30
    expect(dayCount("30/360", "2025-04-30", "2025-05-31")).toBe(30);
    // No February end-of-month adjustment in bond basis: 2007-12-28 -> 2008-02-29 = 60 + 1
    expect(dayCount("30/360", "2007-12-28", "2008-02-28")).toBe(60);
    expect(dayCount("30/360", "2007-12-28", "2008-02-29")).toBe(61);
    expect(dayCount("30/360", "2025-02-28", "2025-03-31")).toBe(33);
    expect(dayCount("30/360", "2025-03-31", "2025-02-28")).toBe(-32);
  });

  it("actual conventions count calendar days; year basis 365 / 360 / 360", () => {
    expect(dayCount("actual/365", "2024-02-01", "2024-03-01")).toBe(29);
    expect(dayCount("actual/360", "2025-02-01", "2025-03-01")).toBe(28);
    expect([yearBasis("actual/365"), yearBasis("actual/360"), yearBasis("30/360")]).toEqual([
      365, 360, 360,
    ]);
    // Actual/365 Fixed divides by 365 even in a leap year: 366/365.
    expect(yearFraction("actual/365", "2024-01-01", "2025-01-01").toFixed(6)).toBe("1.002740");
  });

  it("interest for days, rounded half-up to 6 places", () => {
    // 10000 * 0.06 / 365 = 1.6438356164... -> 1.643836
    expect(interestForDays("10000.00", "0.06", "actual/365", 1)).toBe("1.643836");
    // 10000 * 0.06 * 30 / 360 = 50 exactly
    expect(interestForDays("10000.00", "0.06", "30/360", 30)).toBe("50.000000");
    // 36500 * 0.073 / 365 = 7.3 exactly
    expect(interestForDays("36500.00", "0.0730", "actual/365", 1)).toBe("7.300000");
  });
});

describe("level payment", () => {
  it("[PMT] published examples", () => {
    expect(levelPayment({ principal: "10000", annualRate: "0.08", termMonths: 10 })).toBe(
      "1037.03",
    );
    expect(levelPayment({ principal: "200000.00", annualRate: "0.065", termMonths: 360 })).toBe(
      "1264.14",
    );
    expect(levelPayment({ principal: "100000.00", annualRate: "0.06", termMonths: 360 })).toBe(
      "599.55",
    );
  });

  it("a 0 % rate is principal / term, rounded half-up to cents", () => {
    expect(levelPayment({ principal: "1000.00", annualRate: "0", termMonths: 3 })).toBe("333.33");
    expect(levelPayment({ principal: "1000.00", annualRate: "0.0000", termMonths: 6 })).toBe(
      "166.67",
    );
  });

  it("rejects bad input", () => {
    expect(() => levelPayment({ principal: "1e3", annualRate: "0.05", termMonths: 3 })).toThrow(
      /principal/,
    );
    expect(() => levelPayment({ principal: "1000", annualRate: "0.05", termMonths: 0 })).toThrow(
      /termMonths/,
    );
  });
});

describe("amortization schedule", () => {
  it("1,000.00 at 12 % over 3 months (30/360), by hand; the last payment absorbs the residual", () => {
    // PMT(0.01, 3, -1000) = 340.02. Period 1: interest 1000*0.01 = 10.00, principal 330.02,
    // balance 669.98. Period 2: 669.98*0.01 = 6.6998 -> 6.70, principal 333.32, balance
    // 336.66. Period 3: 336.66*0.01 = 3.3666 -> 3.37; payment 336.66 + 3.37 = 340.03.
    const rows = amortizationSchedule({
      principal: "1000.00",
      annualRate: "0.12",
      termMonths: 3,
      firstPaymentDate: "2025-01-31",
    });
    expect(rows).toEqual([
      {
        period: 1,
        dueDate: "2025-01-31",
        payment: "340.02",
        interest: "10.00",
        principal: "330.02",
        balance: "669.98",
      },
      {
        period: 2,
        dueDate: "2025-02-28",
        payment: "340.02",
        interest: "6.70",
        principal: "333.32",
        balance: "336.66",
      },
      {
        period: 3,
        dueDate: "2025-03-31",
        payment: "340.03",
        interest: "3.37",
        principal: "336.66",
        balance: "0.00",
      },
    ]);
    expect(scheduleTotals(rows)).toEqual({
      payments: "1020.07",
      interest: "20.07",
      principal: "1000.00",
    });
  });

  it("0 % over 3 months: 333.33, 333.33, 333.34", () => {
    const rows = amortizationSchedule({
      principal: "1000.00",
      annualRate: "0",
      termMonths: 3,
      firstPaymentDate: "2025-02-01",
    });
    expect(rows.map((r) => r.payment)).toEqual(["333.33", "333.33", "333.34"]);
    expect(rows.map((r) => r.interest)).toEqual(["0.00", "0.00", "0.00"]);
    expect(rows[2]?.balance).toBe("0.00");
  });

  it("actual/365 uses the actual days of each period", () => {
    // PMT(0.073/12, 2, -1000) = 504.57. Period 1 (2025-01-01..02-01, 31 days):
    // 1000*0.073*31/365 = 6.20; principal 498.37; balance 501.63. Period 2 (28 days):
    // 501.63*0.073*28/365 = 2.809128 -> 2.81; last payment 501.63 + 2.81 = 504.44.
    const rows = amortizationSchedule({
      principal: "1000.00",
      annualRate: "0.0730",
      termMonths: 2,
      firstPaymentDate: "2025-02-01",
      dayCount: "actual/365",
      startDate: "2025-01-01",
    });
    expect(rows).toEqual([
      {
        period: 1,
        dueDate: "2025-02-01",
        payment: "504.57",
        interest: "6.20",
        principal: "498.37",
        balance: "501.63",
      },
      {
        period: 2,
        dueDate: "2025-03-01",
        payment: "504.44",
        interest: "2.81",
        principal: "501.63",
        balance: "0.00",
      },
    ]);
  });

  it("a 30-year schedule ends at zero with 360 rows; principal repaid exactly", () => {
    const rows = amortizationSchedule({
      principal: "200000.00",
      annualRate: "0.065",
      termMonths: 360,
      firstPaymentDate: "2025-02-01",
    });
    expect(rows).toHaveLength(360);
    expect(rows[0]).toEqual({
      period: 1,
      dueDate: "2025-02-01",
      payment: "1264.14",
      interest: "1083.33", // 200000 * 0.065 / 12 = 1083.3333
      principal: "180.81",
      balance: "199819.19",
    });
    expect(rows[359]?.balance).toBe("0.00");
    expect(rows[359]?.dueDate).toBe("2055-01-01");
    expect(scheduleTotals(rows).principal).toBe("200000.00");
  });

  it("a larger fixed payment ends the schedule early", () => {
    const rows = amortizationSchedule({
      principal: "1000.00",
      annualRate: "0",
      termMonths: 12,
      firstPaymentDate: "2025-02-01",
      paymentAmount: "400.00",
    });
    expect(rows.map((r) => r.payment)).toEqual(["400.00", "400.00", "200.00"]);
  });

  it("maturity date = first payment + (term - 1) months", () => {
    expect(maturityDate("2025-02-01", 60)).toBe("2030-01-01");
    expect(maturityDate("2025-01-31", 2)).toBe("2025-02-28");
  });
});
