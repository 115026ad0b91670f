import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postPayment } from "../../db/services/servicing";
import { fixedClock, givenLoan, historyOf, stateOf, TEST_ACTOR } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.destroy());
const ctx = () => ({ db: t.db, actor: TEST_ACTOR, clock: fixedClock("2026-02-01T09:00:00.000Z") });

describe("posting a payment from its amount and date", () => {
  it("accrues the days before the payment, then splits fees, interest, principal", async () => {
    // $12,000 at 6% actual/365, disbursed 2025-01-01; paid 2025-02-01.
    // Daily interest 12000 x 0.06 / 365 = 1.972602739... -> 1.972603 (6 places, half-up).
    // Days accrued: Jan 1 .. Jan 31 = 31 -> interest owed 31 x 1.972603 = 61.150693.
    // Waterfall: fees 0.00, interest 61.15 (cents, never more than owed), principal 971.65.
    const loan = await givenLoan(t.db);
    const result = await postPayment({
      ...ctx(),
      loanNumber: loan,
      amount: "1032.80",
      effectiveDate: "2025-02-01",
      reference: "CHK-1",
    });

    const types = result.appended.map((e) => e.eventType);
    expect(types.filter((x) => x === "interest_accrual")).toHaveLength(31);
    expect(types.at(-1)).toBe("payment");
    expect(result.appended[0]?.effectiveDate).toBe("2025-01-01");
    expect(result.appended[30]?.effectiveDate).toBe("2025-01-31");
    expect(result.appended[0]?.eventData).toMatchObject({
      amount: "1.972603",
      days: 1,
      dayCount: "actual/365",
      rate: "0.0600",
      principalBasis: "12000.00",
    });

    const payment = result.appended.at(-1)?.eventData;
    expect(payment).toMatchObject({
      amount: "1032.80",
      allocation: { fees: "0.00", interest: "61.15", principal: "971.65", unapplied: "0.00" },
      reference: "CHK-1",
      backdated: true, // 2025-02-01 is before the clock's 2026-02-01
    });

    const state = await stateOf(t.db, loan, "2025-02-01");
    expect(state.principal).toBe("11028.35");
    expect(state.interest).toBe("0.000693");
    expect(state.totals.paidInterest).toBe("61.15");
    expect(state.warnings).toEqual([]);
  });

  it("pays fees first, and sends any excess beyond the balances to unapplied", async () => {
    const loan = await givenLoan(t.db, {
      principal: "100.00",
      dayCount: "actual/360",
      annualRate: "0.0360",
    });
    // actual/360: 100 x 0.036 / 360 = 0.010000 a day; Jan 1 .. Jan 9 = 9 days = 0.090000.
    const { appendEvent } = await import("../../db/event-store");
    await appendEvent({
      ...ctx(),
      loanNumber: loan,
      eventType: "fee_assessment",
      effectiveDate: "2025-01-05",
      eventData: { amount: "20.00", feeType: "late" },
    });
    const result = await postPayment({
      ...ctx(),
      loanNumber: loan,
      amount: "150.00",
      effectiveDate: "2025-01-10",
    });
    expect(result.appended.at(-1)?.eventData).toMatchObject({
      allocation: { fees: "20.00", interest: "0.09", principal: "100.00", unapplied: "29.91" },
    });
    const state = await stateOf(t.db, loan);
    expect(state.status).toBe("paid_off");
  });

  it("a payment on the day after the last accrual adds no accruals, and re-posting accrues only new days", async () => {
    const loan = await givenLoan(t.db, { dayCount: "actual/360" });
    await postPayment({
      ...ctx(),
      loanNumber: loan,
      amount: "100.00",
      effectiveDate: "2025-01-03",
    });
    const second = await postPayment({
      ...ctx(),
      loanNumber: loan,
      amount: "100.00",
      effectiveDate: "2025-01-05",
    });
    // Jan 3 and Jan 4 only: the days from Jan 1 to Jan 2 were accrued by the first payment.
    expect(
      second.appended.filter((e) => e.eventType === "interest_accrual").map((e) => e.effectiveDate),
    ).toEqual(["2025-01-03", "2025-01-04"]);
    const history = await historyOf(t.db, loan);
    const days = history
      .filter((e) => e.eventType === "interest_accrual")
      .map((e) => e.effectiveDate);
    expect(new Set(days).size).toBe(days.length);
  });
});
