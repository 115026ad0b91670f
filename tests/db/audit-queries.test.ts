import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents, streamAuditEvents } from "../../db/event-store/audit-log";
import { findLoanByNumber } from "../../db/queries/loans";
import { listLoanChanges } from "../../db/queries/row-history";
import { loans } from "../../db/schema";
import { setActor } from "../../db/services/context";
import { assessFee, postPayment } from "../../db/services/servicing";
import { fixedClock, givenLoan, TEST_ACTOR } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
let a: string;
let b: string;
beforeAll(async () => {
  t = await createTestDatabase();
  const ctx = { db: t.db, actor: TEST_ACTOR, clock: fixedClock("2026-02-01T00:00:00.000Z") };
  a = await givenLoan(t.db);
  b = await givenLoan(t.db, { dayCount: "actual/360" });
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

describe("audit log queries", () => {
  it("pages through the whole book with a keyset cursor, no row twice, none missed", async () => {
    const seen: number[] = [];
    let cursor: number | undefined;
    for (;;) {
      const page = await listAuditEvents(t.db, { filter: {}, cursor, pageSize: 4 });
      expect(page.total).toBe(16); // 2 x (origination, disbursement) + 10 accruals + payment + fee
      seen.push(...page.rows.map((r) => r.id));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(16);
    expect(new Set(seen).size).toBe(16);
    expect([...seen].sort((x, y) => y - x)).toEqual(seen); // newest first
  });

  it("filters by type, loan, recorder and effective-date range", async () => {
    const payments = await listAuditEvents(t.db, { filter: { eventTypes: ["payment"] } });
    expect(payments.rows.map((r) => [r.loanNumber, r.eventType])).toEqual([[a, "payment"]]);
    const bob = await listAuditEvents(t.db, { filter: { recordedBy: "staff:bob" } });
    expect(bob.rows.map((r) => r.eventType)).toEqual(["fee_assessment"]);
    const januaryFirstWeek = await listAuditEvents(t.db, {
      filter: { loanNumber: a, dateField: "effective", from: "2025-01-02", to: "2025-01-05" },
    });
    expect(januaryFirstWeek.rows.map((r) => r.effectiveDate).sort()).toEqual([
      "2025-01-02",
      "2025-01-03",
      "2025-01-04",
      "2025-01-05",
    ]);
    const recordedToday = await listAuditEvents(t.db, {
      filter: { dateField: "recorded", from: "2026-02-01", to: "2026-02-01" },
    });
    expect(recordedToday.total).toBe(12);
  });

  it("streams every matching row for export in batches", async () => {
    const batches: number[] = [];
    for await (const batch of streamAuditEvents(t.db, {}, 5)) batches.push(batch.length);
    expect(batches).toEqual([5, 5, 5, 1]);
  });

  it("lists the changes to a loan and its borrower", async () => {
    const loan = await findLoanByNumber(t.db, a);
    await t.db.transaction(async (tx) => {
      await setActor(tx, "staff:carol");
      await tx.update(loans).set({ product: "interest-first" }).where(eq(loans.id, loan!.id));
    });
    const changes = await listLoanChanges(t.db, { id: loan!.id, borrowerId: loan!.borrower.id });
    expect(changes.map((c) => [c.tableName, c.operation, c.actor])).toEqual([
      ["borrowers", "INSERT", TEST_ACTOR],
      ["loans", "INSERT", TEST_ACTOR],
      ["loans", "UPDATE", "staff:carol"],
    ]);
    expect(changes[2]!.changes).toEqual([
      { field: "product", before: "standard", after: "interest-first" },
    ]);
  });
});

describe("audit log in recorded time", () => {
  it("lists newest first by when events were recorded, not by id, and pages and exports in that order", async () => {
    const scratch = await createTestDatabase();
    const db = scratch.db;
    // The second loan's events are written first but recorded later (as an import or the
    // demo generator does): id order and recorded order disagree.
    const late = await givenLoan(db, { clock: fixedClock("2026-03-01T00:00:00.000Z") });
    const early = await givenLoan(db, { clock: fixedClock("2026-01-01T00:00:00.000Z") });
    const page = await listAuditEvents(db, { filter: {}, pageSize: 2 });
    expect(page.rows.map((r) => r.loanNumber)).toEqual([late, late]);
    const next = await listAuditEvents(db, { filter: {}, pageSize: 2, cursor: page.nextCursor! });
    expect(next.rows.map((r) => r.loanNumber)).toEqual([early, early]);
    expect(next.nextCursor).toBeNull();
    const oldest = await listAuditEvents(db, { filter: {}, direction: "oldest", pageSize: 10 });
    expect(oldest.rows.map((r) => r.loanNumber)).toEqual([early, early, late, late]);
    const streamed: string[] = [];
    for await (const batch of streamAuditEvents(db, {}, 3, "newest")) {
      streamed.push(...batch.map((r) => r.loanNumber));
    }
    expect(streamed).toEqual([late, late, early, early]);
    await scratch.destroy();
  });
});
