/**
 * A year in the life of one loan (2025), every event type, checked at several as-of
 * dates. All expected figures are worked by hand below; the accrual rates were
 * chosen so the daily interest is exact:
 *   7.30 % / 365 = 0.0002 per day, 5.84 % / 365 = 0.00016 per day.
 *
 * #1 2025-01-01 origination 36,500.00 at 7.30 %, 60 months, actual/365, first payment
 *    2025-02-01; payment PMT(0.073/12, 60, -36500) = 727.92; maturity 2025-02-01 + 59 m
 *    = 2030-01-01.
 * #2 2025-01-01 disbursement 36,500.00. Daily accrual 36,500 x 0.0002 = 7.30.
 * 02-01 payment 726.30 = interest 31 x 7.30 = 226.30 + principal 500 -> 36,000 (7.20/day)
 * 03-01 payment missed; 03-16 late fee 25.00
 * 03-20 payment 863.40 = fee 25 + interest (28 + 19) x 7.20 = 338.40 + 500 -> 35,500 (7.10)
 * 04-01 payment 585.20 = interest 12 x 7.10 = 85.20 + 500 -> 35,000 (7.00)
 * 05-01 payment 710.00 = interest 30 x 7.00 = 210.00 + 500 -> 34,500 (6.90)
 * 05-05 NSF: reversal of the 05-01 payment (+500 principal, +210.00 interest) and NSF fee
 *    30.00 -> principal 35,000 (7.00/day); interest 4 x 6.90 + 210.00 = 237.60 before 05-05
 * 05-10 waiver of 15.00 of the NSF fee
 * 05-12 payment 1,301.60 = fee 15 + interest 237.60 + 7 x 7.00 = 286.60 + principal 1,000
 *    -> 34,000 (6.80)
 * 06-01 payment 636.00 = interest 20 x 6.80 = 136.00 + 500 -> 33,500 (6.70)
 * 07-01 payment 701.00 = interest 30 x 6.70 = 201.00 + 500 -> 33,000;
 *    modification 7.30 % -> 5.84 %, payment 707.90: 33,000 x 0.00016 = 5.28/day
 * 08-01 payment 663.68 = interest 31 x 5.28 = 163.68 + 500 -> 32,500 (5.20);
 *    forbearance (suspension) starts
 * 10-01 forbearance ends, capitalising 61 x 5.20 = 317.20 -> principal 32,817.20;
 *    32,817.20 x 0.00016 = 5.250752/day
 * 11-01 deferment of 1 period (interest accrues): maturity 2030-01-01 -> 2030-02-01
 * 12-15 charge-off: principal 32,817.20 + interest 75 x 5.250752 = 393.806400
 *    (Oct 31 + Nov 30 + Dec 14 days) = 33,211.006400; no accruals after charge-off
 * 12-28 recovery 1,000.00
 */
import { beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../lib/dates";
import type { LoanEvent } from "../../lib/events/types";
import { replay } from "../../lib/index";
import { type Draft, ev, history, pay } from "./helpers";

/** [from, to, daily interest, principal basis, rate] */
const ACCRUALS: Array<[string, string, string, string, string]> = [
  ["2025-01-01", "2025-01-31", "7.30", "36500.00", "0.0730"],
  ["2025-02-01", "2025-03-19", "7.20", "36000.00", "0.0730"],
  ["2025-03-20", "2025-03-31", "7.10", "35500.00", "0.0730"],
  ["2025-04-01", "2025-04-30", "7.00", "35000.00", "0.0730"],
  ["2025-05-01", "2025-05-04", "6.90", "34500.00", "0.0730"],
  ["2025-05-05", "2025-05-11", "7.00", "35000.00", "0.0730"],
  ["2025-05-12", "2025-05-31", "6.80", "34000.00", "0.0730"],
  ["2025-06-01", "2025-06-30", "6.70", "33500.00", "0.0730"],
  ["2025-07-01", "2025-07-31", "5.28", "33000.00", "0.0584"],
  ["2025-08-01", "2025-09-30", "5.20", "32500.00", "0.0584"],
  ["2025-10-01", "2025-12-14", "5.250752", "32817.20", "0.0584"],
];

const TERMS_BEFORE = {
  annualRate: "0.0730",
  termMonths: 60,
  paymentAmount: "727.92",
  maturityDate: "2030-01-01",
};
const TERMS_AFTER = { ...TERMS_BEFORE, annualRate: "0.0584", paymentAmount: "707.90" };

/** Non-accrual events of each day, in the order they were posted (before that day's accrual). */
const DAY_EVENTS: Record<string, Draft[]> = {
  "2025-01-01": [
    ev.origination("2025-01-01", {
      principal: "36500.00",
      annualRate: "0.0730",
      termMonths: 60,
      dayCount: "actual/365",
      firstPaymentDate: "2025-02-01",
    }),
    ev.disbursement("2025-01-01", { amount: "36500.00", method: "wire" }),
  ],
  "2025-02-01": [pay("2025-02-01", "726.30", ["0.00", "226.30", "500.00"])],
  "2025-03-16": [ev.fee("2025-03-16", { amount: "25.00", feeType: "late" })],
  "2025-03-20": [pay("2025-03-20", "863.40", ["25.00", "338.40", "500.00"])],
  "2025-04-01": [pay("2025-04-01", "585.20", ["0.00", "85.20", "500.00"])],
  "2025-05-01": [pay("2025-05-01", "710.00", ["0.00", "210.00", "500.00"])],
  "2025-05-05": [
    ev.reversal("2025-05-05", { reversedSequence: -1, reason: "NSF: returned by the bank" }),
    ev.fee("2025-05-05", { amount: "30.00", feeType: "nsf" }),
  ],
  "2025-05-10": [
    ev.waiver("2025-05-10", { amount: "15.00", waivedBy: "supervisor", reason: "first NSF" }),
  ],
  "2025-05-12": [pay("2025-05-12", "1301.60", ["15.00", "286.60", "1000.00"])],
  "2025-06-01": [pay("2025-06-01", "636.00", ["0.00", "136.00", "500.00"])],
  "2025-07-01": [
    pay("2025-07-01", "701.00", ["0.00", "201.00", "500.00"]),
    ev.modification("2025-07-01", {
      before: TERMS_BEFORE,
      after: TERMS_AFTER,
      reason: "rate reduction",
    }),
  ],
  "2025-08-01": [
    pay("2025-08-01", "663.68", ["0.00", "163.68", "500.00"]),
    ev.forbearanceStart("2025-08-01", {
      forbearanceType: "suspension",
      reducedPayment: "0.00",
      plannedEndDate: "2025-09-30",
    }),
  ],
  "2025-10-01": [
    ev.forbearanceEnd("2025-10-01", { action: "capitalize", capitalizedAmount: "317.20" }),
  ],
  "2025-11-01": [ev.deferment("2025-11-01", { periods: 1, interestTreatment: "accrue" })],
  "2025-12-15": [
    ev.chargeOff("2025-12-15", {
      amount: "33211.006400",
      principal: "32817.20",
      interest: "393.806400",
      fees: "0.00",
      reason: "uncollectible after deferment",
    }),
  ],
  "2025-12-28": [pay("2025-12-28", "1000.00", ["0.00", "0.00", "1000.00"])],
};

function buildYear(): LoanEvent[] {
  const drafts: Draft[] = [];
  let mayFirstPayment = 0;
  for (let d = "2025-01-01"; d <= "2025-12-31"; d = addDays(d, 1)) {
    for (const e of DAY_EVENTS[d] ?? []) {
      if (e.eventType === "reversal") {
        drafts.push({
          ...e,
          eventData: { ...e.eventData, reversedSequence: mayFirstPayment },
          recordedAt: `${d}T17:00:00Z`,
        });
      } else {
        drafts.push({ ...e, recordedAt: `${d}T17:00:00Z` });
      }
      if (d === "2025-05-01" && e.eventType === "payment") mayFirstPayment = drafts.length;
    }
    const seg = ACCRUALS.find(([from, to]) => from <= d && d <= to);
    if (seg) {
      drafts.push(
        ev.accrual(
          d,
          { amount: seg[2], rate: seg[4], dayCount: "actual/365", days: 1, principalBasis: seg[3] },
          `${d}T23:00:00Z`,
        ),
      );
    }
  }
  return history(...drafts);
}

describe("a year of one loan", () => {
  let events: LoanEvent[];
  const at = (asOf: string) => replay(events, asOf).state;
  beforeAll(() => {
    events = buildYear();
  });

  it("has 368 events: 20 servicing events and 348 daily accruals (Jan 1 - Dec 14)", () => {
    expect(events).toHaveLength(368);
  });

  it("2025-01-31: one month of accruals", () => {
    const s = at("2025-01-31");
    expect(s).toMatchObject({
      status: "active",
      principal: "36500.00",
      interest: "226.30", // 31 x 7.30
      fees: "0.00",
      totalOutstanding: "36726.30",
      eventsApplied: 33,
      terms: { paymentAmount: "727.92", maturityDate: "2030-01-01", dayCount: "actual/365" },
      warnings: [],
    });
  });

  it("2025-03-17: the March payment is late and a late fee is owed", () => {
    expect(at("2025-03-17")).toMatchObject({
      principal: "36000.00",
      interest: "324.00", // (28 + 17) x 7.20
      fees: "25.00",
      totalOutstanding: "36349.00",
      totals: { paid: "726.30", feesAssessed: "25.00" },
    });
  });

  it("2025-05-04: the May payment is applied", () => {
    expect(at("2025-05-04")).toMatchObject({
      principal: "34500.00",
      interest: "27.60", // 4 x 6.90
      fees: "0.00",
      totals: { paid: "2884.90" }, // 726.30 + 863.40 + 585.20 + 710.00
    });
  });

  it("2025-05-05: the May payment bounced (NSF reversal and fee)", () => {
    const s = at("2025-05-05");
    expect(s).toMatchObject({
      principal: "35000.00",
      interest: "244.60", // 27.60 + 210.00 put back + 7.00
      fees: "30.00",
      totals: {
        paid: "2174.90",
        paidPrincipal: "1500.00",
        paidInterest: "649.90", // 226.30 + 338.40 + 85.20
        paidFees: "25.00",
        reversed: "710.00",
        feesAssessed: "55.00",
      },
    });
    expect(s.payments.map((p) => [p.effectiveDate, p.reversed])).toEqual([
      ["2025-02-01", false],
      ["2025-03-20", false],
      ["2025-04-01", false],
      ["2025-05-01", true],
    ]);
  });

  it("2025-05-12: waiver and catch-up payment", () => {
    expect(at("2025-05-12")).toMatchObject({
      principal: "34000.00",
      interest: "6.80",
      fees: "0.00",
      totals: { paid: "3476.50", feesWaived: "15.00", paidFees: "40.00" },
    });
  });

  it("2025-07-01: the rate modification, with 'before' matching the replayed terms", () => {
    const s = at("2025-07-01");
    expect(s).toMatchObject({
      principal: "33000.00",
      interest: "5.28",
      terms: {
        annualRate: "0.0584",
        paymentAmount: "707.90",
        termMonths: 60,
        maturityDate: "2030-01-01",
      },
      totals: { paid: "4813.50" },
      warnings: [],
    });
  });

  it("2025-09-30: in forbearance, interest accruing", () => {
    expect(at("2025-09-30")).toMatchObject({
      status: "forbearance",
      principal: "32500.00",
      interest: "317.20", // 61 x 5.20
      totals: { paid: "5477.18" },
      forbearance: { forbearanceType: "suspension", startDate: "2025-08-01" },
    });
  });

  it("2025-10-01: forbearance ended; interest capitalised", () => {
    expect(at("2025-10-01")).toMatchObject({
      status: "active",
      principal: "32817.20",
      interest: "5.250752",
      forbearance: null,
      totals: { capitalized: "317.20" },
    });
  });

  it("2025-11-30: deferred one period", () => {
    expect(at("2025-11-30")).toMatchObject({
      deferredPeriods: 1,
      terms: { maturityDate: "2030-02-01", termMonths: 60 },
      interest: "320.295872", // 61 x 5.250752
      totalOutstanding: "33137.495872",
    });
  });

  it("2025-12-31: charged off, with a recovery", () => {
    const s = at("2025-12-31");
    expect(s).toMatchObject({
      status: "charged_off",
      principal: "0.00",
      interest: "0.00",
      fees: "0.00",
      totalOutstanding: "0.00",
      lastSequence: 368,
      eventsApplied: 368,
      warnings: [],
      chargeOff: { date: "2025-12-15", principal: "32817.20", interest: "393.8064", fees: "0.00" },
    });
    expect(s.totals).toEqual({
      disbursed: "36500.00",
      paid: "5477.18",
      paidPrincipal: "4000.00",
      paidInterest: "1437.18",
      paidFees: "40.00",
      interestAccrued: "2148.1864",
      feesAssessed: "55.00",
      feesWaived: "15.00",
      reversed: "710.00",
      chargedOff: "33211.0064",
      recoveries: "1000.00",
      capitalized: "317.20",
      interestWaived: "0.00",
      residualWrittenOff: "0.00",
    });
    // Conservation: accrued interest = paid + capitalised + charged off (1437.18 + 317.20 + 393.8064).
  });

  it("a dispute reviewer can step through May", () => {
    const { steps } = replay(events, "2025-05-12", { steps: true });
    const reversal = steps.find((s) => s.eventType === "reversal");
    expect(reversal?.effectiveDate).toBe("2025-05-05");
    expect(reversal?.changes).toEqual([
      { field: "principal", before: "34500.00", after: "35000.00" },
      { field: "interest", before: "27.60", after: "237.60" },
      { field: "totalOutstanding", before: "34527.60", after: "35237.60" },
      { field: "totals.paid", before: "2884.90", after: "2174.90" },
      { field: "totals.paidPrincipal", before: "2000.00", after: "1500.00" },
      { field: "totals.paidInterest", before: "859.90", after: "649.90" },
      { field: "totals.reversed", before: "0.00", after: "710.00" },
    ]);
  });
});
