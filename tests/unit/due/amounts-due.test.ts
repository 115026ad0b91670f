/**
 * Amounts due and delinquency (lib/due/amounts-due.ts), hand-computed on the
 * zero-rate loan of helpers.ts: 1,200.00 in 12 installments of 100.00 due on
 * the 1st from 2025-02-01 (final 2026-01-01), so every figure is a sum of
 * hundreds and every day count is a calendar difference.
 */
import { describe, expect, it } from "vitest";
import { toleranceFor } from "../../../lib/due";
import { ev } from "../../engine/helpers";
import { dueOf, onTime, pay, summary, ZERO_LOAN } from "./helpers";

describe("amounts due", () => {
  it("on time: nothing due, the next installment is the one after", () => {
    // Paid 100.00 on 02-01 and 03-01. As of 03-15: both paid on their due dates.
    const v = dueOf([...ZERO_LOAN, ...onTime(2)], "2025-03-15");
    expect(summary(v)).toEqual({
      asOf: "2025-03-15",
      amountDue: "0.00",
      amountPastDue: "0.00",
      daysPastDue: 0,
      bucket: "current",
      nextDueDate: "2025-04-01",
      nextDueAmount: "100.00",
      paidAhead: "0.00",
      knownAt: null,
      status: "active",
      tolerance: "0.00",
      maturityDate: "2026-01-01",
    });
    expect(v.installments).toHaveLength(12);
    expect(v.installments[0]).toEqual({
      dueDate: "2025-02-01",
      amount: "100.00",
      paid: "100.00",
      number: 1,
      kind: "regular",
      unpaid: "0.00",
      paidDate: "2025-02-01",
      daysLate: 0,
    });
  });

  it("on the due date itself the installment is due but not past due", () => {
    // As of 03-01 with only February paid: 100.00 due today, nothing past due, 0 days.
    const v = dueOf([...ZERO_LOAN, ...onTime(1)], "2025-03-01");
    expect(summary(v)).toMatchObject({
      amountDue: "100.00",
      amountPastDue: "0.00",
      daysPastDue: 0,
      bucket: "current",
      nextDueDate: "2025-04-01",
    });
  });

  it("missed: two installments unpaid, days past due from the oldest", () => {
    // No payment. As of 2025-03-15: 02-01 and 03-01 unpaid = 200.00 due and past due;
    // days past due = 03-15 - 02-01 = 28 + 14 = 42 -> 30-59.
    const v = dueOf(ZERO_LOAN, "2025-03-15");
    expect(summary(v)).toMatchObject({
      amountDue: "200.00",
      amountPastDue: "200.00",
      daysPastDue: 42,
      bucket: "30-59",
      nextDueDate: "2025-04-01",
      nextDueAmount: "100.00",
    });
    // 03-15 - 03-01 = 14 days late so far.
    expect(v.installments.slice(0, 2).map((i) => [i.paid, i.paidDate, i.daysLate])).toEqual([
      ["0.00", null, 42],
      ["0.00", null, 14],
    ]);
  });

  it("partial: the shortfall stays due and keeps the installment past due", () => {
    // 50.00 on 02-01. As of 02-10: 50.00 of the first installment unpaid, 9 days.
    const v = dueOf([...ZERO_LOAN, pay("2025-02-01", "50.00")], "2025-02-10");
    expect(summary(v)).toMatchObject({
      amountDue: "50.00",
      amountPastDue: "50.00",
      daysPastDue: 9,
      bucket: "1-29",
    });
    expect(v.installments[0]).toMatchObject({ paid: "50.00", unpaid: "50.00", paidDate: null });
  });

  it("cured: a late double payment pays the oldest first and ends the delinquency", () => {
    // Nothing on 02-01; 200.00 on 03-05 pays 02-01 (32 days late: 28 + 4) and 03-01 (4 days late).
    const drafts = [...ZERO_LOAN, pay("2025-03-05", "200.00")];
    expect(dueOf(drafts, "2025-03-04").daysPastDue).toBe(31);
    const v = dueOf(drafts, "2025-03-10");
    expect(summary(v)).toMatchObject({ amountDue: "0.00", daysPastDue: 0, bucket: "current" });
    expect(v.installments.slice(0, 2).map((i) => [i.paidDate, i.daysLate])).toEqual([
      ["2025-03-05", 32],
      ["2025-03-05", 4],
    ]);
  });

  it("paid ahead: money beyond what is due pays the next installments", () => {
    // 350.00 on 02-01: 02-01, 03-01 and 04-01 paid in full, 50.00 on 05-01.
    // As of 02-15: paid ahead 350.00 - 100.00 = 250.00; next due 03-01 with 0.00 still owed.
    const v = dueOf([...ZERO_LOAN, pay("2025-02-01", "350.00")], "2025-02-15");
    expect(summary(v)).toMatchObject({
      amountDue: "0.00",
      daysPastDue: 0,
      nextDueDate: "2025-03-01",
      nextDueAmount: "0.00",
      paidAhead: "250.00",
    });
    expect(v.installments.slice(0, 4).map((i) => [i.paid, i.paidDate])).toEqual([
      ["100.00", "2025-02-01"],
      ["100.00", "2025-02-01"],
      ["100.00", "2025-02-01"],
      ["50.00", null],
    ]);
  });

  it("a loan originated on the 31st: the February installment is due on the 28th", () => {
    // 300.00 at 0 % for 3 months from 2025-01-31: due 01-31, 02-28, 03-31 at 100.00 each.
    // January paid; as of 03-10 the 02-28 one is 03-10 - 02-28 = 10 days past due.
    const drafts = [
      ev.origination("2024-12-31", {
        principal: "300.00",
        annualRate: "0",
        termMonths: 3,
        dayCount: "30/360",
        firstPaymentDate: "2025-01-31",
      }),
      ev.disbursement("2024-12-31", { amount: "300.00", method: "ach" }),
      pay("2025-01-31", "100.00"),
    ];
    const v = dueOf(drafts, "2025-03-10");
    expect(summary(v)).toMatchObject({
      amountPastDue: "100.00",
      daysPastDue: 10,
      nextDueDate: "2025-03-31",
      maturityDate: "2025-03-31",
    });
  });

  it("deferment: the deferred installment is not due until its new date", () => {
    // February paid; deferment of 2 effective 03-01 moves 03-01 to 05-01.
    // As of 04-15 nothing is due; next due 05-01.
    const drafts = [
      ...ZERO_LOAN,
      ...onTime(1),
      ev.deferment("2025-03-01", { periods: 2, interestTreatment: "accrue" }),
    ];
    expect(summary(dueOf(drafts, "2025-04-15"))).toMatchObject({
      amountDue: "0.00",
      daysPastDue: 0,
      nextDueDate: "2025-05-01",
      nextDueAmount: "100.00",
      maturityDate: "2026-03-01",
    });
    // Without the deferment the same payments leave 03-01 and 04-01 unpaid: 45 days (31 + 14).
    expect(dueOf([...ZERO_LOAN, ...onTime(1)], "2025-04-15").daysPastDue).toBe(45);
  });

  it("reduced-payment forbearance: paying the reduced amount keeps the loan current", () => {
    // Reduced to 40.00 from 02-15 to 05-15. Paid 100.00 (02-01), 40.00 on 03-01, 04-01, 05-01.
    // As of 05-20: nothing due; next due 06-01 at the full 100.00.
    const drafts = [
      ...ZERO_LOAN,
      pay("2025-02-01", "100.00"),
      ev.forbearanceStart("2025-02-15", {
        forbearanceType: "reduced_payment",
        reducedPayment: "40.00",
      }),
      pay("2025-03-01", "40.00"),
      pay("2025-04-01", "40.00"),
      pay("2025-05-01", "40.00"),
      ev.forbearanceEnd("2025-05-15", { action: "repayment_plan" }),
    ];
    expect(summary(dueOf(drafts, "2025-05-20"))).toMatchObject({
      amountDue: "0.00",
      daysPastDue: 0,
      bucket: "current",
      nextDueDate: "2025-06-01",
      nextDueAmount: "100.00",
      status: "active",
    });
    // Skipping the 04-01 reduced payment: the 05-01 payment pays the oldest first, so it
    // completes 04-01 (28 days late) and leaves 05-01's 40.00 unpaid: 05-20 - 05-01 = 19 days.
    const skipped = drafts.filter(
      (d) => !(d.eventType === "payment" && d.effectiveDate === "2025-04-01"),
    );
    expect(summary(dueOf(skipped, "2025-05-20"))).toMatchObject({
      amountPastDue: "40.00",
      daysPastDue: 19,
      bucket: "1-29",
    });
  });

  it("suspension forbearance: nothing is due while payments are suspended", () => {
    // February paid; suspension from 02-15 with no end as of 04-20: 03-01 and 04-01 are 0.00.
    const drafts = [
      ...ZERO_LOAN,
      ...onTime(1),
      ev.forbearanceStart("2025-02-15", { forbearanceType: "suspension", reducedPayment: "0.00" }),
    ];
    const v = dueOf(drafts, "2025-04-20");
    expect(summary(v)).toMatchObject({
      amountDue: "0.00",
      daysPastDue: 0,
      status: "forbearance",
      nextDueDate: "2025-05-01",
      nextDueAmount: "0.00",
    });
    expect(v.installments[1]).toMatchObject({ kind: "suspended", amount: "0.00", paidDate: null });
  });

  it("a modification changing the payment: the new amount is due from its effective date", () => {
    // 100.00 paid 02-01 .. 04-01; modified on 04-15 to 60.00 a month. 60.00 on 05-01.
    // As of 06-10: 06-01 (60.00) unpaid, 9 days.
    const drafts = [
      ...ZERO_LOAN,
      ...onTime(3),
      ev.modification("2025-04-15", {
        before: {
          annualRate: "0",
          termMonths: 12,
          paymentAmount: "100.00",
          maturityDate: "2026-01-01",
        },
        after: {
          annualRate: "0",
          termMonths: 18,
          paymentAmount: "60.00",
          maturityDate: "2026-07-01",
        },
        reason: "hardship",
      }),
      pay("2025-05-01", "60.00"),
    ];
    expect(summary(dueOf(drafts, "2025-06-10"))).toMatchObject({
      amountDue: "60.00",
      amountPastDue: "60.00",
      daysPastDue: 9,
      nextDueDate: "2025-07-01",
      nextDueAmount: "60.00",
    });
  });

  it("paid off: nothing is due and there are no installments", () => {
    const v = dueOf([...ZERO_LOAN, pay("2025-02-01", "1200.00")], "2025-03-15");
    expect(v).toMatchObject({
      amountDue: "0.00",
      amountPastDue: "0.00",
      daysPastDue: 0,
      bucket: "current",
      nextDueDate: null,
      nextDueAmount: "0.00",
      installments: [],
      status: "paid_off",
    });
  });

  it("charged off: nothing is due from the charge-off date; before it the delinquency shows", () => {
    // Never paid; charged off 2025-06-01. The day before: 05-31 - 02-01 = 119 days (90-119).
    const drafts = [
      ...ZERO_LOAN,
      ev.chargeOff("2025-06-01", {
        amount: "1200.00",
        principal: "1200.00",
        interest: "0.00",
        fees: "0.00",
        reason: "uncollectable",
      }),
      pay("2025-07-01", "50.00"), // a recovery: never pays an installment
    ];
    expect(summary(dueOf(drafts, "2025-05-31"))).toMatchObject({
      daysPastDue: 119,
      bucket: "90-119",
      amountPastDue: "400.00",
    });
    expect(dueOf(drafts, "2025-07-15")).toMatchObject({
      amountDue: "0.00",
      daysPastDue: 0,
      installments: [],
      status: "charged_off",
    });
  });

  it("after maturity the rest of the balance is due and ages from the final due date", () => {
    // 11 x 100.00 on time, then 74.47 on 2026-01-01: 25.53 of the final 100.00 unpaid.
    // As of 2026-08-01: 25.53 past due since 2026-01-01 = 212 days (31+28+31+30+31+30+31) -> 120+.
    const drafts = [...ZERO_LOAN, ...onTime(11), pay("2026-01-01", "74.47")];
    expect(summary(dueOf(drafts, "2026-08-01"))).toMatchObject({
      amountDue: "25.53",
      amountPastDue: "25.53",
      daysPastDue: 212,
      bucket: "120+",
      nextDueDate: null,
      nextDueAmount: "0.00",
    });
  });

  it("fees and interest left unpaid go to the final installment; payments to fees still count", () => {
    // A 25.00 fee: obligation 1225.00, so the final is 1225.00 - 11 x 100.00 = 125.00.
    // 3.456789 of interest accrued: the final also takes 3.45 (what a payment can apply).
    const drafts = [
      ...ZERO_LOAN,
      ev.fee("2025-01-10", { amount: "25.00", feeType: "other" }),
      ev.accrual("2025-01-11", {
        amount: "3.456789",
        rate: "0",
        dayCount: "30/360",
        days: 1,
        principalBasis: "1200.00",
      }),
    ];
    const v = dueOf(drafts, "2026-01-01");
    expect(v.installments[11]).toMatchObject({ kind: "final", amount: "128.45" });
    expect(v.amountDue).toBe("1228.45");
  });

  it("reversed payments and unapplied parts do not pay installments", () => {
    // 100.00 on 02-01 reversed on 02-10: as of 02-15 February is 14 days past due.
    // As of 02-05 the reversal is not in effect: February is paid.
    const reversed = [
      ...ZERO_LOAN,
      pay("2025-02-01", "100.00"),
      ev.reversal("2025-02-10", { reversedSequence: 3, reason: "returned" }),
    ];
    expect(dueOf(reversed, "2025-02-05").daysPastDue).toBe(0);
    expect(dueOf(reversed, "2025-02-15").daysPastDue).toBe(14);
    // 100.00 of which 30.00 unapplied pays 70.00 of February.
    const unapplied = [
      ...ZERO_LOAN,
      ev.payment("2025-02-01", {
        amount: "100.00",
        allocation: { fees: "0.00", interest: "0.00", principal: "70.00", unapplied: "30.00" },
      }),
    ];
    expect(summary(dueOf(unapplied, "2025-02-15"))).toMatchObject({
      amountPastDue: "30.00",
      daysPastDue: 14,
    });
  });
});

