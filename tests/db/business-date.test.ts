/**
 * The business date (DOMAIN.md "The business date"): an event effective after
 * it is refused with a message naming the date, and nothing is written, on
 * every write path (servicing commands, raw appends, loan creation, import,
 * the accrual job, the seed). The clock sets it; LOAN_REPLAY_BUSINESS_DATE
 * overrides the clock.
 */
import { count } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { appendEvent } from "../../db/event-store";
import { loans } from "../../db/schema";
import { seedPortfolio } from "../../db/seed/portfolio";
import { accrueInterest } from "../../db/services/accrue";
import { createLoan } from "../../db/services/create-loan";
import { importHistories } from "../../db/services/import-history";
import { assessFee, postPayment } from "../../db/services/servicing";
import { AppError } from "../../lib/app-error";
import { eventCount, fixedClock, givenLoan, historyOf, TEST_ACTOR } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
let loan: string;
// Business date 2026-01-15 (the clock's UTC date).
const clock = fixedClock("2026-01-15T12:00:00.000Z");
const ctx = () => ({ db: t.db, actor: TEST_ACTOR, clock });

beforeAll(async () => {
  t = await createTestDatabase();
  loan = await givenLoan(t.db, { clock });
});
afterAll(async () => t?.destroy());
afterEach(() => {
  vi.unstubAllEnvs();
});

async function loanCount(): Promise<number> {
  const [row] = await t.db.select({ n: count() }).from(loans);
  return row?.n ?? 0;
}

/** A write that must be refused with `message`, leaving every table as it was. */
async function refused(write: () => Promise<unknown>, message: string | RegExp) {
  const [events, loansBefore] = [await eventCount(t.db), await loanCount()];
  const error = await write().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe("rule_violation");
  if (typeof message === "string") expect((error as AppError).message).toBe(message);
  else expect((error as AppError).message).toMatch(message);
  expect(await eventCount(t.db)).toBe(events);
  expect(await loanCount()).toBe(loansBefore);
  return error as AppError;
}

describe("events effective after the business date are refused, nothing written", () => {
  it("a payment: named with its date and the business date (not the interest catch-up before it)", async () => {
    const error = await refused(
      () =>
        postPayment({ ...ctx(), loanNumber: loan, amount: "500.00", effectiveDate: "2026-01-16" }),
      "Payment effective 2026-01-16 is after the business date 2026-01-15; events cannot take effect in the future.",
    );
    // Shown under the form's date field.
    expect(error.details).toMatchObject({ field: "effectiveDate", businessDate: "2026-01-15" });
  });

  it("a payment far in the future (the issue's 2199-12-31) writes no accruals either", async () => {
    await refused(
      () =>
        postPayment({ ...ctx(), loanNumber: loan, amount: "500.00", effectiveDate: "2199-12-31" }),
      /^Payment effective 2199-12-31 is after the business date 2026-01-15;/,
    );
  });

  it("a fee, and a raw interest accrual", async () => {
    await refused(
      () =>
        assessFee({
          ...ctx(),
          loanNumber: loan,
          amount: "25.00",
          feeType: "late",
          effectiveDate: "2026-02-01",
        }),
      "Fee assessment effective 2026-02-01 is after the business date 2026-01-15; events cannot take effect in the future.",
    );
    await refused(
      () =>
        appendEvent({
          ...ctx(),
          loanNumber: loan,
          eventType: "interest_accrual",
          effectiveDate: "2026-01-16",
          eventData: {
            amount: "1.972603",
            rate: "0.0600",
            dayCount: "actual/365",
            days: 1,
            principalBasis: "12000.00",
          },
        }),
      /^Interest accrual effective 2026-01-16 is after the business date 2026-01-15;/,
    );
  });

  it("a new loan disbursed in the future: no loan, no borrower's events", async () => {
    await refused(
      () =>
        createLoan({
          ...ctx(),
          borrower: { name: "Future Funding" },
          principal: "1000.00",
          annualRate: "0.05",
          termMonths: 12,
          dayCount: "actual/365",
          firstPaymentDate: "2026-03-01",
          originatedOn: "2026-01-10",
          disbursement: { on: "2026-02-01" },
        }),
      /^Disbursement effective 2026-02-01 is after the business date 2026-01-15;/,
    );
  });

  it("an imported history with a future event: that loan fails, nothing of it is written", async () => {
    const [events, loansBefore] = [await eventCount(t.db), await loanCount()];
    const outcomes = await importHistories({
      ...ctx(),
      loans: [
        {
          borrower: { name: "Imported" },
          events: [
            {
              eventType: "origination",
              effectiveDate: "2026-01-01",
              eventData: {
                principal: "1000.00",
                annualRate: "0.05",
                termMonths: 12,
                dayCount: "actual/365",
                firstPaymentDate: "2026-02-01",
              },
            },
            {
              eventType: "disbursement",
              effectiveDate: "2026-01-20",
              eventData: { amount: "1000.00", method: "ach" },
            },
          ],
        },
      ],
    });
    expect(outcomes).toEqual([
      {
        index: 0,
        ok: false,
        error:
          "Disbursement effective 2026-01-20 is after the business date 2026-01-15; events cannot take effect in the future.",
      },
    ]);
    expect(await eventCount(t.db)).toBe(events);
    expect(await loanCount()).toBe(loansBefore);
  });

  it("the business date itself is not the future", async () => {
    const before = await eventCount(t.db, loan);
    const result = await postPayment({
      ...ctx(),
      loanNumber: loan,
      amount: "100.00",
      effectiveDate: "2026-01-15",
    });
    expect(result.appended.at(-1)).toMatchObject({
      eventType: "payment",
      effectiveDate: "2026-01-15",
    });
    expect(await eventCount(t.db, loan)).toBe(before + result.appended.length);
  });
});

