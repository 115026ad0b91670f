/**
 * The live projection and the self-keeping month-end snapshots against the
 * events they cache: for random servicing histories written through the real
 * write path (backdated writes and refusals included), the projection the
 * appends kept equals the fold of the stored events, a rebuild writes the
 * same, and as-of replays that start from the snapshots the appends took equal
 * full replays, also as known at earlier times.
 */
import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readStream } from "../../db/event-store";
import { lockLoanForWrite } from "../../db/event-store/append";
import { digestOf } from "../../db/event-store/integrity";
import {
  loadProjections,
  projectStream,
  rebuildProjections,
  selectWithProjections,
} from "../../db/event-store/projection";
import { resultRows } from "../../db/event-store/rows";
import { loanProjections, loanSnapshots, loans } from "../../db/schema";
import { accrueInterest } from "../../db/services/accrue";
import { createLoan } from "../../db/services/create-loan";
import { runCommand } from "../../db/services/servicing";
import { replayFiguresAsOf, replayLoanAsOf } from "../../db/services/snapshots";
import { isAppError } from "../../lib/app-error";
import { addDays } from "../../lib/dates";
import { replay } from "../../lib/replay/replay";
import { serializeState } from "../../lib/replay/snapshot";
import { toLoanState } from "../../lib/replay/state";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.destroy());

