/** The command line, end to end (spawns tsx: kept to a few cases because each takes ~0.5 s). */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules/.bin/tsx");
const dir = mkdtempSync(path.join(tmpdir(), "loan-replay-cli-"));

function cli(...args: string[]) {
  const r = spawnSync(tsx, ["scripts/cli.ts", ...args], { cwd: root, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

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
  it("replay prints the state as JSON; --known-at and --steps", () => {
    const f = file("events.json", events);
    const now = cli("replay", "--events", f, "--as-of", "2025-02-15");
    expect(now.code).toBe(0);
    expect(now.stderr).toBe("");
    const state = JSON.parse(now.stdout);
    expect(state).toMatchObject({
      status: "active",
      principal: "9189.34",
      asOf: "2025-02-15",
      knownAt: null,
    });

    const then = cli(
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

  it("bad input: one line on stderr naming the problem, non-zero exit, nothing on stdout", () => {
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
        'error: unknown command "nonsense" (expected one of replay, schedule, create-loan, append, accrue, seed, import, verify, snapshots, staff)',
      ],
    ];
    for (const [args, code, message] of cases) {
      const r = cli(...args);
      expect(r.code, args.join(" ")).toBe(code);
      expect(r.stdout).toBe("");
      expect(r.stderr.trimEnd().split("\n"), args.join(" ")).toHaveLength(1);
      expect(r.stderr.startsWith(message), r.stderr).toBe(true);
    }
  });

  it("schedule prints the amortization schedule as JSON", () => {
    const r = cli(
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
