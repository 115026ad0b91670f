/**
 * `due` and `payoff` through main(argv, io) in-process: the contract's JSON
 * from --events and from --loan (this file's own database), as known at a
 * time, and the error contract (one line on stderr, non-zero exit, nothing on
 * stdout).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
const dir = mkdtempSync(path.join(tmpdir(), "loan-replay-due-"));
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const env = {
  ...process.env,
  LOAN_REPLAY_ACTOR: "cli:test",
  LOAN_REPLAY_BUSINESS_DATE: "2025-03-15",
};
const cli = (...args: string[]) => runCli(args, { db: t.db, env });

function file(name: string, content: unknown): string {
  const p = path.join(dir, name);
  writeFileSync(p, typeof content === "string" ? content : JSON.stringify(content));
  return p;
}

// 1,200.00 at 0 % for 12 months: 100.00 due on the 1st from 2025-02-01. February's
// payment is effective 02-01 but recorded 02-20.
const events = [
  {
    sequenceNumber: 1,
    eventType: "origination",
    effectiveDate: "2025-01-01",
    eventData: {
      principal: "1200.00",
      annualRate: "0",
      termMonths: 12,
      dayCount: "30/360",
      firstPaymentDate: "2025-02-01",
    },
    recordedAt: "2025-01-01T09:00:00Z",
  },
  {
    sequenceNumber: 2,
    eventType: "disbursement",
    effectiveDate: "2025-01-01",
    eventData: { amount: "1200.00", method: "ach" },
    recordedAt: "2025-01-01T09:05:00Z",
  },
  {
    sequenceNumber: 3,
    eventType: "payment",
    effectiveDate: "2025-02-01",
    eventData: {
      amount: "100.00",
      allocation: { fees: "0.00", interest: "0.00", principal: "100.00" },
    },
    recordedAt: "2025-02-20T09:00:00Z",
  },
];

describe("due", () => {
  it("prints the contract's fields first, money as decimal strings", async () => {
    const f = file("events.json", events);
    const r = await cli("due", "--events", f, "--as-of", "2025-03-15");
    expect([r.code, r.stderr]).toEqual([0, ""]);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).slice(0, 8)).toEqual([
      "asOf",
      "amountDue",
      "amountPastDue",
      "daysPastDue",
      "bucket",
      "nextDueDate",
      "nextDueAmount",
      "installments",
    ]);
    // February paid; 03-01 unpaid for 14 days.
    expect(out).toMatchObject({
      asOf: "2025-03-15",
      amountDue: "100.00",
      amountPastDue: "100.00",
      daysPastDue: 14,
      bucket: "1-29",
      nextDueDate: "2025-04-01",
      nextDueAmount: "100.00",
    });
    expect(out.installments).toHaveLength(12);
    expect(Object.keys(out.installments[0]).slice(0, 3)).toEqual(["dueDate", "amount", "paid"]);
    expect(out.installments[0]).toMatchObject({
      dueDate: "2025-02-01",
      amount: "100.00",
      paid: "100.00",
    });
  });

  it("--known-at: what was known before the payment was recorded", async () => {
    const f = file("events.json", events);
    const r = await cli(
      "due",
      "--events",
      f,
      "--as-of",
      "2025-02-15",
      "--known-at",
      "2025-02-15T00:00:00Z",
    );
    expect(r.code).toBe(0);
    // The 02-01 payment is not known yet: 14 days past due on 02-15.
    expect(JSON.parse(r.stdout)).toMatchObject({
      daysPastDue: 14,
      amountPastDue: "100.00",
      knownAt: "2025-02-15T00:00:00Z",
    });
  });

  it("--events - reads stdin", async () => {
    const r = await runCli(["due", "--events", "-", "--as-of", "2025-02-15"], {
      stdin: JSON.stringify(events),
      env,
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ daysPastDue: 0, nextDueDate: "2025-03-01" });
  });
});

describe("payoff", () => {
  it("prints the quote; --as-of defaults to the earlier of --on and the business date", async () => {
    const f = file("events.json", events);
    const r = await cli("payoff", "--events", f, "--on", "2025-04-15");
    expect([r.code, r.stderr]).toEqual([0, ""]);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).slice(0, 8)).toEqual([
      "asOf",
      "on",
      "principal",
      "interest",
      "fees",
      "perDiem",
      "payoffAmount",
      "goodThrough",
    ]);
    // Business date 2025-03-15; at 0 % nothing accrues: 1200.00 - 100.00 = 1100.00.
    expect(out).toMatchObject({
      asOf: "2025-03-15",
      on: "2025-04-15",
      principal: "1100.00",
      interest: "0.00",
      fees: "0.00",
      perDiem: "0.000000",
      payoffAmount: "1100.00",
      goodThrough: "2025-04-15",
    });
    const past = JSON.parse((await cli("payoff", "--events", f, "--on", "2025-01-20")).stdout);
    expect(past).toMatchObject({ asOf: "2025-01-20", payoffAmount: "1200.00" });
  });
});

describe("from the database (--loan)", () => {
  it("due and payoff read the loan's stored events", async () => {
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
    expect(created.code, created.stderr).toBe(0);
    const loan = JSON.parse(created.stdout).loanNumber as string;
    // The level payment: 10000 at 6.5 % over 36 months = 306.49.
    const paid = await cli(
      "append",
      "--loan",
      loan,
      "--type",
      "payment",
      "--effective",
      "2025-02-01",
      "--data",
      '{"amount":"306.49"}',
    );
    expect(paid.code, paid.stderr).toBe(0);

    const due = JSON.parse((await cli("due", "--loan", loan, "--as-of", "2025-03-10")).stdout);
    // February paid on its date; 03-01 unpaid for 9 days.
    expect(due).toMatchObject({
      amountPastDue: "306.49",
      daysPastDue: 9,
      bucket: "1-29",
      nextDueDate: "2025-04-01",
      nextDueAmount: "306.49",
      tolerance: "0.00",
    });

    const payoff = await cli(
      "payoff",
      "--loan",
      loan,
      "--on",
      "2025-02-02",
      "--as-of",
      "2025-02-01",
    );
    expect(payoff.code, payoff.stderr).toBe(0);
    // After the payment principal is 9748.71 and 0.005482 of interest is left
    // (tests/cli/write-cli.test.ts). Feb 1 on 9748.71: 9748.71 x 0.065 / 365 = 1.7360716... ->
    // 1.736072; interest through Feb 1 = 0.005482 + 1.736072 = 1.741554 -> 1.74.
    // Payoff 9748.71 + 1.74 = 9750.45.
    expect(JSON.parse(payoff.stdout)).toMatchObject({
      principal: "9748.71",
      interest: "1.74",
      payoffAmount: "9750.45",
      perDiem: "1.736072",
    });
  });
});

describe("bad input", () => {
  it("one line on stderr naming the problem, non-zero exit, nothing on stdout", async () => {
    const f = file("events.json", events);
    const cases: Array<[string[], number, string]> = [
      [["due", "--events", f], 2, "error: missing required option --as-of"],
      [["due", "--as-of", "2025-03-01"], 2, "error: missing required option --events"],
      [
        ["due", "--events", f, "--loan", "LN-000001", "--as-of", "2025-03-01"],
        2,
        "error: give either --events or --loan, not both",
      ],
      [
        ["due", "--events", f, "--as-of", "2025-02-30"],
        2,
        "error: --as-of 2025-02-30: must be a valid date YYYY-MM-DD",
      ],
      [
        ["due", "--events", f, "--as-of", "2025-02-28", "--known-at", "noon"],
        2,
        "error: --known-at noon: must be an ISO timestamp",
      ],
      [
        ["due", "--events", file("broken.json", "[{"), "--as-of", "2025-02-28"],
        1,
        "error: --events",
      ],
      [
        ["due", "--events", path.join(dir, "missing.json"), "--as-of", "2025-02-28"],
        1,
        "error: --events",
      ],
      [
        ["due", "--loan", "LN-999999", "--as-of", "2025-02-28"],
        1,
        "error: --loan LN-999999: no such loan",
      ],
      [["payoff", "--events", f], 2, "error: missing required option --on"],
      [
        ["payoff", "--events", f, "--on", "2025-03-01", "--as-of", "2025-03-02"],
        2,
        "error: --on 2025-03-01 is before --as-of 2025-03-02",
      ],
      [
        ["payoff", "--events", f, "--on", "2026-01-02", "--as-of", "2025-03-02"],
        1,
        "error: The payoff date 2026-01-02 is after the maturity date 2026-01-01",
      ],
      [
        ["payoff", "--loan", "LN-999999", "--on", "2025-03-01"],
        1,
        "error: --loan LN-999999: no such loan",
      ],
      [
        ["payoff", "--events", f, "--on", "2025-13-01"],
        2,
        "error: --on 2025-13-01: must be a valid date YYYY-MM-DD",
      ],
    ];
    for (const [args, code, message] of cases) {
      const r = await cli(...args);
      expect(r.code, args.join(" ")).toBe(code);
      expect(r.stdout, args.join(" ")).toBe("");
      expect(r.stderr.trimEnd().split("\n"), args.join(" ")).toHaveLength(1);
      expect(r.stderr.startsWith(message), r.stderr).toBe(true);
    }
  });
});
