import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readStream as loadHistory } from "../../db/event-store";
import { insertUncheckedRows as insertEventRows } from "../../db/event-store/append";
import { borrowers, loanSnapshots, loans } from "../../db/schema";
import { assessFee, postPayment } from "../../db/services/servicing";
import { rebuildSnapshots, replayLoanAsOf, replayPortfolio } from "../../db/services/snapshots";
import type { LoanEvent } from "../../lib/events/types";
import { replay } from "../../lib/replay/replay";
import { historyArb, recordedAtArb } from "../engine/arbitraries";
import { fixedClock, givenLoan, TEST_ACTOR } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.destroy());

const loanIdOf = async (loanNumber: string) =>
  (await t.db.select({ id: loans.id }).from(loans).where(eq(loans.loanNumber, loanNumber)))[0]!.id;

describe("snapshots in the database", () => {
  it("replays from snapshots, invalidates them on a backdated payment, and rebuilds identically", async () => {
    const loan = await givenLoan(t.db);
    const id = await loanIdOf(loan);
    const at = (iso: string) => ({
      db: t.db,
      actor: TEST_ACTOR,
      clock: fixedClock(iso),
      loanNumber: loan,
    });
    await postPayment({
      ...at("2026-02-01T00:00:00.000Z"),
      amount: "1032.80",
      effectiveDate: "2025-02-01",
    });
    await postPayment({
      ...at("2026-02-01T00:01:00.000Z"),
      amount: "1032.80",
      effectiveDate: "2025-03-01",
    });
    await postPayment({
      ...at("2026-02-01T00:02:00.000Z"),
      amount: "1032.80",
      effectiveDate: "2025-04-01",
    });
    const built = await rebuildSnapshots({ db: t.db, loanIds: [id] });
    expect(built.snapshots).toBe(3); // Jan, Feb, Mar month ends (the last three are kept)
    const full = async (asOf: string, knownAt: string | null = null) =>
      replay(await loadHistory(t.db, id), asOf, { knownAt }).state;
    for (const asOf of ["2025-01-15", "2025-02-28", "2025-03-15", "2025-04-01", "2026-01-01"]) {
      expect(await replayLoanAsOf(t.db, id, asOf)).toEqual(await full(asOf));
    }

    // A fee backdated into February invalidates the February and March snapshots.
    const before = "2026-02-01T00:03:00.000Z";
    await assessFee({
      ...at("2026-02-02T00:00:00.000Z"),
      amount: "15.00",
      feeType: "other",
      effectiveDate: "2025-02-15",
    });
    const snaps = await t.db
      .select()
      .from(loanSnapshots)
      .where(eq(loanSnapshots.loanId, id))
      .orderBy(loanSnapshots.asOfDate);
    expect(snaps.map((s) => [s.asOfDate, s.invalidatedAt !== null])).toEqual([
      ["2025-01-31", false],
      ["2025-02-28", true],
      ["2025-03-31", true],
    ]);
    for (const asOf of ["2025-02-20", "2025-03-31", "2026-01-01"]) {
      expect(await replayLoanAsOf(t.db, id, asOf)).toEqual(await full(asOf));
      // As known before the backdated payment: the invalidated snapshots still serve.
      expect(await replayLoanAsOf(t.db, id, asOf, { knownAt: before })).toEqual(
        await full(asOf, before),
      );
    }

    await rebuildSnapshots({ db: t.db, loanIds: [id] });
    expect(await replayLoanAsOf(t.db, id, "2026-01-01")).toEqual(await full("2026-01-01"));
    expect(await replayLoanAsOf(t.db, id, "2025-03-31", { knownAt: before })).toEqual(
      await full("2025-03-31", before),
    );
  });

  it("property: random histories give identical states with and without snapshots", async () => {
    const [b] = await t.db.insert(borrowers).values({ name: "Property" }).returning();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        historyArb.chain((events) =>
          recordedAtArb(events.length).map((at) =>
            events.map((e, i) => ({ ...e, recordedAt: at[i] }) as LoanEvent),
          ),
        ),
        fc.nat(),
        fc.array(fc.integer({ min: -30, max: 760 }), { minLength: 3, maxLength: 3 }),
        fc.nat(),
        async (events, splitSeed, offsets, knownSeed) => {
          n += 1;
          const [loan] = await t.db
            .insert(loans)
            .values({ loanNumber: `LN-${String(700000 + n)}`, borrowerId: b!.id })
            .returning();
          const split = events.length === 0 ? 0 : splitSeed % (events.length + 1);
          const rows = events.map((e) => ({
            loanId: loan!.id,
            sequenceNumber: e.sequenceNumber,
            eventType: e.eventType,
            eventData: e.eventData as Record<string, unknown>,
            effectiveDate: e.effectiveDate,
            recordedAt: e.recordedAt!,
            recordedBy: "property",
          }));
          // Snapshots built part-way, then the rest of the history arrives (often backdated).
          await t.db.transaction((tx) => insertEventRows(tx, rows.slice(0, split)));
          await rebuildSnapshots({ db: t.db, loanIds: [loan!.id] });
          await t.db.transaction((tx) => insertEventRows(tx, rows.slice(split)));
          const stored = await loadHistory(t.db, loan!.id);
          const knownAt = events.length
            ? (events[knownSeed % events.length]?.recordedAt ?? null)
            : null;
          for (const offset of offsets) {
            const asOf = new Date(Date.UTC(2025, 0, 1 + offset)).toISOString().slice(0, 10);
            expect(await replayLoanAsOf(t.db, loan!.id, asOf)).toEqual(replay(stored, asOf).state);
            expect(await replayLoanAsOf(t.db, loan!.id, asOf, { knownAt })).toEqual(
              replay(stored, asOf, { knownAt }).state,
            );
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it("streams the portfolio loan by loan with the same states as single replays", async () => {
    const seen: string[] = [];
    for await (const { loanId, loanNumber, state } of replayPortfolio(t.db, "2025-06-30", {
      batchSize: 7,
    })) {
      seen.push(loanNumber);
      const { payments: _payments, ...figures } = replay(
        await loadHistory(t.db, loanId),
        "2025-06-30",
      ).state;
      expect(state).toEqual(figures);
    }
    const [count] = await t.db.select({ n: sql<number>`count(*)::int` }).from(loans);
    expect(seen).toHaveLength(count!.n);
  }, 120_000);

  it("the hot queries have indexes that serve them", async () => {
    await t.db.execute(sql`set enable_seqscan = off`);
    try {
      const plan = async (query: ReturnType<typeof sql>) => {
        const result = (await t.db.execute(sql`explain ${query}`)) as unknown as
          | { rows?: unknown[] }
          | unknown[];
        const rows = Array.isArray(result) ? result : (result.rows ?? []);
        return rows.map((r) => Object.values(r as object)[0]).join("\n");
      };
      expect(
        await plan(sql`select * from loan_events where loan_id = 1 order by sequence_number`),
      ).toMatch(/loan_events_loan_(sequence_unique|effective_idx)/);
      expect(
        await plan(
          sql`select * from loan_events where loan_id = 1 and effective_date > '2025-01-31' and effective_date <= '2025-03-01' order by sequence_number`,
        ),
      ).toMatch(/loan_events_loan_effective_idx|loan_events_loan_sequence_unique/);
      expect(
        await plan(
          sql`select * from loan_snapshots where loan_id = 1 and as_of_date <= '2025-03-01' order by as_of_date desc limit 1`,
        ),
      ).toMatch(/loan_snapshots_lookup_idx/);
      expect(
        await plan(sql`select * from loan_events where id < 1000 order by id desc limit 50`),
      ).toMatch(/loan_events_id_idx/);
    } finally {
      await t.db.execute(sql`reset enable_seqscan`);
    }
  });
});