const START = "2025-01-01";
// Offsets from 2025-01-01, often a month end (Jan 31 = 30, Feb 28 = 58, Mar 31 = 89,
// Apr 30 = 119, Jun 30 = 180): where snapshots sit and backdated events must invalidate them.
const day = fc.oneof(fc.integer({ min: 0, max: 420 }), fc.constantFrom(30, 58, 89, 119, 180));
const cents = (min: number, max: number) =>
  fc.integer({ min, max }).map((n) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, "0")}`);

type Step =
  | { kind: "command"; at: number; command: Record<string, unknown> }
  | { kind: "accrue"; at: number }
  | { kind: "reverse"; at: number; pick: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("command" as const),
    at: day,
    command: fc.record({ type: fc.constant("record_payment"), amount: cents(100, 300_000) }),
  }),
  fc.record({
    kind: fc.constant("command" as const),
    at: day,
    command: fc.record({
      type: fc.constant("assess_fee"),
      amount: cents(100, 5_000),
      feeType: fc.constantFrom("late", "other"),
    }),
  }),
  fc.record({
    kind: fc.constant("command" as const),
    at: day,
    command: fc.record({
      type: fc.constant("waive_fee"),
      amount: cents(100, 3_000),
      reason: fc.constant("goodwill"),
    }),
  }),
  fc.record({
    kind: fc.constant("command" as const),
    at: day,
    command: fc.record({
      type: fc.constant("modify_terms"),
      ratePercent: fc.constantFrom("3.5", "4.25", "9"),
      reason: fc.constant("hardship"),
    }),
  }),
  fc.record({ kind: fc.constant("accrue" as const), at: day }),
  fc.record({ kind: fc.constant("reverse" as const), at: day, pick: fc.nat() }),
);

let n = 0;

describe("live projection and self-kept snapshots", () => {
  it("property: projection = fold of the events = rebuild; snapshot replays = full replays", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 14 }),
        fc.array(day, { minLength: 2, maxLength: 2 }),
        async (steps, asOfs) => {
          n += 1;
          let tick = 0;
          // Simulated time runs forward one minute per write, from a day after the
          // latest effective date drawn (2025-01-01 + 420 = 2026-02-25): the
          // business date, so no write is refused as future-dated.
          const clock = () => () => new Date(Date.UTC(2026, 2, 1, 12, tick++));
          const { loanNumber, loanId } = await createLoan({
            db: t.db,
            actor: "test:property",
            clock: clock(),
            borrower: { name: `Property ${n}` },
            principal: "5000.00",
            annualRate: "0.0700",
            termMonths: 24,
            dayCount: n % 3 === 0 ? "30/360" : n % 3 === 1 ? "actual/360" : "actual/365",
            firstPaymentDate: "2025-02-01",
            originatedOn: START,
            disbursement: { on: START },
          });
          const knownAts: string[] = [];
          for (const s of steps) {
            const date = addDays(START, s.at);
            try {
              if (s.kind === "accrue") {
                await accrueInterest({
                  db: t.db,
                  actor: "test:accrual",
                  clock: clock(),
                  through: date,
                  loanNumbers: [loanNumber],
                });
              } else if (s.kind === "reverse") {
                const payments = (await readStream(t.db, loanId)).filter(
                  (e) => e.eventType === "payment",
                );
                const target = payments[s.pick % Math.max(1, payments.length)];
                if (!target) continue;
                await runCommand({
                  db: t.db,
                  actor: "test:property",
                  clock: clock(),
                  loanNumber,
                  command: {
                    type: "reverse_payment",
                    paymentSequence: target.sequenceNumber,
                    effectiveDate: date,
                    reason: "returned",
                  },
                });
              } else {
                await runCommand({
                  db: t.db,
                  actor: "test:property",
                  clock: clock(),
                  loanNumber,
                  command: { ...s.command, effectiveDate: date },
                });
              }
            } catch (error) {
              if (!isAppError(error)) throw error;
            }
            knownAts.push(new Date(Date.UTC(2026, 2, 1, 12, tick)).toISOString());
          }

          const events = await readStream(t.db, loanId);
          const folded = projectStream(loanId, events, null).state;
          const live = (await loadProjections(t.db, [loanId])).get(loanId);
          const [row] = await t.db
            .select()
            .from(loanProjections)
            .where(eq(loanProjections.loanId, loanId));
          // What the appends wrote covers the whole stream (loadProjections did not have to rebuild).
          expect(row?.throughSequence).toBe(events.length);
          expect(serializeState(live!.state)).toEqual(serializeState(folded));
          expect(toLoanState(live!.state, "9999-12-31", null)).toEqual(
            replay(events, "9999-12-31").state,
          );

          await rebuildProjections({ db: t.db, loanIds: [loanId] });
          const [rebuilt] = await t.db
            .select()
            .from(loanProjections)
            .where(eq(loanProjections.loanId, loanId));
          expect(rebuilt?.state).toEqual(row?.state);
          expect([rebuilt?.principal, rebuilt?.totalOutstanding, rebuilt?.lastHash]).toEqual([
            row?.principal,
            row?.totalOutstanding,
            row?.lastHash,
          ]);

          for (const offset of asOfs) {
            const asOf = addDays(START, offset);
            const full = replay(events, asOf).state;
            expect(await replayLoanAsOf(t.db, loanId, asOf)).toEqual(full);
            // Figures read from snapshots without their payment logs (reversals reload them).
            const { payments: _payments, ...figures } = full;
            expect((await replayFiguresAsOf(t.db, [loanId], asOf)).get(loanId)).toEqual(figures);
            const knownAt = knownAts[offset % knownAts.length] ?? null;
            expect(await replayLoanAsOf(t.db, loanId, asOf, { knownAt })).toEqual(
              replay(events, asOf, { knownAt }).state,
            );
          }
        },
      ),
      { numRuns: 25 },
    );
    // The appends took month-end snapshots by themselves.
    const [taken] = await t.db.select({ id: loanSnapshots.id }).from(loanSnapshots).limit(1);
    expect(taken).toBeDefined();
  }, 300_000);

  it("figures from a snapshot without its payment log still reverse a payment folded into it", async () => {
    const clock = () => new Date("2025-03-01T12:00:00.000Z");
    const { loanNumber, loanId } = await createLoan({
      db: t.db,
      actor: "test:figures",
      clock,
      borrower: { name: "Figures" },
      principal: "1000.00",
      annualRate: "0.0000",
      termMonths: 12,
      dayCount: "actual/365",
      firstPaymentDate: "2025-02-01",
      originatedOn: "2025-01-01",
      disbursement: { on: "2025-01-01" },
    });
    const write = { db: t.db, actor: "test:figures", clock, loanNumber };
    const paid = await runCommand({
      ...write,
      command: { type: "record_payment", amount: "100.00", effectiveDate: "2025-01-15" },
    });
    // A fee in February crosses the January month end: the append takes that snapshot.
    await runCommand({
      ...write,
      command: {
        type: "assess_fee",
        amount: "5.00",
        feeType: "other",
        effectiveDate: "2025-02-03",
      },
    });
    await runCommand({
      ...write,
      command: {
        type: "reverse_payment",
        paymentSequence: paid.lastSequence,
        effectiveDate: "2025-02-05",
        reason: "returned",
      },
    });
    const snaps = await t.db.select().from(loanSnapshots).where(eq(loanSnapshots.loanId, loanId));
    expect(snaps.map((x) => [x.asOfDate, x.invalidatedAt])).toEqual([["2025-01-31", null]]);
    // 1000.00 disbursed, 100.00 paid on Jan 15 (0% interest: all principal), reversed on Feb 5.
    const figures = (await replayFiguresAsOf(t.db, [loanId], "2025-02-20")).get(loanId);
    expect([figures?.principal, figures?.fees, figures?.warnings]).toEqual(["1000.00", "5.00", []]);
  });

  it("a projection that does not cover the stream is rebuilt on read", async () => {
    const [loan] = await t.db.select({ id: loans.id }).from(loans).limit(1);
    await t.db.delete(loanProjections).where(eq(loanProjections.loanId, loan!.id));
    const events = await readStream(t.db, loan!.id);
    const loaded = (await loadProjections(t.db, [loan!.id])).get(loan!.id);
    expect(loaded?.throughSequence).toBe(events.length);
    const [row] = await t.db
      .select()
      .from(loanProjections)
      .where(eq(loanProjections.loanId, loan!.id));
    expect(row?.throughSequence).toBe(events.length);
  });

  it("the write path's lock and read (lock_loan_for_write, migration 0023) reads the projection the readers read, as it stands: nothing rebuilt", async () => {
    const [loan] = await t.db
      .select({ id: loans.id, loanNumber: loans.loanNumber })
      .from(loans)
      .limit(1);
    await loadProjections(t.db, [loan!.id]); // valid and current before the comparison
    const xmin = async () =>
      resultRows<{ x: string }>(
        await t.db.execute(
          sql`select xmin::text as x from loan_projections where loan_id = ${loan!.id}`,
        ),
      )[0]?.x;
    const before = await xmin();
    for (const withPayments of [true, false]) {
      await t.db.transaction(async (tx) => {
        const locked = await lockLoanForWrite(tx, loan!.loanNumber, { withPayments });
        const [read] = await selectWithProjections(
          tx,
          { ids: [loan!.id] },
          { withPayments, verifyHead: true },
        );
        expect(locked.loan).toEqual(read?.loan);
        expect(locked.projection).toEqual(read?.projection);
        expect(locked.projection.paymentsLoaded).toBe(withPayments);
      });
    }
    // A column the function did not return would fail the seal and rewrite the row.
    expect(await xmin()).toBe(before);
  });

  it("an append that leaves the due basis as read seals it with the digest the read's seal vouched for: the next read finds the seal valid and rebuilds nothing", async () => {
    const { loanNumber, loanId } = await createLoan({
      db: t.db,
      actor: "test:due-digest",
      clock: () => new Date("2025-03-01T12:00:00Z"),
      borrower: { name: "Due Digest" },
      principal: "5000.00",
      annualRate: "0.0700",
      termMonths: 24,
      dayCount: "actual/365",
      firstPaymentDate: "2025-02-01",
      originatedOn: START,
      disbursement: { on: START },
    });
    const stored = async () =>
      resultRows<{ due: string; seal: string; x: string }>(
        await t.db.execute(
          sql`select due_basis::text as due, seal, xmin::text as x from loan_projections where loan_id = ${loanId}`,
        ),
      )[0]!;
    const before = await stored();
    // A fee leaves the due basis (lib/delinquency/basis.ts): the row keeps the basis it had.
    await runCommand({
      db: t.db,
      actor: "test:due-digest",
      clock: () => new Date("2025-03-01T12:01:00Z"),
      loanNumber,
      command: {
        type: "assess_fee",
        amount: "10.00",
        feeType: "other",
        effectiveDate: "2025-03-01",
      },
    });
    const after = await stored();
    expect(after.due).toBe(before.due);
    expect(after.seal).not.toBe(before.seal);
    // The seal names the stored basis's digest: s1.<key>.<core digest>-<due digest>.<mac>.
    expect(after.seal.split(".")[2]?.split("-")[1]).toBe(digestOf(JSON.parse(after.due)));
    const projection = (await loadProjections(t.db, [loanId])).get(loanId);
    expect(projection?.throughSequence).toBe((await readStream(t.db, loanId)).length);
    // A seal that did not hold would have been rebuilt and rewritten on that read.
    expect((await stored()).x).toBe(after.x);
  });
});
