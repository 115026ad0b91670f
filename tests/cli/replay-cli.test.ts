/**
 * The read-only commands (replay, schedule) and the error contract, through
 * main(argv, io) in-process; tests/cli/entry-point.test.ts runs the real binary once.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli";

const dir = mkdtempSync(path.join(tmpdir(), "loan-replay-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(args);

function file(name: string, content: unknown): string {
  const p = path.join(dir, name);
  writeFileSync(p, typeof content === "string" ? content : JSON.stringify(content));
  return p;
}

const events = [
  {
    sequenceNumber: 1,
    eventType: "origination",
    effectiveDate: "2025-01-01",
    eventData: {
      principal: "10000.00",
      annualRate: "0.0600",
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
    eventData: { amount: "10000.00", method: "ach" },
    recordedAt: "2025-01-01T09:05:00Z",
  },
  {
    sequenceNumber: 3,
    eventType: "payment",
    effectiveDate: "2025-02-01",
    eventData: {
      amount: "810.66",
      allocation: { fees: "0.00", interest: "0.00", principal: "810.66" },
    },
    recordedAt: "2025-03-01T09:00:00Z",
  },
];

describe("cli", () => {
  it("replay prints the state as JSON; --known-at and --steps", async () => {
    const f = file("events.json", events);
    const now = await cli("replay", "--events", f, "--as-of", "2025-02-15");
    expect(now.code).toBe(0);
    expect(now.stderr).toBe("");
    const state = JSON.parse(now.stdout);
    expect(state).toMatchObject({
      status: "active",
      principal: "9189.34",
      asOf: "2025-02-15",
      knownAt: null,
    });

    const then = await cli(
      "replay",
      "--events",
      f,
      "--as-of",
      "2025-02-15",
      "--known-at",
      "2025-02-15T00:00:00Z",
      "--steps",
    );
    expect(then.code).toBe(0);
    const out = JSON.parse(then.stdout);
    expect(out.state.principal).toBe("10000.00");
    expect(out.steps).toHaveLength(2);
    expect(out.steps[1].changes[0]).toEqual({
      field: "status",
      before: "originated",
      after: "active",
    });
  });

  it("replay --events - reads the events from stdin", async () => {
    const r = await runCli(["replay", "--events", "-", "--as-of", "2025-02-15"], {
      stdin: JSON.stringify(events),
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toMatchObject({ status: "active", principal: "9189.34" });
  });

  it("bad input: one line on stderr naming the problem, non-zero exit, nothing on stdout", async () => {
    const bad = file("bad.json", [
      events[0],
      { ...events[1], eventData: { amount: 10000, method: "ach" } },
    ]);
    const cases: Array<[string[], number, string]> = [
      [
        ["replay", "--events", bad, "--as-of", "2025-02-15"],
        1,
        `error: --events ${bad}: event #2 (disbursement): eventData.amount: must be a decimal string such as "12.50", not a number`,
      ],
      [
        ["replay", "--events", file("broken.json", "[{"), "--as-of", "2025-02-15"],
        1,
        "error: --events",
      ],
      [
        ["replay", "--events", bad, "--as-of", "2025-02-30"],
        2,
        "error: --as-of 2025-02-30: must be a valid date YYYY-MM-DD",
      ],
      [["replay", "--events", bad], 2, "error: missing required option --as-of"],
      [
        ["replay", "--as-of", "2025-01-01", "--frobnicate"],
        2,
        "error: unknown option --frobnicate",
      ],
      [
        [
          "schedule",
          "--principal",
          "1000",
          "--rate",
          "0.05",
          "--term",
          "0",
          "--first-payment",
          "2025-01-01",
        ],
        2,
        "error: --term 0: must be a whole number of months from 1 to 1200",
      ],
      [
        ["nonsense"],
        2,
        'error: unknown command "nonsense" (expected one of replay, schedule, due, payoff, create-loan, append, accrue, nightly, seed, import, verify, checkpoint, verify-checkpoint, snapshots, projections, seal, staff)',
      ],
    ];
    for (const [args, code, message] of cases) {
      const r = await cli(...args);
      expect(r.code, args.join(" ")).toBe(code);
      expect(r.stdout).toBe("");
      expect(r.stderr.trimEnd().split("\n"), args.join(" ")).toHaveLength(1);
      expect(r.stderr.startsWith(message), r.stderr).toBe(true);
    }
  });

  it("schedule prints the amortization schedule as JSON", async () => {
    const r = await cli(
      "schedule",
      "--principal",
      "1000.00",
      "--rate",
      "0.12",
      "--term",
      "3",
      "--first-payment",
      "2025-01-31",
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.paymentAmount).toBe("340.02");
    expect(out.maturityDate).toBe("2025-03-31");
    expect(out.rows.map((row: { payment: string }) => row.payment)).toEqual([
      "340.02",
      "340.02",
      "340.03",
    ]);
    expect(out.totals).toEqual({ payments: "1020.07", interest: "20.07", principal: "1000.00" });
  });
});
