import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "../../db/client";
import { sealUnhashedEvents } from "../../db/event-store/seal";
import { borrowers, loanEvents, loans, rowHistory } from "../../db/schema";
import { setActor } from "../../db/services/context";
import { assessFee, postPayment } from "../../db/services/servicing";
import { verifyChains } from "../../db/services/verify-chain";
import { fixedClock, givenLoan, TEST_ACTOR } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
let loan: string;
let loanId: number;
const ctx = () => ({ db: t.db, actor: TEST_ACTOR, clock: fixedClock("2026-02-01T00:00:00.000Z") });

beforeAll(async () => {
  t = await createTestDatabase();
  loan = await givenLoan(t.db);
  await postPayment({ ...ctx(), loanNumber: loan, amount: "1032.80", effectiveDate: "2025-02-01" });
  await assessFee({
    ...ctx(),
    loanNumber: loan,
    amount: "25.00",
    feeType: "late",
    effectiveDate: "2025-02-20",
  });
  const [row] = await t.db.select({ id: loans.id }).from(loans).where(eq(loans.loanNumber, loan));
  loanId = row!.id;
});
afterAll(async () => t?.destroy());

/** What a superuser can do: switch the immutability trigger off, edit, switch it back on. */
async function tamper(statement: ReturnType<typeof sql>) {
  await t.db.execute(sql`ALTER TABLE loan_events DISABLE TRIGGER loan_events_no_update`);
  try {
    await t.db.execute(statement);
  } finally {
    await t.db.execute(sql`ALTER TABLE loan_events ENABLE TRIGGER loan_events_no_update`);
  }
}

describe("chain of custody", () => {
  it("every appended event carries the previous event's hash", async () => {
    const rows = await t.db
      .select()
      .from(loanEvents)
      .where(eq(loanEvents.loanId, loanId))
      .orderBy(asc(loanEvents.sequenceNumber));
    expect(rows.length).toBe(35); // origination, disbursement, 31 accruals, payment, fee
    expect(rows[0]!.prevHash).toBeNull();
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.hash ?? ""))).toBe(true);
    expect(await verifyChains({ db: t.db })).toEqual([
      { loanNumber: loan, events: 35, status: "verified" },
    ]);
  });

  it("an amount edited behind the trigger's back is named by loan and sequence", async () => {
    await tamper(
      sql`UPDATE loan_events SET event_data = jsonb_set(event_data, '{amount}', '"999.00"') WHERE loan_id = ${loanId} AND sequence_number = 34`,
    );
    const [report] = await verifyChains({ db: t.db, loanNumbers: [loan] });
    expect(report).toMatchObject({
      loanNumber: loan,
      status: "broken",
      brokenAt: { sequenceNumber: 34, reason: "hash does not match the row" },
    });
    expect(report!.brokenAt!.expected).not.toBe(report!.brokenAt!.found);
    // Put it back so the next test starts from a sound chain.
    await tamper(
      sql`UPDATE loan_events SET event_data = jsonb_set(event_data, '{amount}', '"1032.80"') WHERE loan_id = ${loanId} AND sequence_number = 34`,
    );
    expect((await verifyChains({ db: t.db }))[0]!.status).toBe("verified");
  });

  it("re-hashing the edited row breaks the next link", async () => {
    const [row] = await t.db
      .select()
      .from(loanEvents)
      .where(and(eq(loanEvents.loanId, loanId), eq(loanEvents.sequenceNumber, 20)));
    await tamper(
      sql`UPDATE loan_events SET recorded_by = 'mallory', hash = repeat('0', 64) WHERE id = ${row!.id}`,
    );
    const [report] = await verifyChains({ db: t.db });
    expect(report!.brokenAt!.sequenceNumber).toBe(20);
    await tamper(
      sql`UPDATE loan_events SET recorded_by = ${row!.recordedBy}, hash = ${row!.hash} WHERE id = ${row!.id}`,
    );
  });

  it("events written before the chain existed are sealed by the data migration, once", async () => {
    const [b] = await t.db.insert(borrowers).values({ name: "Legacy" }).returning();
    const [l] = await t.db
      .insert(loans)
      .values({ loanNumber: "LN-900001", borrowerId: b!.id })
      .returning();
    // Rows as an older version wrote them: no hashes.
    await t.db.insert(loanEvents).values([
      {
        loanId: l!.id,
        sequenceNumber: 1,
        eventType: "origination",
        effectiveDate: "2024-01-01",
        eventData: {
          principal: "100.00",
          annualRate: "0.05",
          termMonths: 12,
          dayCount: "30/360",
          firstPaymentDate: "2024-02-01",
        },
        recordedBy: "legacy",
        recordedAt: "2024-01-01T10:00:00.000Z",
      },
      {
        loanId: l!.id,
        sequenceNumber: 2,
        eventType: "disbursement",
        effectiveDate: "2024-01-01",
        eventData: { amount: "100.00", method: "ach" },
        recordedBy: "legacy",
        recordedAt: "2024-01-01T10:00:01.000Z",
      },
    ]);
    expect(
      (await verifyChains({ db: t.db, loanNumbers: ["LN-900001"] }))[0]!.brokenAt!.reason,
    ).toBe("not sealed");
    // Opening (migrating) the database again does not seal them: a forged row
    // inserted with hash NULL must stay visible to verify.
    await migrateDatabase(t);
    expect(
      (await verifyChains({ db: t.db, loanNumbers: ["LN-900001"] }))[0]!.brokenAt!.reason,
    ).toBe("not sealed");
    expect(await sealUnhashedEvents(t.db)).toBe(2);
    expect(await sealUnhashedEvents(t.db)).toBe(0);
    expect((await verifyChains({ db: t.db, loanNumbers: ["LN-900001"] }))[0]!.status).toBe(
      "verified",
    );
    // Sealing is the only change the trigger allows, and only once.
    await expect(
      t.db.execute(sql`UPDATE loan_events SET hash = 'x' WHERE loan_id = ${l!.id}`),
    ).rejects.toThrow();
  });
});

describe("row-level change history", () => {
  it("records inserts and updates of loans and borrowers with the acting user", async () => {
    await t.db.transaction(async (tx) => {
      await setActor(tx, "staff:alice");
      await tx.update(loans).set({ notes: "hardship review" }).where(eq(loans.id, loanId));
    });
    const entries = await t.db
      .select()
      .from(rowHistory)
      .where(and(eq(rowHistory.tableName, "loans"), eq(rowHistory.rowId, loanId)))
      .orderBy(asc(rowHistory.id));
    expect(entries.map((e) => [e.operation, e.actor])).toEqual([
      ["INSERT", TEST_ACTOR],
      ["UPDATE", "staff:alice"],
    ]);
    expect(entries[1]!.oldRow).toMatchObject({ notes: null });
    expect(entries[1]!.newRow).toMatchObject({ notes: "hardship review", loan_number: loan });
  });

  it("the history itself is append-only", async () => {
    await expect(t.db.execute(sql`DELETE FROM row_history`)).rejects.toThrow();
    await expect(t.db.execute(sql`UPDATE row_history SET actor = 'mallory'`)).rejects.toThrow();
  });
});
