import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listPortfolioAsOf } from "../../db/queries/portfolio";
import { postPayment } from "../../db/services/servicing";
import { fixedClock, givenLoan, TEST_ACTOR } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
const loans: string[] = [];
const opened = { clock: fixedClock("2025-01-01T09:00:00.000Z") };
beforeAll(async () => {
  t = await createTestDatabase();
  loans.push(
    await givenLoan(t.db, { ...opened, borrower: { name: "Ada Lovelace" }, principal: "5000.00" }),
  );
  loans.push(
    await givenLoan(t.db, { ...opened, borrower: { name: "Grace Hopper" }, principal: "20000.00" }),
  );
  loans.push(
    await givenLoan(t.db, {
      // Originated in June: written then (nothing takes effect after the business date).
      clock: fixedClock("2025-06-01T09:00:00.000Z"),
      borrower: { name: "Alan Turing" },
      principal: "8000.00",
      originatedOn: "2025-06-01",
      firstPaymentDate: "2025-07-01",
      disbursement: { on: "2025-06-01" },
    }),
  );
});
afterAll(async () => t?.destroy());

describe("the portfolio as of a date", () => {
  it("replays every loan as of the date; loans not yet originated are left out of 'active'", async () => {
    const page = await listPortfolioAsOf(t.db, { asOf: "2025-03-01" });
    expect(page.rows.map((r) => [r.loanNumber, r.status, r.principal])).toEqual([
      [loans[0], "active", "5000.00"],
      [loans[1], "active", "20000.00"],
      [loans[2], "none", "0.00"],
    ]);
    expect(page.statusCounts.active).toBe(2);
  });

  it("searches loan number or borrower, filters by status, sorts money exactly, pages", async () => {
    const search = await listPortfolioAsOf(t.db, { asOf: "2025-12-31", search: "hOPPER" });
    expect(search.rows.map((r) => r.borrowerName)).toEqual(["Grace Hopper"]);
    const byNumber = await listPortfolioAsOf(t.db, {
      asOf: "2025-12-31",
      search: loans[2]?.slice(-3),
    });
    expect(byNumber.rows.map((r) => r.loanNumber)).toContain(loans[2]);

    const sorted = await listPortfolioAsOf(t.db, {
      asOf: "2025-12-31",
      sort: "principal",
      dir: "desc",
    });
    expect(sorted.rows.map((r) => r.borrowerName)).toEqual([
      "Grace Hopper",
      "Alan Turing",
      "Ada Lovelace",
    ]);

    const paged = await listPortfolioAsOf(t.db, { asOf: "2025-12-31", pageSize: 2, page: 2 });
    expect(paged).toMatchObject({ total: 3, page: 2, pageCount: 2 });
    expect(paged.rows).toHaveLength(1);
    const clamped = await listPortfolioAsOf(t.db, { asOf: "2025-12-31", pageSize: 2, page: 9 });
    expect(clamped.page).toBe(2);

    const none = await listPortfolioAsOf(t.db, { asOf: "2025-12-31", status: "paid_off" });
    expect(none.rows).toEqual([]);
  });

  it("reflects a new event at once (the loan's stored figures for the date are recomputed)", async () => {
    const before = await listPortfolioAsOf(t.db, { asOf: "2025-02-01", search: "Ada" });
    await postPayment({
      db: t.db,
      actor: TEST_ACTOR,
      clock: fixedClock("2025-02-01T12:00:00.000Z"),
      loanNumber: loans[0] as string,
      amount: "500.00",
      effectiveDate: "2025-02-01",
    });
    const after = await listPortfolioAsOf(t.db, { asOf: "2025-02-01", search: "Ada" });
    expect(before.rows[0]?.principal).toBe("5000.00");
    expect(after.rows[0]?.principal).not.toBe("5000.00");
    expect(after.rows[0]?.lastEventDate).toBe("2025-02-01");
  });
});
