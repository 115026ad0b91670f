/**
 * Days past due and delinquency buckets on the loans list (db/queries/portfolio.ts):
 * hand-computed loans in every bucket, read today from the projection's due
 * basis (delinquent_since, with the date applied in SQL), filtered by bucket,
 * sorted by days past due, counted per bucket; a past date from the figures
 * table (replayed from snapshots' due bases); every loan checked against
 * lib/due's dueFromEvents on many dates; the basis is rebuilt with the
 * projection and survives the accrual job.
 *
 * The loans are 1,200.00 at 0 % over 12 months: every installment is 100.00,
 * due on the 1st, and no interest ever accrues, so days past due can be
 * counted on a calendar.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rebuildProjections } from "../../db/event-store/projection";
import {
  type ListOptions,
  listPortfolioAsOf,
  type PortfolioQuery,
} from "../../db/queries/portfolio";
import { loanProjections, loans } from "../../db/schema";
import { accrueInterest } from "../../db/services/accrue";
import { postPayment } from "../../db/services/servicing";
import { addDays } from "../../lib/dates";
import { dueFromEvents } from "../../lib/due";
import { fixedClock, givenLoan, historyOf, TEST_ACTOR } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
const clock = fixedClock("2026-01-15T12:00:00.000Z");
const write = { actor: TEST_ACTOR, clock };
const small: ListOptions = { inlineLimit: 2, batchSize: 3, pollMs: 20 };
/** Loan letter -> loan number. */
const L: Record<string, string> = {};

const zeroRate = (firstPaymentDate: string, originatedOn: string) => ({
  principal: "1200.00",
  annualRate: "0",
  termMonths: 12,
  dayCount: "30/360" as const,
  firstPaymentDate,
  originatedOn,
  disbursement: { on: originatedOn },
});

async function pay(letter: string, effectiveDate: string, amount = "100.00") {
  await postPayment({ db: t.db, ...write, loanNumber: L[letter] as string, amount, effectiveDate });
}

beforeAll(async () => {
  t = await createTestDatabase();
  const plan: [string, string, string][] = [
    // letter, first payment, originated
    ["A", "2025-02-01", "2025-01-01"],
    ["B", "2025-02-01", "2025-01-01"],
    ["C", "2025-02-01", "2025-01-01"],
    ["D", "2025-02-01", "2025-01-01"],
    ["E", "2025-02-01", "2025-01-01"],
    ["F", "2024-11-01", "2024-10-01"],
    ["G", "2025-01-01", "2024-12-01"],
  ];
  for (const [letter, first, originated] of plan) {
    L[letter] = await givenLoan(t.db, {
      borrower: { name: `Borrower ${letter}` },
      ...zeroRate(first, originated),
    });
  }
  // A pays every installment on time; B pays February only; C nothing;
  // D February, March and half of April; E pays the loan off in February.
  for (const d of ["2025-02-01", "2025-03-01", "2025-04-01"]) await pay("A", d);
  await pay("B", "2025-02-01");
  await pay("D", "2025-02-01");
  await pay("D", "2025-03-01");
  await pay("D", "2025-04-01", "50.00");
  await pay("E", "2025-02-01", "1200.00");
}, 180_000);

afterAll(async () => {
  await t?.destroy();
});

async function list(query: Partial<PortfolioQuery> & { asOf: string }) {
  for (;;) {
    const page = await listPortfolioAsOf(t.db, { pageSize: 100, ...query }, small);
    if (!page.computing) return page;
    await new Promise((r) => setTimeout(r, 30));
  }
}

function byLetter(rows: { loanNumber: string; daysPastDue: number; bucket: string }[]) {
  const letters = Object.fromEntries(Object.entries(L).map(([k, v]) => [v, k]));
  return Object.fromEntries(rows.map((r) => [letters[r.loanNumber], [r.daysPastDue, r.bucket]]));
}

describe("days past due on /loans, today (the projection's due basis)", () => {
  it("counts from the oldest unpaid installment, by hand", async () => {
    const page = await list({ asOf: "2025-04-15" });
    expect(page.computing).toBeNull();
    expect(byLetter(page.rows)).toEqual({
      A: [0, "current"], // paid through April; May is not due yet
      B: [45, "30-59"], // March 1 unpaid: 04-15 - 03-01
      C: [73, "60-89"], // February 1 unpaid: 04-15 - 02-01
      D: [14, "1-29"], // April half paid: 04-15 - 04-01
      E: [0, "current"], // paid off
      F: [165, "120+"], // 2024-11-01 unpaid
      G: [104, "90-119"], // 2025-01-01 unpaid
    });
  });

  it("moves with the date and no event (same projection, another day)", async () => {
    const page = await list({ asOf: "2025-05-02" });
    expect(byLetter(page.rows)).toEqual({
      A: [1, "1-29"], // May 1 due and unpaid
      B: [62, "60-89"],
      C: [90, "90-119"],
      D: [31, "30-59"],
      E: [0, "current"],
      F: [182, "120+"],
      G: [121, "120+"],
    });
    // An installment due on the date is due, not past due.
    expect(byLetter((await list({ asOf: "2025-05-01" })).rows).A).toEqual([0, "current"]);
  });

  it("filters by bucket (a range of delinquent_since), counts every bucket, sorts by days past due", async () => {
    const asOf = "2025-04-15";
    const all = await list({ asOf });
    expect(all.bucketCounts).toEqual({
      current: 2,
      "1-29": 1,
      "30-59": 1,
      "60-89": 1,
      "90-119": 1,
      "120+": 1,
    });
    for (const bucket of ["current", "1-29", "30-59", "60-89", "90-119", "120+"] as const) {
      const page = await list({ asOf, bucket });
      expect(page.total).toBe(all.bucketCounts[bucket]);
      expect(page.rows.every((r) => r.bucket === bucket)).toBe(true);
      expect(page.bucket).toBe(bucket);
    }
    const sorted = await list({ asOf, sort: "daysPastDue", dir: "desc" });
    expect(sorted.rows.map((r) => r.daysPastDue)).toEqual([165, 104, 73, 45, 14, 0, 0]);
    // Ties by loan number.
    expect(sorted.rows.slice(5).map((r) => r.loanNumber)).toEqual([L.A, L.E].sort());
    const asc = await list({ asOf, sort: "daysPastDue", dir: "asc", pageSize: 3, page: 1 });
    expect(asc.rows.map((r) => r.daysPastDue)).toEqual([0, 0, 14]);
    // Status and bucket filters together; each filter's counts honour the other.
    const activeLate = await list({ asOf, status: "active", bucket: "current" });
    expect(activeLate.rows.map((r) => r.loanNumber)).toEqual([L.A]);
    expect(activeLate.statusCounts.paid_off).toBe(1);
    expect(activeLate.bucketCounts.current).toBe(1);
    // A search narrows the counts too.
    const searched = await list({ asOf, search: "Borrower C" });
    expect(searched.bucketCounts["60-89"]).toBe(1);
    expect(searched.total).toBe(1);
  });
});

