/**
 * Engine benchmark: replays generated loans of 1,000, 10,000 and 100,000 events
 * in-process and prints events/second and time per loan, next to a baseline measured
 * in the same run: a loop that only parses the same rows (JSON.parse + decimal parse
 * of every money field) without applying them.
 *
 *   npx tsx scripts/bench-engine.ts [--json]
 *
 * Variants:
 *   baseline        JSON.parse(row) + new Decimal(...) for each money string
 *   replay          JSON.parse(row) + replay() (replay parses the decimals and applies them)
 *   replay-only     replay() over already-parsed events (the fold alone)
 *   validated       JSON.parse(row) + parseEvent() (zod) + replay()
 * Goal: replay <= 2x baseline.
 */
import { performance } from "node:perf_hooks";
import { addDays } from "../lib/dates";
import { parseEvent } from "../lib/events/parse";
import type { LoanEvent } from "../lib/events/types";
import { Dec } from "../lib/money";
import { replay } from "../lib/replay/replay";

interface Row {
  sequenceNumber: number;
  eventType: string;
  effectiveDate: string;
  recordedAt: string;
  eventData: Record<string, unknown>;
}

/** A loan of `n` events: daily accruals, monthly payments, a late fee and waiver now and then, a NSF reversal. */
function generateLoan(n: number): string[] {
  const rows: Row[] = [];
  let date = "2000-01-01";
  const push = (eventType: string, eventData: Record<string, unknown>) =>
    rows.push({
      sequenceNumber: rows.length + 1,
      eventType,
      effectiveDate: date,
      recordedAt: `${date}T12:00:00.000Z`,
      eventData,
    });
  // Cents as integers, printed as decimal strings (no floats for money).
  const money = (cents: bigint) => {
    const s = cents.toString().padStart(3, "0");
    return `${s.slice(0, -2)}.${s.slice(-2)}`;
  };
  let principal = 100_000_000_000n; // 1,000,000,000.00: never paid off within 100k events
  let interestMicros = 0n;
  push("origination", {
    principal: money(principal),
    annualRate: "0.0650",
    termMonths: 600, // the schema's maximum (50 years); the replay folds past it all the same
    dayCount: "actual/365",
    firstPaymentDate: "2000-02-01",
  });
  push("disbursement", { amount: money(principal), method: "wire" });
  let month = 0;
  let lastPayment = 0;
  while (rows.length < n) {
    date = addDays(date, 1);
    // daily accrual: principal * 0.065 / 365, in millionths, rounded down
    const accrual = (principal * 10_000n * 65n) / 365n / 1000n; // micros: cents*10^4 * 0.065
    interestMicros += accrual;
    const micros = accrual.toString().padStart(7, "0");
    push("interest_accrual", {
      amount: `${micros.slice(0, -6)}.${micros.slice(-6)}`,
      rate: "0.0650",
      dayCount: "actual/365",
      days: 1,
      principalBasis: money(principal),
    });
    if (rows.length >= n) break;
    if (date.endsWith("-01")) {
      month++;
      const interestCents = interestMicros / 10_000n;
      const principalPart = 50_000n;
      push("payment", {
        amount: money(interestCents + principalPart),
        allocation: {
          fees: "0.00",
          interest: money(interestCents),
          principal: money(principalPart),
        },
        method: "ach",
      });
      lastPayment = rows.length;
      interestMicros -= interestCents * 10_000n;
      principal -= principalPart;
      if (month % 7 === 0 && rows.length < n)
        push("fee_assessment", { amount: "25.00", feeType: "late" });
      if (month % 7 === 0 && rows.length < n)
        push("fee_waiver", { amount: "25.00", waivedBy: "bench" });
      if (month % 13 === 0 && rows.length < n) {
        push("reversal", { reversedSequence: lastPayment, reason: "nsf" });
        principal += principalPart;
        interestMicros += interestCents * 10_000n;
      }
    }
  }
  return rows.slice(0, n).map((r) => JSON.stringify(r));
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
function parseDecimals(value: unknown): number {
  let count = 0;
  if (typeof value === "string") {
    if (DECIMAL.test(value)) {
      new Dec(value);
      count++;
    }
  } else if (typeof value === "object" && value !== null) {
    for (const v of Object.values(value)) count += parseDecimals(v);
  }
  return count;
}

function baseline(rows: string[]): number {
  let n = 0;
  for (const row of rows) {
    const o = JSON.parse(row) as Row;
    n += parseDecimals(o.eventData);
  }
  return n;
}

const AS_OF = "9999-12-31";

function replayRows(rows: string[]): string {
  const events: LoanEvent[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) events[i] = JSON.parse(rows[i] as string) as LoanEvent;
  return replay(events, AS_OF).state.principal;
}

function validatedRows(rows: string[]): string {
  const events: LoanEvent[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) events[i] = parseEvent(JSON.parse(rows[i] as string), i);
  return replay(events, AS_OF).state.principal;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Median milliseconds per call, over enough repetitions for ~2 s (at least 5). */
function time(fn: () => unknown): number {
  fn(); // warm up
  const samples: number[] = [];
  const deadline = performance.now() + 2000;
  while (samples.length < 5 || (performance.now() < deadline && samples.length < 200)) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

interface Result {
  events: number;
  variant: string;
  msPerLoan: number;
  eventsPerSecond: number;
  ratioToBaseline: number;
}

function main(): void {
  const asJson = process.argv.includes("--json");
  const results: Result[] = [];
  // Warm up every code path (JIT) before measuring anything.
  const warm = generateLoan(5_000);
  for (let i = 0; i < 5; i++) {
    baseline(warm);
    replayRows(warm);
    validatedRows(warm);
  }
  for (const n of [1_000, 10_000, 100_000]) {
    const rows = generateLoan(n);
    const parsed = rows.map((r) => JSON.parse(r) as LoanEvent);
    const check = replay(parsed, AS_OF).state;
    if (check.warnings.length > 0) {
      throw new Error(`generated loan has warnings: ${JSON.stringify(check.warnings.slice(0, 3))}`);
    }
    const base = time(() => baseline(rows));
    const variants: Array<[string, () => unknown]> = [
      ["baseline (JSON.parse + decimal parse)", () => baseline(rows)],
      ["replay (JSON.parse + replay)", () => replayRows(rows)],
      ["replay-only (fold of parsed events)", () => replay(parsed, AS_OF)],
      ["validated (JSON.parse + zod parseEvent + replay)", () => validatedRows(rows)],
    ];
    for (const [variant, fn] of variants) {
      const ms = variant.startsWith("baseline") ? base : time(fn);
      results.push({
        events: n,
        variant,
        msPerLoan: ms,
        eventsPerSecond: Math.round((n / ms) * 1000),
        ratioToBaseline: ms / base,
      });
    }
  }
  if (asJson) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    return;
  }
  const lines = [
    `node ${process.version}; median of repeated runs; goal: replay <= 2.00x baseline`,
    "",
  ];
  lines.push(
    `${"events".padStart(7)}  ${"variant".padEnd(50)} ${"ms/loan".padStart(10)} ${"events/s".padStart(12)} ${"x base".padStart(7)}`,
  );
  for (const r of results) {
    lines.push(
      `${String(r.events).padStart(7)}  ${r.variant.padEnd(50)} ${r.msPerLoan.toFixed(2).padStart(10)} ${r.eventsPerSecond.toLocaleString("en-US").padStart(12)} ${r.ratioToBaseline.toFixed(2).padStart(7)}`,
    );
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

main();
