/**
 * The command line's inputs go through the same strict parsers as the forms
 * (issue 14 "Inputs"): the CLI took a 999,999,999,999,999.99 payment on a
 * $5,000 loan, and read "1,50" as 150 and `--term 1e2` as 100.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli";
import { eventCount } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.destroy());

const cli = (...args: string[]) =>
  runCli(args, { db: t.db, env: { ...process.env, LOAN_REPLAY_ACTOR: "cli:test" } });

const loan = (...overrides: string[]) =>
  cli(
    "create-loan",
    "--borrower",
    "Bound Test",
    "--principal",
    "5000.00",
    "--rate",
    "0.0600",
    "--term",
    "12",
    "--day-count",
    "actual/365",
    "--first-payment",
    "2025-02-01",
    "--disbursed-on",
    "2025-01-01",
    ...overrides,
  );

describe("bounded, strict amounts and counts on the command line", () => {
  let loanNumber: string;
  beforeAll(async () => {
    const created = await loan();
    expect(created.code, created.stderr).toBe(0);
    loanNumber = JSON.parse(created.stdout).loanNumber;
  });

  const pay = (amount: string) =>
    cli(
      "append",
      "--loan",
      loanNumber,
      "--type",
      "payment",
      "--effective",
      "2025-02-01",
      "--data",
      JSON.stringify({ amount }),
    );

  it("a 999,999,999,999,999.99 payment on a $5,000 loan is refused, nothing written", async () => {
    const before = await eventCount(t.db, loanNumber);
    for (const amount of ["999999999999999.99", "9999999999999.99"]) {
      const r = await pay(amount);
      expect(r.code, amount).not.toBe(0);
      expect(r.stderr).toMatch(/^error: amount: .*at most \$999,999,999\.99/);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
    expect(await eventCount(t.db, loanNumber)).toBe(before);
  });

  it('"1,50" and "12,5" are refused, not read as 150 and 125', async () => {
    const before = await eventCount(t.db, loanNumber);
    for (const amount of ["1,50", "12,5", "1,0.0"]) {
      const r = await pay(amount);
      expect(r.code, amount).not.toBe(0);
      expect(r.stderr).toMatch(/^error: amount: .*dollars and cents/);
      expect(r.stdout).toBe("");
    }
    expect(await eventCount(t.db, loanNumber)).toBe(before);
  });

  it("--term 1e2 and 0x10 are refused, not read as 100 and 16", async () => {
    for (const term of ["1e2", "0x10"]) {
      const r = await loan("--term", term);
      expect(r.code, term).not.toBe(0);
      expect(r.stderr).toBe(`error: --term ${term}: must be a whole number of months\n`);
      expect(r.stdout).toBe("");
    }
  });
});
