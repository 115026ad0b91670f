/**
 * The portfolio report's aging table (db/services/portfolio-report.ts, rows
 * from lib/delinquency/aging.ts): open loans per delinquency bucket, with
 * count, principal and total outstanding, hand-computed from a few loans in
 * known buckets; as of the report date and as known at a cut-off; in the CSV;
 * in a filed report; and in the comparison with now (a loan whose days past
 * due moved with no change to its balances is listed as changed).
 *
 * The loans are 1,200.00 at 0 % over 12 months (100.00 due on the 1st), so
 * principal falls by exactly what is paid and no interest accrues.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  compareWithNow,
  computePortfolioReport,
  getSavedReport,
  reportCsv,
  saveReport,
} from "../../db/services/portfolio-report";
import { assessFee, deferPeriods, postPayment } from "../../db/services/servicing";
import { agingTotal } from "../../lib/delinquency/aging";
import { dueFromEvents } from "../../lib/due";
import { fixedClock, givenLoan, historyOf, TEST_ACTOR } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
const clock = fixedClock("2026-01-15T12:00:00.000Z");
const later = fixedClock("2026-02-01T12:00:00.000Z");
const write = { actor: TEST_ACTOR, clock };
const AS_OF = "2025-04-15";
/** Before the payment recorded "later": what collections knew on January 20. */
const KNOWN_AT = "2026-01-20T00:00:00.000Z";
const L: Record<string, string> = {};

const zeroRate = (firstPaymentDate: string, originatedOn: string) => ({
  principal: "1200.00",
  annualRate: "0",
  termMonths: 12,
  dayCount: "30/360" as const,
  firstPaymentDate,
  originatedOn,
  disbursement: { on: originatedOn },
});

async function pay(letter: string, effectiveDate: string, amount = "100.00", at = clock) {
  await postPayment({
    db: t.db,
    actor: TEST_ACTOR,
    clock: at,
    loanNumber: L[letter] as string,
    amount,
    effectiveDate,
  });
}

beforeAll(async () => {
  t = await createTestDatabase();
  const plan: [string, string, string][] = [
    ["A", "2025-02-01", "2025-01-01"],
    ["B", "2025-02-01", "2025-01-01"],
    ["C", "2025-02-01", "2025-01-01"],
    ["D", "2025-02-01", "2025-01-01"],
    ["E", "2025-02-01", "2025-01-01"],
    ["F", "2024-11-01", "2024-10-01"],
    ["G", "2025-01-01", "2024-12-01"],
    ["H", "2025-02-01", "2025-01-01"],
    ["K", "2025-02-01", "2025-01-01"],
  ];
  for (const [letter, first, originated] of plan) {
    L[letter] = await givenLoan(t.db, {
      borrower: { name: `Borrower ${letter}` },
      ...zeroRate(first, originated),
    });
  }
  for (const d of ["2025-02-01", "2025-03-01", "2025-04-01"]) await pay("A", d);
  await pay("B", "2025-02-01");
  await pay("D", "2025-02-01");
  await pay("D", "2025-03-01");
  await pay("D", "2025-04-01", "50.00");
  await pay("E", "2025-02-01", "1200.00");
  await pay("H", "2025-02-01");
  await assessFee({
    db: t.db,
    ...write,
    loanNumber: L.H as string,
    amount: "30.00",
    feeType: "other",
    effectiveDate: "2025-03-05",
  });
  // K's February payment is recorded on 2026-02-01: unknown as of KNOWN_AT.
  await pay("K", "2025-02-01", "100.00", later);
}, 180_000);

afterAll(async () => {
  await t?.destroy();
});

const bucketsOf = (
  aging: { bucket: string; count: number; principal: string; totalOutstanding: string }[],
) => Object.fromEntries(aging.map((a) => [a.bucket, [a.count, a.principal, a.totalOutstanding]]));

