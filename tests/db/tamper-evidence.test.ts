/**
 * Issue 14, items 1 and 2: what a database user (even a superuser who can
 * switch the immutability triggers off) can no longer do unseen. One test per
 * tamper case; each names the loan and sequence, and none is repaired by
 * verify (which writes nothing).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventHash } from "../../db/chain";
import { loadStateAsOf } from "../../db/event-store/due";
import { type CacheMismatch, onCacheMismatch } from "../../db/event-store/integrity";
import { loadProjections } from "../../db/event-store/projection";
import { toIsoTimestamp } from "../../db/event-store/rows";
import { loadBase } from "../../db/event-store/snapshots";
import { FIGURES, readOverview } from "../../db/event-store/timeline";
import { listPortfolioAsOf } from "../../db/queries/portfolio";
import {
  loanEvents,
  loanListFigures,
  loanProjections,
  loanSnapshots,
  loans,
} from "../../db/schema";
import { accrueInterest } from "../../db/services/accrue";
import { writeCheckpoint } from "../../db/services/checkpoint";
import { assessFee, postPayment } from "../../db/services/servicing";
import { replayFiguresAsOf } from "../../db/services/snapshots";
import { storeIsSound, verifyStore } from "../../db/services/verify-store";
import { currentKey } from "../../db/signing-key";
import { signCheckpoint } from "../../lib/chain/signing";
import { runCli } from "../helpers/cli";
import { fixedClock, givenLoan, TEST_ACTOR } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
let checkpoints: string;
const clock = fixedClock("2026-02-01T00:00:00.000Z");
const ctx = () => ({ db: t.db, actor: TEST_ACTOR, clock });

beforeAll(async () => {
  t = await createTestDatabase();
  checkpoints = mkdtempSync(path.join(tmpdir(), "loan-replay-checkpoints-"));
});
afterAll(async () => t?.destroy());

/** A loan with a fee of 1.00 and daily accruals through 2025-03-31 (month-end snapshots). */
async function newLoan(): Promise<{ number: string; id: number; last: number }> {
  const number = await givenLoan(t.db);
  await assessFee({
    ...ctx(),
    loanNumber: number,
    amount: "1.00",
    feeType: "late",
    effectiveDate: "2025-01-10",
  });
  await accrueInterest({ ...ctx(), through: "2025-03-31", loanNumbers: [number] });
  const [row] = await t.db.select({ id: loans.id }).from(loans).where(eq(loans.loanNumber, number));
  const id = row!.id;
  return { number, id, last: await lastSequence(id) };
}

async function lastSequence(loanId: number): Promise<number> {
  const [row] = await t.db
    .select({ n: sql<number>`max(${loanEvents.sequenceNumber})` })
    .from(loanEvents)
    .where(eq(loanEvents.loanId, loanId));
  return Number(row?.n ?? 0);
}

/** What a superuser can do: switch the immutability triggers off, change rows, switch them on. */
async function asSuperuser(work: () => Promise<unknown>) {
  await t.db.execute(sql`ALTER TABLE loan_events DISABLE TRIGGER USER`);
  try {
    await work();
  } finally {
    await t.db.execute(sql`ALTER TABLE loan_events ENABLE TRIGGER USER`);
  }
}

async function reportFor(loanNumber: string, checkpointFile?: string) {
  const report = await verifyStore({
    db: t.db,
    loanNumbers: [loanNumber],
    checkpointFile: checkpointFile ?? path.join(checkpoints, "none.json"),
  });
  return { report, loan: report.broken.find((b) => b.loanNumber === loanNumber) };
}

async function checkpointNow(): Promise<string> {
  const dir = mkdtempSync(path.join(checkpoints, "cp-"));
  return (await writeCheckpoint(t.db, { takenBy: "test:nightly", dir })).file;
}

