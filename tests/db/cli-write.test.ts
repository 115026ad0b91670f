import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

// The CLI opens its own database: a fresh PGlite folder, or this file's own
// database on the Postgres server. Each test spawns the real command.
let t: TestDatabase | undefined;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "loan-replay-cli-"));
  env = { ...process.env, DEMO_SEED: "false", LOAN_REPLAY_ACTOR: "cli:test" };
  if (process.env.DATABASE_URL || process.env.TEST_DATABASE_URL) {
    t = await createTestDatabase();
    env.DATABASE_URL = t.url;
  } else {
    env.DATABASE_URL = "";
    env.PGLITE_DIR = path.join(dir, "pglite");
  }
});
afterAll(async () => {
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

function cli(...args: string[]) {
  const r = spawnSync("npx", ["tsx", "scripts/cli.ts", ...args], { env, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr.trim() };
}
const json = (out: string) => JSON.parse(out);

describe("servicing from the command line", () => {
  it("creates a loan, posts a payment with a computed allocation, refuses a bad one, replays", () => {
    const created = cli(
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

    const paid = cli(
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

    const bad = cli(
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
    expect(bad.err).toBe(
      'error: effectiveDate must be a real date in the form YYYY-MM-DD, got "2025-02-30".',
    );

    const state = json(cli("replay", "--loan", "LN-000001", "--as-of", "2025-02-01").out);
    expect(state).toMatchObject({
      status: "active",
      principal: "9748.71",
      interest: "0.005482",
      lastSequence: 34,
    });
  });

  it("accrues through a date once (idempotent)", () => {
    const first = json(cli("accrue", "--through", "2025-02-05").out);
    // The payment on Feb 1 accrued through Jan 31: Feb 1 .. Feb 5 remain.
    expect(first).toMatchObject({ loansScanned: 1, eventsAppended: 5 });
    expect(json(cli("accrue", "--through", "2025-02-05").out)).toMatchObject({ eventsAppended: 0 });
  });

  it("imports histories all-or-nothing per loan and names the failing event", () => {
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
    const r = cli("import", "--file", file);
    expect(r.code).toBe(1);
    expect(json(r.out)).toMatchObject({
      imported: 1,
      failed: 1,
      loans: [{ ok: true, loanNumber: "LN-000002", events: 2 }, { ok: false }],
    });
    expect(r.err).toMatch(/^error: loan at index 1: Fee waiver refused: cannot waive 5.00/);
    // The failed loan left nothing behind: the next loan number is still free.
    expect(cli("replay", "--loan", "LN-000003", "--as-of", "2025-01-01").err).toBe(
      "error: --loan LN-000003: no such loan",
    );
  });

  it("verifies every hash chain", () => {
    const r = cli("verify");
    expect(r.code).toBe(0);
    expect(json(r.out)).toMatchObject({ loans: 2, verified: 2, broken: [] });
  });

  it("rejects bad usage with one line", () => {
    const r = cli(
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
});