describe("the aging table", () => {
  it("counts open loans per bucket with their principal and total outstanding, by hand", async () => {
    const report = await computePortfolioReport(t.db, { asOf: AS_OF });
    expect(bucketsOf(report.aging ?? [])).toEqual({
      current: [1, "900.00", "900.00"], // A (E is paid off: not an open loan)
      "1-29": [1, "950.00", "950.00"], // D: April half paid, 14 days
      "30-59": [3, "3300.00", "3330.00"], // B, H (30.00 fee), K: March 1 unpaid, 45 days
      "60-89": [1, "1200.00", "1200.00"], // C: 73 days
      "90-119": [1, "1200.00", "1200.00"], // G: 104 days
      "120+": [1, "1200.00", "1200.00"], // F: 165 days
    });
    // Every open loan is in exactly one bucket.
    const open = report.totals.filter((s) => s.status === "active" || s.status === "forbearance");
    expect(agingTotal(report.aging ?? []).count).toBe(open.reduce((n, s) => n + s.count, 0));
    // Each row's days past due are lib/due's.
    for (const row of report.rows) {
      const due = dueFromEvents(await historyOf(t.db, row.loanNumber), { asOf: AS_OF });
      expect([row.loanNumber, row.daysPastDue, row.bucket]).toEqual([
        row.loanNumber,
        due.daysPastDue,
        due.bucket,
      ]);
    }
  });

  it("as known at a cut-off: a payment recorded after it does not count", async () => {
    const report = await computePortfolioReport(t.db, { asOf: AS_OF, knownAt: KNOWN_AT });
    const k = report.rows.find((r) => r.loanNumber === L.K);
    expect([k?.daysPastDue, k?.bucket, k?.principal]).toEqual([73, "60-89", "1200.00"]);
    expect(bucketsOf(report.aging ?? [])).toMatchObject({
      "30-59": [2, "2200.00", "2230.00"],
      "60-89": [2, "2400.00", "2400.00"],
    });
    const due = dueFromEvents(await historyOf(t.db, L.K as string), {
      asOf: AS_OF,
      knownAt: KNOWN_AT,
    });
    expect(due.daysPastDue).toBe(73);
  });

  it("is in the CSV: days past due and bucket per loan, one AGING row per bucket", async () => {
    const report = await computePortfolioReport(t.db, { asOf: AS_OF });
    const lines = reportCsv(report).map((l) => l.replace(/\r\n$/, ""));
    expect(lines[0]).toBe(
      "loan_number,borrower,status,principal,interest,fees,total_outstanding,charged_off,days_past_due,bucket",
    );
    expect(lines.find((l) => l.startsWith(`${L.C},`))).toMatch(/,73,60-89$/);
    const aging = lines.filter((l) => l.startsWith("AGING "));
    expect(aging).toEqual([
      "AGING current,1 loans,open,900.00,,,900.00,,,current",
      "AGING 1-29,1 loans,open,950.00,,,950.00,,,1-29",
      "AGING 30-59,3 loans,open,3300.00,,,3330.00,,,30-59",
      "AGING 60-89,1 loans,open,1200.00,,,1200.00,,,60-89",
      "AGING 90-119,1 loans,open,1200.00,,,1200.00,,,90-119",
      "AGING 120+,1 loans,open,1200.00,,,1200.00,,,120+",
    ]);
    expect(lines.at(-1)).toMatch(/^TOTAL all,9 loans,all,/);
  });

  it("is filed with the report, and compared with now (days past due moved, balances not)", async () => {
    const filed = await computePortfolioReport(t.db, { asOf: AS_OF, knownAt: KNOWN_AT });
    const id = await saveReport(t.db, filed, "auditor:test");
    expect((await getSavedReport(t.db, id))?.aging).toEqual(filed.aging);

    // Recorded after the filing: C is granted a two-month deferment from January 20,
    // so its first installment falls due on April 1 (14 days past due, not 73).
    await deferPeriods({
      db: t.db,
      actor: TEST_ACTOR,
      clock: later,
      loanNumber: L.C as string,
      effectiveDate: "2025-01-20",
      periods: 2,
      interestTreatment: "accrue",
    });
    const comparison = await compareWithNow(t.db, id);
    expect(comparison).not.toBeNull();
    const changed = comparison?.changed.map((c) => c.loanNumber) ?? [];
    // K: its payment is known now; C: only its days past due moved.
    expect(changed).toEqual([L.C, L.K].sort());
    const c = comparison?.changed.find((x) => x.loanNumber === L.C);
    expect([c?.filed?.daysPastDue, c?.now?.daysPastDue]).toEqual([73, 14]);
    expect(c?.filed?.principal).toBe(c?.now?.principal);
    expect(c?.lateEvents.map((e) => e.eventType)).toEqual(["deferment"]);
    expect(bucketsOf(comparison?.now.aging ?? [])).toMatchObject({
      "1-29": [2, "2150.00", "2150.00"],
      "30-59": [3, "3300.00", "3330.00"],
      "60-89": [0, "0.00", "0.00"],
    });
  });

  it("a report filed before the aging table existed still reads and compares", async () => {
    const report = await computePortfolioReport(t.db, { asOf: AS_OF });
    const { aging: _a, ...old } = report;
    const legacy = {
      ...old,
      rows: old.rows.map(({ daysPastDue: _d, bucket: _b, ...r }) => r),
    };
    const id = await saveReport(t.db, legacy, "auditor:legacy");
    expect((await getSavedReport(t.db, id))?.aging).toBeUndefined();
    const lines = reportCsv(legacy);
    expect(lines.some((l) => l.startsWith("AGING"))).toBe(false);
    const comparison = await compareWithNow(t.db, id);
    expect(comparison?.changed).toEqual([]);
    expect(comparison?.now.aging).toHaveLength(6);
  });
});
