import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { validatedAction } from "../../app/_lib/validated-action";
import { runChainCheck } from "../../app/audit/_server/chain-check";
import { verifyChainsSchema } from "../../app/audit/_server/schemas";
import {
  cacheProblemText,
  chainStatusText,
  checkpointText,
  summaryText,
} from "../../components/audit/chain-results";
import { loans } from "../../db/schema";
import { writeCheckpoint } from "../../db/services/checkpoint";
import { givenLoan } from "../helpers/fixtures";
import { actAs } from "../helpers/staff";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
let a: string;
let b: string;
const now = () => new Date("2026-02-02T08:00:00.000Z");
beforeAll(async () => {
  t = await createTestDatabase();
  a = await givenLoan(t.db);
  b = await givenLoan(t.db);
});
afterAll(async () => t?.destroy());

/** The page's action, bound to this file's database instead of the app's. */
actAs("auditor");
const verify = validatedAction(verifyChainsSchema, (input) => runChainCheck(t.db, input, now), {
  permission: "verify_chains",
});

/** What a superuser could do: edit a stored event with the immutability trigger switched off. */
async function tamper(loanNumber: string, amount: string) {
  const [loan] = await t.db
    .select({ id: loans.id })
    .from(loans)
    .where(eq(loans.loanNumber, loanNumber));
  await t.db.execute(sql`ALTER TABLE loan_events DISABLE TRIGGER loan_events_no_update`);
  try {
    await t.db.execute(
      sql`UPDATE loan_events SET event_data = jsonb_set(event_data, '{amount}', ${JSON.stringify(amount)}::jsonb) WHERE loan_id = ${loan!.id} AND sequence_number = 2`,
    );
  } finally {
    await t.db.execute(sql`ALTER TABLE loan_events ENABLE TRIGGER loan_events_no_update`);
  }
}

describe("chain of custody check", () => {
  it("verifies the whole book with a summary count", async () => {
    const result = await verify({});
    expect(result).toEqual({
      ok: true,
      data: {
        scope: "book",
        loans: 2,
        events: 4,
        verified: 2,
        broken: 0,
        reports: [
          { loanNumber: a, events: 2, status: "verified" },
          { loanNumber: b, events: 2, status: "verified" },
        ],
        checkpoint: { status: "none", reason: "no checkpoint taken yet" },
        cacheProblems: [],
        checkedAt: "2026-02-02T08:00:00.000Z",
      },
    });
  });

  it("verifies only the loan filtered on (loan numbers in any case)", async () => {
    const result = await verify({ loanNumber: b.toLowerCase() });
    if (!result.ok) throw new Error(result.error);
    expect(summaryText(result.data)).toBe(`Loan ${b} verified (2 events).`);
    expect(result.data).toMatchObject({
      scope: "loan",
      loans: 1,
      reports: [{ loanNumber: b }],
    });
  });

  it("an unknown or malformed loan number is a message, not a crash", async () => {
    expect(await verify({ loanNumber: "LN-999999" })).toEqual({
      ok: false,
      error: "No loan LN-999999.",
    });
    const bad = await verify({ loanNumber: "42" });
    expect(bad).toMatchObject({
      ok: false,
      fieldErrors: { loanNumber: "Loan numbers look like LN-000123." },
    });
  });

  it("reports a tampered loan as broken at its sequence, listed first", async () => {
    await tamper(b, "1.00");
    try {
      const result = await verify({});
      if (!result.ok) throw new Error(result.error);
      expect(result.data).toMatchObject({ loans: 2, verified: 1, broken: 1 });
      const [first, second] = result.data.reports;
      expect(first).toMatchObject({
        loanNumber: b,
        status: "broken",
        brokenAt: { sequenceNumber: 2, reason: "hash does not match the row" },
      });
      expect(chainStatusText(first!)).toBe("broken at #2: hash does not match the row");
      expect(chainStatusText(second!)).toBe("verified");
      expect(summaryText(result.data)).toBe("1 broken chain of 2 loans; 1 verified.");
    } finally {
      await tamper(b, "12000.00");
    }
    expect((await verify({})).ok && (await runChainCheck(t.db, {})).broken).toBe(0);
  });

  it("names the checkpoint compared with and the cache rows that do not match their seal", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "loan-replay-audit-checkpoints-"));
    vi.stubEnv("LOAN_REPLAY_CHECKPOINT_DIR", dir);
    try {
      await writeCheckpoint(t.db, { takenBy: "test:auditor" });
      const [loan] = await t.db.select({ id: loans.id }).from(loans).where(eq(loans.loanNumber, a));
      await t.db.execute(
        sql`UPDATE loan_projections SET total_outstanding = 1.00 WHERE loan_id = ${loan!.id}`,
      );
      const result = await verify({});
      if (!result.ok) throw new Error(result.error);
      expect(result.data.checkpoint).toMatchObject({ status: "verified", loans: 2 });
      expect(checkpointText(result.data)).toMatch(
        /^Compared with the signed checkpoint of \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(key [0-9a-f]{16}, 2 loans\)\.$/,
      );
      expect(result.data.cacheProblems.map(cacheProblemText)).toEqual([
        `${a} projection: edited: does not match its seal`,
      ]);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