describe("days past due on /loans for a past date (the figures table)", () => {
  it("replays loans with later events from their snapshots' due bases, copies the others", async () => {
    const page = await list({ asOf: "2025-03-15" });
    expect(byLetter(page.rows)).toEqual({
      A: [0, "current"], // February and March paid
      B: [14, "1-29"], // March 1 unpaid
      C: [42, "30-59"],
      D: [0, "current"],
      E: [0, "current"],
      F: [134, "120+"],
      G: [73, "60-89"],
    });
    const late = await list({ asOf: "2025-03-15", bucket: "1-29" });
    expect(late.rows.map((r) => r.loanNumber)).toEqual([L.B]);
    const sorted = await list({ asOf: "2025-03-15", sort: "daysPastDue", dir: "desc" });
    expect(sorted.rows.map((r) => r.daysPastDue)).toEqual([134, 73, 42, 14, 0, 0, 0]);
  });

  it("an append makes that loan's row stale; its days past due are computed again", async () => {
    await pay("C", "2025-03-10");
    const page = await list({ asOf: "2025-03-15" });
    // One installment paid (February): March 1 is now the oldest unpaid.
    expect(byLetter(page.rows).C).toEqual([14, "1-29"]);
    expect(byLetter((await list({ asOf: "2025-04-15" })).rows).C).toEqual([45, "30-59"]);
  });
});

describe("the due basis against lib/due, every loan, many dates", () => {
  it("equals dueFromEvents' days past due on every date checked", async () => {
    const dates = ["2025-02-01", "2025-02-02", "2025-03-01", "2025-03-31", "2025-04-02"];
    for (let d = "2025-04-01"; d <= "2026-03-01"; d = addDays(d, 23)) dates.push(d);
    for (const asOf of dates) {
      const page = await list({ asOf });
      for (const row of page.rows) {
        const events = await historyOf(t.db, row.loanNumber);
        const expected = dueFromEvents(events, { asOf });
        expect([asOf, row.loanNumber, row.daysPastDue, row.bucket]).toEqual([
          asOf,
          row.loanNumber,
          expected.daysPastDue,
          expected.bucket,
        ]);
      }
    }
  }, 240_000);
});

describe("the due basis is a cache of the projection", () => {
  it("is rebuilt with the projection (cli projections rebuild), identically", async () => {
    const before = await t.db
      .select({
        id: loanProjections.loanId,
        since: loanProjections.delinquentSince,
        basis: loanProjections.dueBasis,
      })
      .from(loanProjections)
      .orderBy(loanProjections.loanId);
    await t.db.execute(
      sql`update ${loanProjections} set due_basis = null, delinquent_since = '1999-01-01'`,
    );
    await rebuildProjections({ db: t.db });
    const after = await t.db
      .select({
        id: loanProjections.loanId,
        since: loanProjections.delinquentSince,
        basis: loanProjections.dueBasis,
      })
      .from(loanProjections)
      .orderBy(loanProjections.loanId);
    expect(after).toEqual(before);
  });

  it("a projection without a due basis is rebuilt by the list's check before it is read", async () => {
    const [b] = await t.db
      .select({ id: loans.id })
      .from(loans)
      .where(eq(loans.loanNumber, L.B as string));
    await t.db.execute(
      sql`update ${loanProjections} set due_basis = null, delinquent_since = null where loan_id = ${b?.id}`,
    );
    await t.db.execute(sql`delete from loan_list_coverage`);
    const page = await list({ asOf: "2025-04-15" });
    expect(byLetter(page.rows).B).toEqual([45, "30-59"]);
  });

  it("an interest-bearing loan keeps its basis through the accrual job", async () => {
    const loan = await givenLoan(t.db, { borrower: { name: "Accruing" } });
    await accrueInterest({
      db: t.db,
      ...write,
      loanNumbers: [loan],
      through: "2025-03-20",
      lateFees: false,
    });
    const events = await historyOf(t.db, loan);
    const page = await list({ asOf: "2025-03-20", search: loan });
    const expected = dueFromEvents(events, { asOf: "2025-03-20" });
    expect(expected.daysPastDue).toBe(47); // February 1 unpaid
    expect(page.rows[0]?.daysPastDue).toBe(47);
    expect(page.rows[0]?.bucket).toBe("30-59");
  });
});
