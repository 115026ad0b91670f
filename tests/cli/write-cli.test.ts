import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loanEvents } from "../../db/schema";
import { runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

// The writing commands through main(argv, io) in-process, on this file's own
// database (in-memory PGlite, or a fresh database on the Postgres server); the
// tests follow on from each other (the loan created first is paid, accrued, verified).
let t: TestDatabase;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "loan-replay-cli-"));
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...args: string[]) {
  const r = await runCli(args, {
    db: t.db,
    env: { ...process.env, LOAN_REPLAY_ACTOR: "cli:test" },
  });
  return { code: r.code, out: r.stdout, err: r.stderr.trim() };
}
const json = (out: string) => JSON.parse(out);

describe("servicing from the command line", () => {
  it("creates a loan, posts a payment with a computed allocation, refuses a bad one, replays", async () => {
    const created = await cli(
      "create-loan",
      "--borrower",
      "Jane Doe",
      "--principal",
      "10000.00",
      "--rate",
      "0.0650",
      "--term",
      "36",
      "--day-count",
      "actual/365",
      "--first-payment",
      "2025-02-01",
      "--disbursed-on",
      "2025-01-01",
    );
    expect(created.code).toBe(0);
    expect(json(created.out)).toEqual({ loanNumber: "LN-000001", lastSequence: 2 });

    const paid = await cli(
      "append",
      "--loan",
      "LN-000001",
      "--type",
      "payment",
      "--effective",
      "2025-02-01",
      "--data",
      '{"amount":"306.49"}',
    );
    expect(paid.code).toBe(0);
    // 31 days x 10000 x 0.065 / 365 = 31 x 1.780822 = 55.205482 -> 55.20 interest, 251.29 principal.
    expect(json(paid.out).appended.at(-1).eventData.allocation).toEqual({
      fees: "0.00",
      interest: "55.20",
      principal: "251.29",
      unapplied: "0.00",
    });

    const bad = await cli(
      "append",
      "--loan",
      "LN-000001",
      "--type",
      "payment",
      "--effective",
      "2025-02-30",
      "--data",
      '{"amount":"10.00"}',
    );
    expect(bad.code).toBe(1);
    // The record_payment command's schema names the field (lib/servicing/command-schemas.ts).
    expect(bad.err).toBe(
      "error: effectiveDate: Enter the date the payment was received as a real date YYYY-MM-DD.",
    );

    const state = json((await cli("replay", "--loan", "LN-000001", "--as-of", "2025-02-01")).out);
    expect(state).toMatchObject({
      status: "active",
      principal: "9748.71",
      interest: "0.005482",
      lastSequence: 34,
    });
    // recorded_by comes from $LOAN_REPLAY_ACTOR in the environment the command was given.
    const by = await t.db.selectDistinct({ by: loanEvents.recordedBy }).from(loanEvents);
    expect(by).toEqual([{ by: "cli:test" }]);
  });

  it("accrues through a date once (idempotent)", async () => {
    const first = json((await cli("accrue", "--through", "2025-02-05")).out);
    // The payment on Feb 1 accrued through Jan 31: Feb 1 .. Feb 5 remain.
    expect(first).toMatchObject({ loansScanned: 1, eventsAppended: 5 });
    expect(json((await cli("accrue", "--through", "2025-02-05")).out)).toMatchObject({
      eventsAppended: 0,
    });
  });

  it("imports histories all-or-nothing per loan and names the failing event", async () => {
    const file = path.join(dir, "import.json");
    const origination = {
      eventType: "origination",
      effectiveDate: "2024-01-01",
      eventData: {
        principal: "500.00",
        annualRate: "0.05",
        termMonths: 12,
        dayCount: "30/360",
        firstPaymentDate: "2024-02-01",
        paymentAmount: "42.80",
      },
    };
    const disbursement = {
      eventType: "disbursement",
      effectiveDate: "2024-01-01",
      eventData: { amount: "500.00", method: "wire" },
    };
    writeFileSync(
      file,
      JSON.stringify([
        { borrower: { name: "Imported Ok" }, events: [origination, disbursement] },
        {
          borrower: { name: "Imported Bad" },
          events: [
            origination,
            disbursement,
            {
              eventType: "fee_waiver",
              effectiveDate: "2024-01-05",
              eventData: { amount: "5.00", waivedBy: "legacy" },
            },
          ],
        },
      ]),
    );
    const r = await cli("import", "--file", file);
    expect(r.code).toBe(1);
    expect(json(r.out)).toMatchObject({
      imported: 1,
      failed: 1,
      loans: [{ ok: true, loanNumber: "LN-000002", events: 2 }, { ok: false }],
    });
    expect(r.err).toMatch(/^error: loan at index 1: Fee waiver refused: cannot waive 5.00/);
    // The failed loan left nothing behind: the next loan number is still free.
    expect((await cli("replay", "--loan", "LN-000003", "--as-of", "2025-01-01")).err).toBe(
      "error: --loan LN-000003: no such loan",
    );
  });

  it("verifies every hash chain", async () => {
    const r = await cli("verify");
    expect(r.code).toBe(0);
    expect(json(r.out)).toMatchObject({ loans: 2, verified: 2, broken: [] });
  });

  it("manages staff accounts; the password comes from $STAFF_PASSWORD and is never printed", async () => {
    const password = "correct horse battery staple";
    const created = await runCli(
      ["staff", "create", "--email", "Ada@Example.com", "--name", "Ada", "--role", "reviewer"],
      { db: t.db, env: { ...process.env, STAFF_PASSWORD: password } },
    );
    expect(created.code).toBe(0);
    expect(created.stdout).not.toContain(password);
    expect(json(created.stdout)).toMatchObject({
      created: { email: "ada@example.com", name: "Ada", role: "reviewer" },
    });
    expect(
      json((await cli("staff", "set-role", "--email", "ada@example.com", "--role", "auditor")).out),
    ).toEqual({
      email: "ada@example.com",
      role: "auditor",
    });
    expect(json((await cli("staff", "disable", "--email", "ada@example.com")).out)).toEqual({
      email: "ada@example.com",
      disabled: true,
    });
    expect(json((await cli("staff", "list")).out)).toEqual([
      { email: "ada@example.com", name: "Ada", role: "auditor", disabled: true },
    ]);
    const missing = await cli("staff", "enable", "--email", "nobody@example.com");
    expect(missing.code).toBe(1);
    expect(missing.err).toBe("error: No staff account for nobody@example.com.");
  });

  it("rejects bad usage with one line", async () => {
    const r = await cli(
      "append",
      "--loan",
      "LN-000001",
      "--type",
      "refund",
      "--effective",
      "2025-01-01",
      "--data",
      "{}",
    );
    expect(r.code).toBe(2);
    expect(r.err).toBe("error: --type refund: not one of the twelve event types");
  });

  it("rebuilds the live projections and seals nothing when every row is chained", async () => {
    const [{ n } = { n: 0 }] = (await t.db
      .select({ n: loanEvents.id })
      .from(loanEvents)
      .limit(1)) as { n: number }[];
    expect(n).toBeGreaterThan(0);
    const rebuilt = await cli("projections", "rebuild");
    expect(rebuilt.code).toBe(0);
    expect(json(rebuilt.out).loans).toBeGreaterThan(0);
    const bad = await cli("projections", "drop");
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('error: unknown projections action "drop" (expected rebuild)');
    const sealed = await cli("seal");
    expect([sealed.code, json(sealed.out)]).toEqual([0, { sealed: 0, rows: [], refused: [] }]);
  });
});