/** Everything in the tables verify could be tempted to repair, as one fingerprint. */
async function fingerprint(): Promise<string> {
  const result = await t.db.execute(sql`
    select
      (select count(*) || ':' || coalesce(md5(string_agg(e::text, '|' order by e.id)), '') from loan_events e) as events,
      (select count(*) || ':' || coalesce(md5(string_agg(p::text, '|' order by p.loan_id)), '') from loan_projections p) as projections,
      (select count(*) || ':' || coalesce(md5(string_agg(s::text, '|' order by s.id)), '') from loan_snapshots s) as snapshots`);
  const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
  return JSON.stringify(rows[0]);
}

describe("tamper evidence (issue 14)", () => {
  it("a forged row inserted with hash NULL is named, stays unsealed, and blocks appends", async () => {
    const loan = await newLoan();
    const [fee] = await t.db
      .select()
      .from(loanEvents)
      .where(and(eq(loanEvents.loanId, loan.id), eq(loanEvents.eventType, "fee_assessment")));
    // A plain INSERT: the triggers allow inserts.
    await t.db.insert(loanEvents).values({
      loanId: loan.id,
      sequenceNumber: loan.last + 1,
      eventType: "fee_assessment",
      eventData: { ...fee!.eventData, amount: "500.00" },
      effectiveDate: "2025-04-01",
      recordedBy: "mallory",
    });
    const before = await fingerprint();
    const verify = await runCli(["verify", "--loan", loan.number], { db: t.db });
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain(`${loan.number} event #${loan.last + 1} missing hash`);
    // verify sealed nothing: the row still has no hash, nothing changed.
    expect(await fingerprint()).toBe(before);
    const { loan: broken } = await reportFor(loan.number);
    expect(broken?.problems).toEqual([
      { sequenceNumber: loan.last + 1, kind: "missing hash", reason: "not sealed" },
    ]);
    await expect(
      assessFee({
        ...ctx(),
        loanNumber: loan.number,
        amount: "5.00",
        feeType: "late",
        effectiveDate: "2025-04-02",
      }),
    ).rejects.toThrow(
      `Loan ${loan.number} refused: its last event (#${loan.last + 1}) does not verify (missing hash)`,
    );
  });

  it("the nightly accrual skips (and names) a loan whose head does not verify, and accrues the others", async () => {
    const tampered = await newLoan();
    const sound = await newLoan();
    await asSuperuser(() =>
      t.db.execute(
        sql`UPDATE loan_events SET signature = NULL, key_id = NULL WHERE loan_id = ${tampered.id} AND sequence_number = ${tampered.last}`,
      ),
    );
    const result = await accrueInterest({
      ...ctx(),
      through: "2025-04-05",
      loanNumbers: [tampered.number, sound.number],
    });
    expect(result.loansAccrued).toBe(1);
    expect(result.refused).toEqual([
      {
        loanNumber: tampered.number,
        reason: expect.stringContaining(
          `its last event (#${tampered.last}) does not verify (not signed)`,
        ),
      },
    ]);
    expect(await lastSequence(sound.id)).toBe(sound.last + 5);
    expect(await lastSequence(tampered.id)).toBe(tampered.last);
  });

  it("a head signature the projection's seal vouches for is not verified again; without that seal it is", async () => {
    // The write path skips the Ed25519 verify of a head whose hash the valid
    // projection seal names (db/event-store/projection.ts writeRefusal): the
    // row still recomputes to that hash, so its content is the server's own.
    const vouched = await newLoan();
    const unvouched = await newLoan();
    for (const loan of [vouched, unvouched]) {
      await asSuperuser(() =>
        t.db.execute(
          sql`UPDATE loan_events SET signature = reverse(signature) WHERE loan_id = ${loan.id} AND sequence_number = ${loan.last}`,
        ),
      );
    }
    // The second loan's projection is edited as well: its seal fails, so
    // the head is checked in full and its broken signature refuses the write.
    await asSuperuser(() =>
      t.db.execute(
        sql`UPDATE loan_projections SET principal = principal + 1 WHERE loan_id = ${unvouched.id}`,
      ),
    );
    const result = await accrueInterest({
      ...ctx(),
      through: "2025-04-05",
      loanNumbers: [vouched.number, unvouched.number],
    });
    expect(result.refused).toEqual([
      {
        loanNumber: unvouched.number,
        reason: expect.stringContaining(
          `its last event (#${unvouched.last}) does not verify (signature does not verify)`,
        ),
      },
    ]);
    expect(await lastSequence(vouched.id)).toBe(vouched.last + 5);
    expect(await lastSequence(unvouched.id)).toBe(unvouched.last);
    // `cli verify` still checks every signature: the vouched loan's is reported.
    const verify = await runCli(["verify", "--loan", vouched.number], { db: t.db });
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain("signature does not verify");
  });

  it("a deleted last event is named by the checkpoint (and only by it)", async () => {
    const loan = await newLoan();
    const checkpoint = await checkpointNow();
    await asSuperuser(() =>
      t.db.execute(
        sql`DELETE FROM loan_events WHERE loan_id = ${loan.id} AND sequence_number = ${loan.last}`,
      ),
    );
    // The projection (whose seal would also say #last existed) is a cache: drop it too.
    await t.db.delete(loanProjections).where(eq(loanProjections.loanId, loan.id));
    const blind = await reportFor(loan.number);
    expect(blind.loan).toBeUndefined(); // the remaining chain is sound on its own
    const { report, loan: broken } = await reportFor(loan.number, checkpoint);
    expect(report.checkpoint.status).toBe("verified");
    expect(broken?.problems).toEqual([
      {
        sequenceNumber: loan.last,
        kind: "deleted",
        reason: "event missing (in the checkpoint)",
      },
    ]);
    const cli = await runCli(["verify", "--loan", loan.number, "--checkpoint", checkpoint], {
      db: t.db,
    });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(
      `${loan.number} event #${loan.last} deleted: event missing (in the checkpoint)`,
    );
  });

  it("a deleted last event is also named by the sealed projection, which reads keep as evidence; appends are refused", async () => {
    const loan = await newLoan();
    await asSuperuser(() =>
      t.db.execute(
        sql`DELETE FROM loan_events WHERE loan_id = ${loan.id} AND sequence_number = ${loan.last}`,
      ),
    );
    const read = (await loadProjections(t.db, [loan.id])).get(loan.id);
    expect(read?.throughSequence).toBe(loan.last - 1); // served from the replay
    const [kept] = await t.db
      .select({ through: loanProjections.throughSequence })
      .from(loanProjections)
      .where(eq(loanProjections.loanId, loan.id));
    expect(kept?.through).toBe(loan.last); // not overwritten
    const { loan: broken } = await reportFor(loan.number);
    expect(broken?.problems).toEqual([
      {
        sequenceNumber: loan.last,
        kind: "deleted",
        reason: "event missing (the sealed projection covers it)",
      },
    ]);
    await expect(
      assessFee({
        ...ctx(),
        loanNumber: loan.number,
        amount: "5.00",
        feeType: "late",
        effectiveDate: "2025-04-02",
      }),
    ).rejects.toThrow(
      `Loan ${loan.number} refused: its history ends at event #${loan.last - 1} but the server recorded #${loan.last}; events were deleted from the database.`,
    );
  });

  it("a whole chain rewritten with recomputed hashes (fee 1.00 -> 0.01) is named", async () => {
    const loan = await newLoan();
    const checkpoint = await checkpointNow();
    const rows = await t.db
      .select()
      .from(loanEvents)
      .where(eq(loanEvents.loanId, loan.id))
      .orderBy(asc(loanEvents.sequenceNumber));
    const feeAt = rows.findIndex((r) => r.eventType === "fee_assessment");
    expect(rows[feeAt]!.eventData.amount).toBe("1.00");
    await asSuperuser(async () => {
      let prevHash = rows[feeAt - 1]!.hash;
      for (const row of rows.slice(feeAt)) {
        const eventData =
          row.eventType === "fee_assessment" ? { ...row.eventData, amount: "0.01" } : row.eventData;
        const hash = eventHash({
          ...row,
          eventData,
          recordedAt: toIsoTimestamp(row.recordedAt),
          prevHash,
        });
        await t.db
          .update(loanEvents)
          .set({ eventData, prevHash, hash })
          .where(eq(loanEvents.id, row.id));
        prevHash = hash;
      }
    });
    const feeSequence = rows[feeAt]!.sequenceNumber;
    const { loan: broken } = await reportFor(loan.number, checkpoint);
    expect(broken?.brokenAt).toMatchObject({
      sequenceNumber: feeSequence,
      reason: "signature does not verify",
    });
    const kinds = new Set(broken?.problems?.map((p) => p.kind));
    expect([...kinds]).toEqual(["rewritten"]);
    expect(broken?.problems?.map((p) => p.sequenceNumber)).toContain(loan.last);
    expect(broken?.problems).toContainEqual({
      sequenceNumber: loan.last,
      kind: "rewritten",
      reason: "hash differs from the checkpoint",
    });
    const cli = await runCli(["verify", "--loan", loan.number, "--checkpoint", checkpoint], {
      db: t.db,
    });
    expect(cli.stderr).toContain(
      `${loan.number} events #${feeSequence}–${loan.last} rewritten: signature does not verify`,
    );
  });

  it("a forged append with a correctly computed hash (plain INSERT) is named and blocks appends", async () => {
    const loan = await newLoan();
    const [head] = await t.db
      .select()
      .from(loanEvents)
      .where(and(eq(loanEvents.loanId, loan.id), eq(loanEvents.sequenceNumber, loan.last)));
    const [fee] = await t.db
      .select()
      .from(loanEvents)
      .where(and(eq(loanEvents.loanId, loan.id), eq(loanEvents.eventType, "fee_assessment")));
    const forged = {
      loanId: loan.id,
      sequenceNumber: loan.last + 1,
      eventType: "fee_assessment" as const,
      eventData: { ...fee!.eventData, amount: "0.01" },
      effectiveDate: "2025-04-01",
      recordedAt: "2026-02-01T00:00:00.000Z",
      recordedBy: TEST_ACTOR,
      prevHash: head!.hash,
    };
    await t.db.insert(loanEvents).values({
      ...forged,
      hash: eventHash(forged),
      keyId: "0000000000000000",
      signature: Buffer.alloc(64).toString("base64"),
    });
    const { loan: broken } = await reportFor(loan.number);
    expect(broken?.problems).toEqual([
      { sequenceNumber: loan.last + 1, kind: "forged", reason: "signed with an unknown key" },
    ]);
    await expect(
      assessFee({
        ...ctx(),
        loanNumber: loan.number,
        amount: "5.00",
        feeType: "late",
        effectiveDate: "2025-04-02",
      }),
    ).rejects.toThrow(
      /refused: its last event \(#\d+\) does not verify \(signed with an unknown key\)/,
    );
  });

  it("an edited snapshot is not served: as-of figures come from the replay, the read reports it, verify names it", async () => {
    const loan = await newLoan();
    const honest = (await replayFiguresAsOf(t.db, [loan.id], "2025-03-15")).get(loan.id);
    const [snapshot] = await t.db
      .select({ id: loanSnapshots.id, asOfDate: loanSnapshots.asOfDate })
      .from(loanSnapshots)
      .where(and(eq(loanSnapshots.loanId, loan.id), eq(loanSnapshots.asOfDate, "2025-02-28")));
    expect(snapshot).toBeDefined();
    await t.db.execute(
      sql`UPDATE loan_snapshots SET state = jsonb_set(state, '{state,principal}', '"1.00"') WHERE id = ${snapshot!.id}`,
    );
    const seen: CacheMismatch[] = [];
    const stop = onCacheMismatch((m) => seen.push(m));
    try {
      // The portfolio report and /loans for a past date (replayFiguresAsOf) ...
      const figures = (await replayFiguresAsOf(t.db, [loan.id], "2025-03-15")).get(loan.id);
      expect(figures?.totalOutstanding).toBe(honest?.totalOutstanding);
      expect(figures?.principal).not.toBe("1.00");
      // ... the loan page as of a date, its balance chart, and a backdated write's base.
      const asOf = await loadStateAsOf(t.db, loan.id, { asOf: "2025-03-15" });
      expect(asOf.base.asOfDate).not.toBe("2025-02-28");
      expect(asOf.state.principal.toString()).not.toBe("1");
      const overview = await readOverview(t.db, loan.id, [], 0, FIGURES);
      expect(overview.figures.map((f) => f.asOfDate)).not.toContain("2025-02-28");
      expect(overview.figures.map((f) => f.asOfDate)).toContain("2025-01-31");
      const base = await loadBase(t.db, loan.id, "2025-03-15");
      expect(base.asOfDate).not.toBe("2025-02-28");
    } finally {
      stop();
    }
    expect(seen).toContainEqual({
      cache: "snapshot",
      loanId: loan.id,
      asOfDate: "2025-02-28",
      status: "mismatch",
    });
    const { report } = await reportFor(loan.number);
    expect(report.caches.problems).toEqual([
      {
        cache: "snapshot",
        loanNumber: loan.number,
        asOfDate: "2025-02-28",
        problem: "edited: does not match its seal",
      },
    ]);
    expect(storeIsSound(report)).toBe(false);
  });

  it("an edited projection is not served: /loans shows the replay, the read reports it, verify names it", async () => {
    const loan = await newLoan();
    const honest = (await loadProjections(t.db, [loan.id])).get(loan.id)!;
    const today = "2025-04-30"; // after every event in this file: the live projection is the source
    const page = async () =>
      (await listPortfolioAsOf(t.db, { asOf: today, search: loan.number })).rows.find(
        (r) => r.loanNumber === loan.number,
      );
    const shown = await page();
    expect(shown?.totalOutstanding).not.toBe("1.00");
    await t.db.execute(
      sql`UPDATE loan_projections SET total_outstanding = 1.00, principal = 1.00 WHERE loan_id = ${loan.id}`,
    );
    const { report } = await reportFor(loan.number);
    expect(report.caches.problems).toEqual([
      {
        cache: "projection",
        loanNumber: loan.number,
        problem: "edited: does not match its seal",
      },
    ]);
    const seen: CacheMismatch[] = [];
    const stop = onCacheMismatch((m) => seen.push(m));
    try {
      expect(await page()).toEqual(shown);
    } finally {
      stop();
    }
    expect(seen).toContainEqual({ cache: "projection", loanId: loan.id, status: "mismatch" });
    // The read rebuilt it from the events: sealed again, and what the replay gives.
    const [row] = await t.db
      .select({ total: loanProjections.totalOutstanding })
      .from(loanProjections)
      .where(eq(loanProjections.loanId, loan.id));
    expect(Number(row?.total)).toBe(
      Number(honest.state.principal.plus(honest.state.interest).plus(honest.state.fees)),
    );
    expect((await reportFor(loan.number)).report.caches.problems).toEqual([]);
  });

  it("an edited or unsealed row of a past date's list figures is not served: /loans shows the replay, the read reports it, verify names it", async () => {
    const replayed = await newLoan(); // events after the date: its row is replayed from a snapshot
    const copiedNumber = await givenLoan(t.db); // none after it: its row is copied from the projection
    const [copiedRow] = await t.db
      .select({ id: loans.id })
      .from(loans)
      .where(eq(loans.loanNumber, copiedNumber));
    const copied = { number: copiedNumber, id: copiedRow!.id };
    const asOf = "2025-02-15"; // before newLoan's accruals: loan_list_figures is the source
    const page = async (loanNumber: string) =>
      (await listPortfolioAsOf(t.db, { asOf, search: loanNumber })).rows.find(
        (r) => r.loanNumber === loanNumber,
      );
    const shown = new Map<string, Awaited<ReturnType<typeof page>>>();
    for (const loan of [replayed, copied]) {
      const row = await page(loan.number);
      expect(row?.totalOutstanding).toBeDefined();
      expect(row?.totalOutstanding).not.toBe("1.00");
      shown.set(loan.number, row);
      const { report } = await reportFor(loan.number);
      expect(report.caches.listFigures).toBe(1);
      expect(report.caches.problems).toEqual([]);
    }
    const stored = async (loanId: number) =>
      (
        await t.db
          .select({ total: loanListFigures.totalOutstanding, seal: loanListFigures.seal })
          .from(loanListFigures)
          .where(and(eq(loanListFigures.asOf, asOf), eq(loanListFigures.loanId, loanId)))
      )[0];
    const honest = new Map([
      [replayed.id, await stored(replayed.id)],
      [copied.id, await stored(copied.id)],
    ]);
    for (const h of honest.values()) expect(h?.seal).toMatch(/^s1\./);

    // Edited in SQL (the cache table has no triggers).
    await t.db.execute(
      sql`UPDATE loan_list_figures SET total_outstanding = 1.00 WHERE as_of = ${asOf} AND loan_id IN (${replayed.id}, ${copied.id})`,
    );
    for (const loan of [replayed, copied]) {
      expect((await reportFor(loan.number)).report.caches.problems).toEqual([
        {
          cache: "list figures",
          loanNumber: loan.number,
          asOfDate: asOf,
          problem: "edited: does not match its seal",
        },
      ]);
    }
    const seen: CacheMismatch[] = [];
    const stop = onCacheMismatch((m) => seen.push(m));
    try {
      for (const loan of [replayed, copied])
        expect(await page(loan.number)).toEqual(shown.get(loan.number));
    } finally {
      stop();
    }
    for (const loan of [replayed, copied]) {
      expect(seen).toContainEqual({
        cache: "list figures",
        loanId: loan.id,
        asOfDate: asOf,
        status: "mismatch",
      });
      // The read rewrote it from the replay, sealed again.
      expect(Number((await stored(loan.id))?.total)).toBe(Number(honest.get(loan.id)?.total));
      expect((await reportFor(loan.number)).report.caches.problems).toEqual([]);
    }

    // A row without a seal is not trusted either: replayed quietly, named by verify.
    await t.db.execute(
      sql`UPDATE loan_list_figures SET total_outstanding = 1.00, seal = NULL WHERE as_of = ${asOf} AND loan_id = ${replayed.id}`,
    );
    expect((await reportFor(replayed.number)).report.caches.problems).toEqual([
      {
        cache: "list figures",
        loanNumber: replayed.number,
        asOfDate: asOf,
        problem: "not sealed (written outside the app?)",
      },
    ]);
    const quiet: CacheMismatch[] = [];
    const stopQuiet = onCacheMismatch((m) => quiet.push(m));
    try {
      expect(await page(replayed.number)).toEqual(shown.get(replayed.number));
    } finally {
      stopQuiet();
    }
    expect(quiet).toEqual([]);
    expect((await stored(replayed.id))?.seal).toMatch(/^s1\./);
    expect((await reportFor(replayed.number)).report.caches.problems).toEqual([]);
  });

  it("an edited projection state is replayed before a write decides from it", async () => {
    const loan = await newLoan();
    const honest = (await loadProjections(t.db, [loan.id])).get(loan.id)!;
    expect(honest.state.fees.toString()).not.toBe("0");
    await t.db.execute(
      sql`UPDATE loan_projections SET state = jsonb_set(state, '{state,fees}', '"0"') WHERE loan_id = ${loan.id}`,
    );
    const projection = (await loadProjections(t.db, [loan.id])).get(loan.id)!;
    expect(projection.state.fees.toString()).toBe(honest.state.fees.toString());
  });

  it("an edited payment log: a fee dated today neither reads nor rewrites it; a payment reads it, reports it and decides from the replay", async () => {
    const loan = await newLoan();
    const seen: CacheMismatch[] = [];
    const stop = onCacheMismatch((m) => seen.push(m));
    const forged = { sequenceNumber: 999, effectiveDate: "2025-02-01", kind: "payment" };
    await t.db.execute(
      sql`UPDATE loan_projections SET payments = jsonb_set(payments, '{payments}', ${JSON.stringify([forged])}::jsonb) WHERE loan_id = ${loan.id}`,
    );
    const storedLog = async () =>
      (
        await t.db
          .select({ payments: loanProjections.payments })
          .from(loanProjections)
          .where(eq(loanProjections.loanId, loan.id))
      )[0]?.payments as { payments: { sequenceNumber: number }[] };
    try {
      // After the last accrual (2025-03-31): not a correction, so the log is not read.
      await assessFee({
        ...ctx(),
        loanNumber: loan.number,
        amount: "2.00",
        feeType: "other",
        effectiveDate: "2025-04-01",
      });
      expect(seen).toEqual([]);
      expect((await storedLog()).payments.map((p) => p.sequenceNumber)).toEqual([999]);
      // A payment appends to the log: it reads it, finds the edit, and decides from the events.
      await postPayment({
        ...ctx(),
        loanNumber: loan.number,
        amount: "10.00",
        effectiveDate: "2025-04-02",
      });
      expect(seen.map((m) => [m.cache, m.loanId, m.status])).toEqual([
        ["projection", loan.id, "mismatch"],
      ]);
      // The forged entry is gone: the log holds the one real payment. After the loan's
      // last event come the fee (+1), the catch-up accrual of 2025-04-01 (+2), the payment (+3).
      expect((await storedLog()).payments.map((p) => p.sequenceNumber)).toEqual([loan.last + 3]);
    } finally {
      stop();
    }
  });

  it("a snapshot marked valid again after a backdated event invalidated it is named", async () => {
    const loan = await newLoan();
    await assessFee({
      ...ctx(),
      loanNumber: loan.number,
      amount: "2.00",
      feeType: "late",
      effectiveDate: "2025-02-15",
    });
    const [invalidated] = await t.db
      .select({ id: loanSnapshots.id, asOfDate: loanSnapshots.asOfDate })
      .from(loanSnapshots)
      .where(
        and(
          eq(loanSnapshots.loanId, loan.id),
          eq(loanSnapshots.asOfDate, "2025-02-28"),
          sql`${loanSnapshots.invalidatedAt} is not null`,
        ),
      );
    expect(invalidated).toBeDefined();
    await t.db.execute(
      sql`UPDATE loan_snapshots SET invalidated_at = NULL WHERE id = ${invalidated!.id}`,
    );
    const { report } = await reportFor(loan.number);
    expect(report.caches.problems).toEqual([
      {
        cache: "snapshot",
        loanNumber: loan.number,
        asOfDate: "2025-02-28",
        problem: `still marked valid though event #${loan.last + 1} (effective 2025-02-15) invalidates it`,
      },
    ]);
    await t.db.execute(
      sql`UPDATE loan_snapshots SET invalidated_at = now() WHERE id = ${invalidated!.id}`,
    );
  });

  it("the latest checkpoint must be of this database; a forged checkpoint does not verify", async () => {
    const loan = await newLoan();
    const dir = mkdtempSync(path.join(checkpoints, "other-"));
    const { file } = await writeCheckpoint(t.db, { takenBy: "test", dir });
    const signed = JSON.parse(readFileSync(file, "utf8"));
    const other = signCheckpoint(currentKey(), { ...signed.checkpoint, database: "elsewhere" });
    writeFileSync(path.join(dir, "checkpoint-99999999T000000000Z-1.json"), JSON.stringify(other));
    const report = await verifyStore({ db: t.db, loanNumbers: [loan.number], checkpointDir: dir });
    expect(report.checkpoint).toMatchObject({ status: "invalid" });
    expect(report.checkpoint.reason).toContain('it was taken of database "elsewhere"');
    expect(storeIsSound(report)).toBe(false);
    // Edited heads (a deletion hidden from the checkpoint) break its signature.
    signed.checkpoint.loans = signed.checkpoint.loans.map((h: { sequence: number }) => ({
      ...h,
      sequence: h.sequence - 1,
    }));
    delete signed.signed;
    const forged = path.join(dir, "forged.json");
    writeFileSync(forged, JSON.stringify(signed));
    const checked = await verifyStore({
      db: t.db,
      loanNumbers: [loan.number],
      checkpointFile: forged,
    });
    expect(checked.checkpoint).toMatchObject({
      status: "invalid",
      reason: expect.stringContaining("the signature does not match the document"),
    });
  });

  it("rows written before signing: appends refused until `cli seal` signs what verifies, once, logged", async () => {
    const sound = await newLoan();
    const broken = await newLoan();
    await asSuperuser(async () => {
      await t.db.execute(
        sql`UPDATE loan_events SET key_id = NULL, signature = NULL WHERE loan_id in (${sound.id}, ${broken.id})`,
      );
      // The second loan's fee was edited after it was hashed.
      await t.db.execute(
        sql`UPDATE loan_events SET event_data = jsonb_set(event_data, '{amount}', '"0.01"') WHERE loan_id = ${broken.id} AND event_type = 'fee_assessment'`,
      );
    });
    const fee = (loanNumber: string) =>
      assessFee({
        ...ctx(),
        loanNumber,
        amount: "5.00",
        feeType: "late",
        effectiveDate: "2025-04-02",
      });
    await expect(fee(sound.number)).rejects.toThrow(/does not verify \(not signed\).*cli seal/);
    const seal = await runCli(["seal"], { db: t.db });
    expect(seal.code).toBe(1);
    expect(seal.stderr).toContain(`sealed: ${sound.number} event #1 (signed)`);
    expect(seal.stderr).toContain(`sealed: ${sound.number} event #${sound.last} (signed)`);
    const [feeRow] = await t.db
      .select({ sequenceNumber: loanEvents.sequenceNumber })
      .from(loanEvents)
      .where(and(eq(loanEvents.loanId, broken.id), eq(loanEvents.eventType, "fee_assessment")));
    expect(seal.stderr).toContain(
      `error: ${broken.number} not sealed from event #${feeRow!.sequenceNumber}: hash does not match the row`,
    );
    const report = JSON.parse(seal.stdout);
    expect(
      report.rows.filter((r: { loanNumber: string }) => r.loanNumber === sound.number),
    ).toHaveLength(sound.last);
    expect((await reportFor(sound.number)).loan).toBeUndefined();
    await fee(sound.number);
    expect((await reportFor(sound.number)).loan).toBeUndefined();
    // Once: a second run signs nothing more of the sound loan.
    const again = JSON.parse((await runCli(["seal"], { db: t.db })).stdout);
    expect(again.rows.filter((r: { loanNumber: string }) => r.loanNumber === sound.number)).toEqual(
      [],
    );
    expect((await reportFor(broken.number)).loan?.brokenAt?.sequenceNumber).toBe(
      feeRow!.sequenceNumber,
    );
  });

  it("verify writes nothing, even with every kind of damage present", async () => {
    const loan = await newLoan();
    await t.db.delete(loanProjections).where(eq(loanProjections.loanId, loan.id));
    await t.db.execute(sql`UPDATE loan_snapshots SET seal = NULL WHERE loan_id = ${loan.id}`);
    const before = await fingerprint();
    const files = readdirSync(checkpoints).length;
    const verify = await runCli(["verify"], { db: t.db });
    expect(verify.code).toBe(1); // the damage of the tests above
    const again = await runCli(["verify"], { db: t.db });
    expect(again.stdout).toBe(verify.stdout);
    expect(await fingerprint()).toBe(before);
    expect(readdirSync(checkpoints).length).toBe(files);
  });
});
