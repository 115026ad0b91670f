/**
 * Where the app's portfolio reports come from (app/reports/_server/report-source.ts):
 * a finished report for the same basis is reused by the page, the CSV and
 * "Save report" (no second replay), and not reused once an event is recorded
 * under its cut-off, once the engine version differs, or once its row was
 * edited (its seal fails). Reuse is observed through `generatedAt`: a report
 * computed again carries the clock of the second ask.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportExportResponse } from "../../app/reports/_server/report-export";
import { portfolioReportFor } from "../../app/reports/_server/report-source";
import { saveReportWork } from "../../app/reports/_server/save-report";
import { resultRows } from "../../db/event-store/rows";
import { getSavedReport } from "../../db/services/portfolio-report";
import { assessFee } from "../../db/services/servicing";
import { fixedClock, givenLoan, TEST_ACTOR } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
let a: string;
const FIRST = "2026-03-01T10:00:00.000Z";
const LATER = "2026-03-01T11:00:00.000Z";

beforeAll(async () => {
  t = await createTestDatabase();
  a = await givenLoan(t.db);
  await givenLoan(t.db, { borrower: { name: "Second Borrower" } });
});
afterAll(async () => t?.destroy());

async function reportRuns(): Promise<number> {
  const [row] = resultRows<{ n: number }>(
    await t.db.execute(sql`select count(*)::int as n from batch_runs where kind = 'report'`),
  );
  return Number(row?.n);
}

describe("portfolio reports, reused while their basis holds", () => {
  it("the page's report is what the CSV and Save report use: computed once", async () => {
    const shown = await portfolioReportFor(
      t.db,
      { asOf: "2025-01-31" },
      { now: fixedClock(FIRST) },
    );
    expect(shown.generatedAt).toBe(FIRST);
    expect(await reportRuns()).toBe(1);

    // A reload without a cut-off, and the pinned link the page hands out: the same report.
    const reload = await portfolioReportFor(
      t.db,
      { asOf: "2025-01-31" },
      { now: fixedClock(LATER) },
    );
    expect(reload).toEqual(shown);
    const pinned = { asOf: shown.asOf, knownAt: shown.knownAt };
    expect((await portfolioReportFor(t.db, pinned, { now: fixedClock(LATER) })).generatedAt).toBe(
      FIRST,
    );

    const csv = await reportExportResponse(
      async () => t.db,
      new URLSearchParams({ asOf: shown.asOf, knownAt: shown.knownAt }),
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get("x-report-high-water-mark")).toBe(String(shown.highWaterMark.eventId));
    await csv.text();

    const { id } = await saveReportWork(
      t.db,
      pinned,
      "staff:auditor@test.example",
      fixedClock(LATER),
    );
    const filed = await getSavedReport(t.db, id);
    // Filed as shown: generated at the first ask, by the first computation.
    expect(filed?.generatedAt).toBe(FIRST);
    expect(filed?.rows).toEqual(shown.rows);
    expect(await reportRuns()).toBe(1);
  });

  it("an event recorded since moves the high-water mark: the report is replayed, with the event", async () => {
    const before = await portfolioReportFor(
      t.db,
      { asOf: "2025-01-31" },
      { now: fixedClock(LATER) },
    );
    await assessFee({
      db: t.db,
      actor: TEST_ACTOR,
      clock: fixedClock("2026-03-02T09:00:00.000Z"),
      loanNumber: a,
      amount: "25.00",
      feeType: "late",
      effectiveDate: "2025-01-05",
    });
    const after = await portfolioReportFor(
      t.db,
      { asOf: "2025-01-31" },
      { now: fixedClock(LATER) },
    );
    expect(after.highWaterMark.eventId).toBeGreaterThan(before.highWaterMark.eventId);
    expect(after.rows.find((r) => r.loanNumber === a)?.fees).toBe("25.00");
    expect(before.rows.find((r) => r.loanNumber === a)?.fees).toBe("0.00");
    // The old basis is still served for its own pinned cut-off.
    const old = await portfolioReportFor(
      t.db,
      { asOf: "2025-01-31", knownAt: before.knownAt },
      { now: fixedClock("2026-03-03T00:00:00.000Z") },
    );
    expect(old).toEqual(before);
  });

  it("a run from another engine version, or an edited one, is replayed, not served", async () => {
    const query = { asOf: "2025-01-20" };
    const first = await portfolioReportFor(t.db, query, { now: fixedClock(FIRST) });
    // Someone edits a figure in the stored run: its seal no longer holds.
    await t.db.execute(sql`
      update batch_runs set result = jsonb_set(result, '{grandTotal,totalOutstanding}', '"1.00"')
      where kind = 'report' and params->>'asOf' = '2025-01-20'`);
    const afterEdit = await portfolioReportFor(t.db, query, { now: fixedClock(LATER) });
    expect(afterEdit.generatedAt).toBe(LATER);
    expect(afterEdit.grandTotal).toEqual(first.grandTotal);

    await t.db.execute(sql`
      update batch_runs set result = jsonb_set(result, '{engineVersion}', '"loan-replay 0.0.0"')
      where kind = 'report' and params->>'asOf' = '2025-01-20'`);
    const third = "2026-03-01T12:00:00.000Z";
    const afterUpgrade = await portfolioReportFor(t.db, query, { now: fixedClock(third) });
    expect(afterUpgrade.generatedAt).toBe(third);
    expect(afterUpgrade.engineVersion).toBe(first.engineVersion);
  });

  it("finished runs older than a day are pruned when a new one is recorded", async () => {
    await t.db.execute(
      sql`update batch_runs set finished_at = now() - interval '25 hours' where kind = 'report'`,
    );
    const runs = await reportRuns();
    expect(runs).toBeGreaterThan(1);
    await portfolioReportFor(t.db, { asOf: "2025-01-10" }, { now: fixedClock(FIRST) });
    expect(await reportRuns()).toBe(1);
  });
});
