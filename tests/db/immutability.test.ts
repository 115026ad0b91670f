import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { borrowers, loanEvents, loans } from "../../db/schema";
import { createTestDatabase, serverUrl, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
let loanId: number;

/** Drizzle wraps driver errors; the Postgres message is on the error or its cause. */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const parts: string[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause) parts.push(e.message);
    return parts.join(" | ");
  }
  throw new Error("expected the statement to fail, but it succeeded");
}

beforeAll(async () => {
  t = await createTestDatabase();
  const [b] = await t.db.insert(borrowers).values({ name: "Test Borrower" }).returning();
  const [l] = await t.db
    .insert(loans)
    .values({ loanNumber: "LN-000001", borrowerId: b!.id })
    .returning();
  loanId = l!.id;
  await t.db.insert(loanEvents).values([
    {
      loanId,
      sequenceNumber: 1,
      eventType: "origination",
      effectiveDate: "2025-01-01",
      eventData: { principal: "1000.00" },
      recordedBy: "test",
    },
    {
      loanId,
      sequenceNumber: 2,
      eventType: "disbursement",
      effectiveDate: "2025-01-02",
      eventData: { amount: "1000.00", method: "ach" },
      recordedBy: "test",
    },
  ]);
});

afterAll(async () => {
  await t?.destroy();
});

describe(`loan_events is append-only in the database (${serverUrl() ? "postgres" : "pglite"})`, () => {
  it("rejects UPDATE", async () => {
    const message = await failure(
      t.db.update(loanEvents).set({ recordedBy: "mallory" }).where(eq(loanEvents.loanId, loanId)),
    );
    expect(message).toMatch(/append-only: UPDATE is not allowed/);
  });

  it("rejects DELETE", async () => {
    const message = await failure(t.db.delete(loanEvents).where(eq(loanEvents.loanId, loanId)));
    expect(message).toMatch(/append-only: DELETE is not allowed/);
  });

  it("rejects TRUNCATE, also when cascaded from loans", async () => {
    expect(await failure(t.db.execute(sql`TRUNCATE loan_events`))).toMatch(
      /append-only: TRUNCATE is not allowed/,
    );
    expect(await failure(t.db.execute(sql`TRUNCATE loans CASCADE`))).toMatch(
      /append-only: TRUNCATE is not allowed/,
    );
  });

  it("refuses to delete a loan that has events", async () => {
    expect(await failure(t.db.delete(loans).where(eq(loans.id, loanId)))).toMatch(
      /foreign key|violates/i,
    );
  });

  it("keeps the rows intact after every refused change", async () => {
    const rows = await t.db.select().from(loanEvents).where(eq(loanEvents.loanId, loanId));
    expect(rows.map((r) => [r.sequenceNumber, r.recordedBy])).toEqual([
      [1, "test"],
      [2, "test"],
    ]);
  });
});

describe("loan_events constraints", () => {
  const event = (sequenceNumber: number, eventType = "payment") => ({
    loanId,
    sequenceNumber,
    // Deliberately bypasses the enum type to reach the database's own check.
    eventType: eventType as "payment",
    effectiveDate: "2025-02-01",
    eventData: { amount: "10.00" },
    recordedBy: "test",
  });

  it("rejects a duplicate (loan_id, sequence_number)", async () => {
    expect(await failure(t.db.insert(loanEvents).values(event(2)))).toMatch(
      /loan_events_loan_sequence_unique|duplicate key/,
    );
  });

  it("rejects an unknown event_type", async () => {
    expect(await failure(t.db.insert(loanEvents).values(event(3, "refund")))).toMatch(
      /invalid input value for enum event_type/,
    );
  });

  it("rejects a sequence number of zero or below", async () => {
    expect(await failure(t.db.insert(loanEvents).values(event(0)))).toMatch(
      /loan_events_sequence_positive/,
    );
  });

  it("rejects a payload that is not a JSON object", async () => {
    const bad = {
      ...event(3),
      eventData: ["not", "an", "object"] as unknown as Record<string, unknown>,
    };
    expect(await failure(t.db.insert(loanEvents).values(bad))).toMatch(
      /loan_events_data_is_object/,
    );
  });

  it("rejects an event for a loan that does not exist", async () => {
    expect(await failure(t.db.insert(loanEvents).values({ ...event(3), loanId: 999_999 }))).toMatch(
      /foreign key/i,
    );
  });

  it("rejects a malformed loan number", async () => {
    const [b] = await t.db.select().from(borrowers).limit(1);
    expect(
      await failure(t.db.insert(loans).values({ loanNumber: "123", borrowerId: b!.id })),
    ).toMatch(/loans_loan_number_format/);
  });

  it("stamps recorded_at by default", async () => {
    const [row] = await t.db.insert(loanEvents).values(event(3)).returning();
    expect(row?.recordedAt).toBeTruthy();
    expect(
      Number.isNaN(Date.parse(row!.recordedAt.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00"))),
    ).toBe(false);
  });
});
