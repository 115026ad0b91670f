/**
 * "Compare with now" on a saved report with its progress in the database
 * (app/reports/_server/compare.ts): the same comparison as the service's
 * compareWithNow, progress readable while the book is re-run and gone after,
 * a second comparison with nothing recorded since served without a replay,
 * and the late accruals listed one line per month.
 */
import { sql } from "drizzle-orm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  compareWithNowTracked,
  comparisonProgress,
  comparisonProgressKey,
} from "../../app/reports/_server/compare";
import { saveReportWork } from "../../app/reports/_server/save-report";
import { ReportComparison } from "../../components/reports/report-comparison";
import { readReportProgress } from "../../db/queries/report-progress";
import { accrueInterest } from "../../db/services/accrue";
import { compareWithNow } from "../../db/services/portfolio-report";
import { fixedClock, givenLoan } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
let loans: string[];
let id: number;
beforeAll(async () => {
  t = await createTestDatabase();
  loans = [
    await givenLoan(t.db),
    await givenLoan(t.db, { borrower: { name: "Second Borrower" } }),
    await givenLoan(t.db, { borrower: { name: "Third Borrower" } }),
  ];
  // Filed before any interest was accrued; the accrual job then catches up
  // January and February: 59 accruals per loan recorded after the filing.
  ({ id } = await saveReportWork(
    t.db,
    { asOf: "2025-02-28" },
    "staff:auditor@test.example",
    fixedClock("2026-01-16T00:00:00.000Z"),
  ));
  await accrueInterest({
    db: t.db,
    actor: "system:accrual",
    clock: fixedClock("2026-02-01T23:00:00.000Z"),
    through: "2025-02-28",
    lateFees: false,
  });
});
afterAll(async () => t?.destroy());

describe("compare with now, tracked", () => {
  it("gives the service's comparison", async () => {
    const fixed = fixedClock("2026-02-02T00:00:00.000Z");
    const tracked = await compareWithNowTracked(t.db, id, { now: fixed });
    const plain = await compareWithNow(t.db, id, { now: fixed });
    expect(tracked).toEqual(plain);
    expect(tracked?.changed.map((c) => c.loanNumber)).toEqual(loans);
    expect(tracked?.changed[0]?.lateEvents).toHaveLength(59);
    expect(await compareWithNowTracked(t.db, id + 1000)).toBeNull();
  });

  it("publishes loans replayed under the saved report's own key while it runs, none after", async () => {
    // The first test's comparison left its report as known now for reuse
    // (app/reports/_server/report-source.ts): without it, this one replays.
    await t.db.execute(sql`delete from batch_runs where kind = 'report'`);
    const seen: unknown[] = [];
    let running = true;
    // No timer between reads: PGlite answers in microtasks, so a timer would wait for the end.
    const poll = (async () => {
      while (running) seen.push(await comparisonProgress(t.db, id));
    })();
    await compareWithNowTracked(t.db, id);
    running = false;
    await poll;
    const figures = seen.filter((p) => p !== null) as { done: number; total: number }[];
    expect(figures.length).toBeGreaterThan(0);
    expect(figures).toContainEqual({ done: loans.length, total: loans.length });
    for (const p of figures) {
      expect(p.total === 0 || p.total === loans.length).toBe(true);
      expect(p.done).toBeLessThanOrEqual(p.total);
    }
    expect(await comparisonProgress(t.db, id)).toBeNull();
    // Apart from the progress of a report run for the same date.
    expect(comparisonProgressKey(id)).toBe(`saved:${id}`);
    expect(await readReportProgress(t.db, "2025-02-28|")).toBeNull();
  });

  it("a second comparison with nothing recorded since reuses the report as known now", async () => {
    const first = await compareWithNowTracked(t.db, id, {
      now: fixedClock("2026-02-03T00:00:00.000Z"),
    });
    const seen: unknown[] = [];
    let running = true;
    const poll = (async () => {
      while (running) seen.push(await comparisonProgress(t.db, id));
    })();
    const second = await compareWithNowTracked(t.db, id, {
      now: fixedClock("2026-02-04T00:00:00.000Z"),
    });
    running = false;
    await poll;
    expect(second).toEqual(first);
    expect(second?.now.generatedAt).toBe(first?.now.generatedAt);
    // Nothing was replayed, so no progress was ever published.
    expect(seen.every((p) => p === null)).toBe(true);
  });

  it("lists the late accruals one line per month, not one per day", async () => {
    const comparison = await compareWithNowTracked(t.db, id);
    const html = renderToStaticMarkup(
      createElement(ReportComparison, { comparison: comparison! }),
    ).replaceAll("<!-- -->", "");
    const [first] = loans;
    const list = new RegExp(
      `<ul[^>]*aria-label="Backdated events on ${first}"[^>]*>(.*?)</ul>`,
    ).exec(html)?.[1];
    expect(list).toBeDefined();
    const items = list?.match(/<li/g) ?? [];
    expect(items).toHaveLength(2);
    expect(list).toContain("31 interest accruals, Jan 2025 (#3–33)");
    expect(list).toContain("28 interest accruals, Feb 2025");
    expect(list).toContain("effective 2025-01-01 – 2025-01-31");
    expect(list).toContain('data-accrual-month="2025-02"');
    expect(list).toContain("by system:accrual");
  });
});
