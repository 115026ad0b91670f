import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "../../db/client";
import { assessFee } from "../../db/services/servicing";
import { AppError } from "../../lib/app-error";
import { fixedClock, givenLoan, historyOf, TEST_ACTOR } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const WRITERS = 24;
let t: TestDatabase;
let writers: DatabaseHandle[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  // On the server every writer gets its own connection (its own client, pool of
  // one); PGlite has a single connection, so writers share it.
  writers = t.url
    ? await Promise.all(
        Array.from({ length: WRITERS }, () =>
          openDatabase({ url: t.url, migrate: false, maxConnections: 1 }),
        ),
      )
    : Array.from({ length: WRITERS }, () => t);
});
afterAll(async () => {
  if (t?.url) await Promise.all(writers.map((w) => w.close()));
  await t?.destroy();
});

const clock = fixedClock("2026-02-01T00:00:00.000Z");

describe(`${WRITERS} concurrent writers on one loan`, () => {
  it("all land with gapless, duplicate-free sequence numbers", async () => {
    const loan = await givenLoan(t.db);
    const results = await Promise.allSettled(
      writers.map((w, i) =>
        assessFee({
          db: w.db,
          actor: `${TEST_ACTOR}-${i}`,
          clock,
          loanNumber: loan,
          amount: "1.00",
          feeType: "other",
          effectiveDate: "2025-01-10",
        }),
      ),
    );
    const failures = results.filter((r) => r.status === "rejected");
    expect(failures).toEqual([]);
    const history = await historyOf(t.db, loan);
    expect(history.map((e) => e.sequenceNumber)).toEqual(
      Array.from({ length: WRITERS + 2 }, (_, i) => i + 1),
    );
    expect(new Set(history.slice(2).map((e) => e.recordedBy)).size).toBe(WRITERS);
  });

  it("with expectedSequence, exactly one wins and every other gets a retryable conflict", async () => {
    const loan = await givenLoan(t.db);
    const results = await Promise.allSettled(
      writers.map((w, i) =>
        assessFee({
          db: w.db,
          actor: `${TEST_ACTOR}-${i}`,
          clock,
          loanNumber: loan,
          amount: "1.00",
          feeType: "other",
          effectiveDate: "2025-01-10",
          expectedSequence: 2,
        }),
      ),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(WRITERS - 1);
    for (const r of lost) {
      expect(r.reason).toBeInstanceOf(AppError);
      expect((r.reason as AppError).code).toBe("conflict");
    }
    expect((await historyOf(t.db, loan)).map((e) => e.sequenceNumber)).toEqual([1, 2, 3]);
  });
});