describe("buckets at every boundary", () => {
  // Nothing paid: the oldest unpaid installment is 02-01 (2025: February has 28 days).
  const cases: Array<[string, number, string]> = [
    ["2025-02-01", 0, "current"], // due today, not past due
    ["2025-02-02", 1, "1-29"],
    ["2025-03-02", 29, "1-29"], // 28 + 1
    ["2025-03-03", 30, "30-59"],
    ["2025-04-01", 59, "30-59"], // 28 + 31
    ["2025-04-02", 60, "60-89"],
    ["2025-05-01", 89, "60-89"], // 59 + 30
    ["2025-05-02", 90, "90-119"],
    ["2025-05-31", 119, "90-119"], // 89 + 30
    ["2025-06-01", 120, "120+"],
  ];
  for (const [asOf, days, bucket] of cases) {
    it(`${asOf}: ${days} days past due, ${bucket}`, () => {
      const v = dueOf(ZERO_LOAN, asOf);
      expect([v.daysPastDue, v.bucket]).toEqual([days, bucket]);
    });
  }
});

describe("tolerance", () => {
  // 95.00 on 02-01: 5.00 short. As of 02-15.
  const short = [...ZERO_LOAN, pay("2025-02-01", "95.00")];

  it("a shortfall at or below the tolerance is not delinquent, but is still owed", () => {
    expect(summary(dueOf(short, "2025-02-15", { tolerance: "5.00" }))).toMatchObject({
      amountPastDue: "5.00",
      daysPastDue: 0,
      bucket: "current",
      tolerance: "5.00",
    });
    const v = dueOf(short, "2025-02-15", { tolerance: "5.00" });
    expect(v.installments[0]).toMatchObject({ unpaid: "5.00", paidDate: null, daysLate: 0 });
  });

  it("a shortfall above the tolerance is delinquent; the default tolerance is 0", () => {
    expect(dueOf(short, "2025-02-15", { tolerance: "4.99" }).daysPastDue).toBe(14);
    expect(dueOf(short, "2025-02-15").daysPastDue).toBe(14);
  });

  it("the next installment is judged on its own: a tolerated shortfall does not excuse it", () => {
    // As of 03-15 with only the 95.00: 03-01 is wholly unpaid -> 14 days.
    expect(dueOf(short, "2025-03-15", { tolerance: "5.00" }).daysPastDue).toBe(14);
  });

  it("toleranceFor: one table, 0 for the standard and unknown products", () => {
    expect(toleranceFor("standard")).toBe("0.00");
    expect(toleranceFor("no-such-product")).toBe("0.00");
    expect(toleranceFor(null)).toBe("0.00");
  });
});

describe("as known at", () => {
  it("a payment recorded later is hidden from what was known before it was recorded", () => {
    // February's payment effective 02-01 but recorded 02-20.
    const drafts = [...ZERO_LOAN, pay("2025-02-01", "100.00", "2025-02-20T10:00:00Z")];
    const then = dueOf(drafts, "2025-02-15", { knownAt: "2025-02-15T00:00:00Z" });
    expect(summary(then)).toMatchObject({
      amountPastDue: "100.00",
      daysPastDue: 14,
      knownAt: "2025-02-15T00:00:00Z",
    });
    const now = dueOf(drafts, "2025-02-15");
    expect(summary(now)).toMatchObject({ amountPastDue: "0.00", daysPastDue: 0, knownAt: null });
  });
});
