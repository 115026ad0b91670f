import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditQuery } from "../../app/audit/_lib/audit-url";
import { loadAuditPage } from "../../app/audit/_server/audit-page";
import { assessFee, postPayment } from "../../db/services/servicing";
import { fixedClock, givenLoan, TEST_ACTOR } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
let a: string;
let b: string;
beforeAll(async () => {
  t = await createTestDatabase();
  const ctx = { db: t.db, actor: TEST_ACTOR, clock: fixedClock("2026-02-01T09:30:00.000Z") };
  a = await givenLoan(t.db);
  b = await givenLoan(t.db, { dayCount: "actual/360" });
  // Loan a: 10 accruals (Jan 1-10) and the payment; loan b: a late fee by another recorder.
  await postPayment({ ...ctx, loanNumber: a, amount: "500.00", effectiveDate: "2025-01-11" });
  await assessFee({
    ...ctx,
    actor: "staff:bob",
    loanNumber: b,
    amount: "25.00",
    feeType: "late",
    effectiveDate: "2025-01-20",
  });
});
afterAll(async () => t?.destroy());

const query = (over: Partial<AuditQuery> = {}): AuditQuery => ({
  filter: { dateField: "effective", eventTypes: [] },
  order: "newest",
  pageSize: 5,
  ...over,
});

describe("audit page loader", () => {
  it("pages forward and back through the book with keyset cursors", async () => {
    const first = await loadAuditPage(t.db, query());
    expect(first.total).toBe(16);
    expect(first.totalIsCapped).toBe(false);
    expect(first.isFirstPage).toBe(true);
    expect(first.previousBefore).toBeNull();
    expect(first.rows).toHaveLength(5);
    const ids = first.rows.map((r) => r.id);
    expect([...ids].sort((x, y) => y - x)).toEqual(ids); // newest first

    const second = await loadAuditPage(t.db, query({ after: first.nextAfter! }));
    expect(second.isFirstPage).toBe(false);
    expect(second.rows[0]!.id).toBeLessThan(ids.at(-1)!);
    const third = await loadAuditPage(t.db, query({ after: second.nextAfter! }));
    const fourth = await loadAuditPage(t.db, query({ after: third.nextAfter! }));
    expect(fourth.rows).toHaveLength(1);
    expect(fourth.nextAfter).toBeNull();
    const all = [first, second, third, fourth].flatMap((p) => p.rows.map((r) => r.id));
    expect(new Set(all).size).toBe(16);

    // Back from the third page gives the second again, in the same order.
    const back = await loadAuditPage(t.db, query({ before: third.previousBefore! }));
    expect(back.rows.map((r) => r.id)).toEqual(second.rows.map((r) => r.id));
    expect(back.nextAfter).toBe(second.nextAfter);
    expect(back.isFirstPage).toBe(false);
    // Back from the second reaches the start: served as the first page itself.
    const start = await loadAuditPage(t.db, query({ before: back.previousBefore! }));
    expect(start.rows.map((r) => r.id)).toEqual(ids);
    expect(start.isFirstPage).toBe(true);
    expect(start.previousBefore).toBeNull();
  });

  it("pages oldest first, and back again", async () => {
    const first = await loadAuditPage(t.db, query({ order: "oldest", pageSize: 6 }));
    expect(first.rows.slice(0, 2).map((r) => [r.loanNumber, r.eventType])).toEqual([
      [a, "origination"],
      [a, "disbursement"],
    ]);
    const second = await loadAuditPage(
      t.db,
      query({ order: "oldest", pageSize: 6, after: first.nextAfter! }),
    );
    expect(second.rows[0]!.id).toBeGreaterThan(first.rows.at(-1)!.id);
    const back = await loadAuditPage(
      t.db,
      query({ order: "oldest", pageSize: 6, before: second.previousBefore! }),
    );
    expect(back.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
  });

  it("filters by type, loan, recorder and date range", async () => {
    const payments = await loadAuditPage(
      t.db,
      query({ filter: { dateField: "effective", eventTypes: ["payment"] } }),
    );
    expect(payments.total).toBe(1);
    expect(payments.rows.map((r) => r.eventType)).toEqual(["payment"]);

    const bob = await loadAuditPage(
      t.db,
      query({ filter: { dateField: "effective", eventTypes: [], recordedBy: "staff:bob" } }),
    );
    expect(bob.rows.map((r) => [r.loanNumber, r.eventType])).toEqual([[b, "fee_assessment"]]);

    const loanB = await loadAuditPage(
      t.db,
      query({ filter: { dateField: "effective", eventTypes: [], loanNumber: b }, pageSize: 50 }),
    );
    expect(loanB.rows.map((r) => r.eventType).sort()).toEqual([
      "disbursement",
      "fee_assessment",
      "origination",
    ]);

    const range = await loadAuditPage(
      t.db,
      query({
        filter: {
          dateField: "effective",
          eventTypes: ["interest_accrual"],
          from: "2025-01-03",
          to: "2025-01-04",
        },
      }),
    );
    expect(range.rows.map((r) => r.effectiveDate).sort()).toEqual(["2025-01-03", "2025-01-04"]);

    const recorded = await loadAuditPage(
      t.db,
      query({
        filter: { dateField: "recorded", eventTypes: [], from: "2026-02-01", to: "2026-02-01" },
      }),
    );
    expect(recorded.total).toBe(12); // the payment, its 10 accruals and the fee
  });

  it("shows each row in plain figures: amount, summary, UTC time, short hash", async () => {
    const page = await loadAuditPage(
      t.db,
      query({
        filter: { dateField: "effective", eventTypes: ["payment", "origination"], loanNumber: a },
      }),
    );
    const payment = page.rows.find((r) => r.eventType === "payment")!;
    expect(payment).toMatchObject({
      loanNumber: a,
      typeLabel: "Payment",
      effectiveDate: "2025-01-11",
      recordedAt: "2026-02-01T09:30:00.000Z",
      recordedAtText: "2026-02-01 09:30:00 UTC",
      recordedBy: TEST_ACTOR,
      amount: "500.00",
    });
    expect(payment.summary).toMatch(
      /^Payment of \$500\.00 applied: \$0\.00 fees, \$19\.72 interest, \$480\.28 principal/,
    );
    expect(payment.hashPrefix).toMatch(/^[0-9a-f]{12}$/);
    expect(payment.hash?.startsWith(payment.hashPrefix!)).toBe(true);
    const origination = page.rows.find((r) => r.eventType === "origination")!;
    expect(origination.amount).toBeNull(); // its payload has a principal, not an amount
    expect(origination.summary).toContain("Originated $12,000.00 at 6.00%");
  });

  it("an empty result is a page with no rows and no neighbours", async () => {
    const none = await loadAuditPage(
      t.db,
      query({ filter: { dateField: "effective", eventTypes: ["charge_off"] } }),
    );
    expect(none).toMatchObject({ rows: [], total: 0, nextAfter: null, previousBefore: null });
  });
});
