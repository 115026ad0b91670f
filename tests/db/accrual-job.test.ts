import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accrueInterest } from "../../db/services/accrue";
import { deferPeriods } from "../../db/services/servicing";
import { fixedClock, givenLoan, historyOf, stateOf, TEST_ACTOR } from "../helpers/fixtures";
import { createTestDatabase, serverUrl, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.destroy());
const ctx = () => ({
  db: t.db,
  actor: "system:accrual",
  clock: fixedClock("2026-02-01T23:00:00.000Z"),
});

async function accruals(loanNumber: string) {
  return (await historyOf(t.db, loanNumber))
    .filter((e) => e.eventType === "interest_accrual")
    .map((e) => [
      e.effectiveDate,
      (e.eventData as { amount: string }).amount,
      (e.eventData as { days: number }).days,
    ]);
}

describe("daily accrual job", () => {
  it("actual/365: one event per day, 12000 x 0.06 / 365 = 1.972603, idempotent", async () => {
    const loan = await givenLoan(t.db);
    const first = await accrueInterest({ ...ctx(), loanNumbers: [loan], through: "2025-01-03" });
    expect(first).toMatchObject({ loansScanned: 1, loansAccrued: 1, eventsAppended: 3 });
    expect(await accruals(loan)).toEqual([
      ["2025-01-01", "1.972603", 1],
      ["2025-01-02", "1.972603", 1],
      ["2025-01-03", "1.972603", 1],
    ]);
    const again = await accrueInterest({ ...ctx(), loanNumbers: [loan], through: "2025-01-03" });
    expect(again.eventsAppended).toBe(0);
    expect((await stateOf(t.db, loan)).interest).toBe("5.917809");
  });

  it("actual/360 in a leap year: 29 February accrues like any day (12000 x 0.06 / 360 = 2.000000)", async () => {
    const loan = await givenLoan(t.db, {
      dayCount: "actual/360",
      originatedOn: "2024-02-27",
      disbursement: { on: "2024-02-27" },
      firstPaymentDate: "2024-03-27",
    });
    await accrueInterest({ ...ctx(), loanNumbers: [loan], through: "2024-03-01" });
    expect(await accruals(loan)).toEqual([
      ["2024-02-27", "2.000000", 1],
      ["2024-02-28", "2.000000", 1],
      ["2024-02-29", "2.000000", 1],
      ["2024-03-01", "2.000000", 1],
    ]);
  });

  it("30/360 (bond basis): the 30th of a 31-day month accrues nothing, the end of February makes the month up to 30 days", async () => {
    // The accrual dated D covers D -> D+1. US 30/360 bond basis: Jan 30 -> Jan 31 is
    // 0 days (a 31st after a 30th counts as the 30th), Jan 31 -> Feb 1 is 1 day (the
    // 31st becomes the 30th); Feb 28 -> Mar 1 is 3 days in 2025,
    // and in the leap year 2024 Feb 28 -> Feb 29 is 1 day and Feb 29 -> Mar 1 is 2 days.
    const loan = await givenLoan(t.db, {
      dayCount: "30/360",
      originatedOn: "2025-01-30",
      disbursement: { on: "2025-01-30" },
      firstPaymentDate: "2025-03-01",
    });
    await accrueInterest({ ...ctx(), loanNumbers: [loan], through: "2025-03-01" });
    const rows = await accruals(loan);
    expect(rows.slice(0, 2)).toEqual([
      ["2025-01-31", "2.000000", 1], // no event for 2025-01-30 (0 days)
      ["2025-02-01", "2.000000", 1],
    ]);
    expect(rows.find((r) => r[0] === "2025-02-28")).toEqual(["2025-02-28", "6.000000", 3]);
    const february = rows.filter((r) => String(r[0]).startsWith("2025-02"));
    expect(february.reduce((n, r) => n + Number(r[2]), 0)).toBe(30);

    const leap = await givenLoan(t.db, {
      dayCount: "30/360",
      originatedOn: "2024-02-27",
      disbursement: { on: "2024-02-27" },
      firstPaymentDate: "2024-03-27",
    });
    await accrueInterest({ ...ctx(), loanNumbers: [leap], through: "2024-03-01" });
    expect(await accruals(leap)).toEqual([
      ["2024-02-27", "2.000000", 1],
      ["2024-02-28", "2.000000", 1],
      ["2024-02-29", "4.000000", 2],
      ["2024-03-01", "2.000000", 1],
    ]);
  });

  it("skips a deferment whose interest is waived, and resumes after it", async () => {
    const loan = await givenLoan(t.db, { dayCount: "actual/360" });
    await deferPeriods({
      ...ctx(),
      actor: TEST_ACTOR,
      loanNumber: loan,
      effectiveDate: "2025-01-03",
      periods: 1,
      interestTreatment: "waive",
    });
    await accrueInterest({ ...ctx(), loanNumbers: [loan], through: "2025-02-04" });
    const dates = (await accruals(loan)).map((r) => r[0]);
    // Jan 1-2 were accrued by the deferment's catch-up; Jan 3 .. Feb 2 is the waived month.
    expect(dates).toEqual(["2025-01-01", "2025-01-02", "2025-02-03", "2025-02-04"]);
  });

  it("does not accrue on a loan that is not yet disbursed", async () => {
    const { createLoan } = await import("../../db/services/create-loan");
    const created = await createLoan({
      ...ctx(),
      borrower: { name: "Unfunded" },
      principal: "500.00",
      annualRate: "0.05",
      termMonths: 6,
      dayCount: "actual/365",
      firstPaymentDate: "2025-02-01",
      originatedOn: "2025-01-01",
    });
    const result = await accrueInterest({
      ...ctx(),
      loanNumbers: [created.loanNumber],
      through: "2025-01-31",
    });
    expect(result.eventsAppended).toBe(0);
  });
});