describe("the accrual job", () => {
  it("refuses --through after the business date, writing nothing", async () => {
    await refused(
      () => accrueInterest({ ...ctx(), actor: "system:accrual", through: "2026-01-16" }),
      "Accrual through 2026-01-16 is after the business date 2026-01-15; interest never accrues ahead of the business date.",
    );
  });

  it("defaults to the day before the business date", async () => {
    const other = await givenLoan(t.db, {
      clock,
      originatedOn: "2026-01-01",
      disbursement: { on: "2026-01-01" },
      firstPaymentDate: "2026-02-01",
    });
    const result = await accrueInterest({
      ...ctx(),
      actor: "system:accrual",
      loanNumbers: [other],
    });
    expect(result).toMatchObject({ through: "2026-01-14", eventsAppended: 14 });
    const accrued = (await historyOf(t.db, other)).filter(
      (e) => e.eventType === "interest_accrual",
    );
    expect(accrued.at(-1)?.effectiveDate).toBe("2026-01-14");
  });
});

describe("LOAN_REPLAY_BUSINESS_DATE sets the business date (over the clock)", () => {
  it("moves the limit back: what the clock allows is refused", async () => {
    vi.stubEnv("LOAN_REPLAY_BUSINESS_DATE", "2026-01-10");
    await refused(
      () =>
        postPayment({ ...ctx(), loanNumber: loan, amount: "10.00", effectiveDate: "2026-01-15" }),
      "Payment effective 2026-01-15 is after the business date 2026-01-10; events cannot take effect in the future.",
    );
    await refused(
      () => accrueInterest({ ...ctx(), actor: "system:accrual", through: "2026-01-15" }),
      /^Accrual through 2026-01-15 is after the business date 2026-01-10;/,
    );
  });

  it("moves it forward: a date after the clock's is accepted, and accrual defaults to the day before", async () => {
    vi.stubEnv("LOAN_REPLAY_BUSINESS_DATE", "2026-02-01");
    const other = await givenLoan(t.db, {
      clock,
      originatedOn: "2026-01-01",
      disbursement: { on: "2026-01-01" },
      firstPaymentDate: "2026-02-01",
    });
    const paid = await postPayment({
      ...ctx(),
      loanNumber: other,
      amount: "50.00",
      effectiveDate: "2026-01-20",
    });
    expect(paid.appended.at(-1)?.effectiveDate).toBe("2026-01-20");
    const accrued = await accrueInterest({
      ...ctx(),
      actor: "system:accrual",
      loanNumbers: [other],
    });
    expect(accrued.through).toBe("2026-01-31");
    await refused(
      () =>
        postPayment({ ...ctx(), loanNumber: other, amount: "50.00", effectiveDate: "2026-02-02" }),
      /^Payment effective 2026-02-02 is after the business date 2026-02-01;/,
    );
  });

  it("an invalid value is an error naming the variable, and nothing is written", async () => {
    vi.stubEnv("LOAN_REPLAY_BUSINESS_DATE", "2026-02-30");
    const before = await eventCount(t.db);
    await expect(
      postPayment({ ...ctx(), loanNumber: loan, amount: "10.00", effectiveDate: "2026-01-15" }),
    ).rejects.toThrow(/^Invalid environment: LOAN_REPLAY_BUSINESS_DATE: must be a real date/);
    expect(await eventCount(t.db)).toBe(before);
  });
});

describe("the demo generator", () => {
  it("refuses to simulate past the business date", async () => {
    await refused(
      () => seedPortfolio({ db: t.db, clock, loans: 1, years: 1, seed: 1, through: "2026-01-16" }),
      "Seed through 2026-01-16 is after the business date 2026-01-15; nothing is generated in the future.",
    );
  });

  it("by default simulates through the day before the business date, and nothing after it", async () => {
    const fresh = await createTestDatabase();
    try {
      const summary = await seedPortfolio({ db: fresh.db, clock, loans: 8, years: 1, seed: 5 });
      expect(summary.through).toBe("2026-01-14");
      const rows = await fresh.db
        .select({ id: loans.id, loanNumber: loans.loanNumber })
        .from(loans);
      expect(rows).toHaveLength(8);
      for (const row of rows) {
        const dates = (await historyOf(fresh.db, row.loanNumber)).map((e) => e.effectiveDate);
        const latest = dates.sort().at(-1) ?? "";
        expect(latest <= "2026-01-14", `${row.loanNumber} ends ${latest}`).toBe(true);
      }
    } finally {
      await fresh.destroy();
    }
  });
});