describe.skipIf(!serverUrl())("two accrual batches in flight (the server's workers)", () => {
  it("every loan accrues each day once, progress only rises, the counts are exact", async () => {
    const loans = [];
    for (let i = 0; i < 7; i++) loans.push(await givenLoan(t.db));
    const seen: number[] = [];
    const result = await accrueInterest({
      ...ctx(),
      loanNumbers: loans,
      through: "2025-01-10",
      batchSize: 1,
      inFlight: 2,
      onProgress: (done) => seen.push(done),
    });
    // 7 loans x 10 days (1 to 10 January), one append each.
    expect(result).toMatchObject({ loansScanned: 7, loansAccrued: 7, eventsAppended: 70 });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const loan of loans) {
      const days = (await accruals(loan)).map(([date]) => date);
      expect(days).toHaveLength(10);
      expect(new Set(days).size).toBe(10);
      // 10 x 1.972603 = 19.72603 (12000 x 0.06 / 365 a day, rounded per day to 6 places)
      expect((await stateOf(t.db, loan)).interest).toBe("19.72603");
    }
  });

  it("a failed batch stops the other lane: it rolls back, at most the batch already in flight commits", async () => {
    const loans = [];
    for (let i = 0; i < 6; i++) loans.push(await givenLoan(t.db));
    let calls = 0;
    await expect(
      accrueInterest({
        ...ctx(),
        loanNumbers: loans,
        through: "2025-01-05",
        batchSize: 1,
        inFlight: 2,
        inBatch: async () => {
          if (++calls === 1) throw new Error("the shard's progress write failed");
        },
      }),
    ).rejects.toThrow("the shard's progress write failed");
    const accrued = [];
    for (const loan of loans) if ((await accruals(loan)).length > 0) accrued.push(loan);
    // The failing batch wrote nothing; the other lane finished the one it had
    // started and took no more: 1 loan of 6 (5 days), never more.
    expect(accrued.length).toBeLessThanOrEqual(1);
    expect(calls).toBeLessThanOrEqual(2);
  });
});
