/**
 * "Save report" (the server action's core through validatedAction), the saved
 * list, a filed report read back, and "compare with now" after a backdated
 * payment, against a real database.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECK_FIELDS, validatedAction } from "../../app/_lib/validated-action";
import { saveReportSchema } from "../../app/reports/_server/params";
import { saveReportWork } from "../../app/reports/_server/save-report";
import { ReportComparison } from "../../components/reports/report-comparison";
import {
  compareWithNow,
  computePortfolioReport,
  getSavedReport,
  listSavedReports,
} from "../../db/services/portfolio-report";
import { postPayment } from "../../db/services/servicing";
import { fixedClock, givenLoan, TEST_ACTOR } from "../helpers/fixtures";
import { actAs, restoreSessionLookup } from "../helpers/staff";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { form } from "./helpers";

const AUDITOR = "staff:auditor@test.example";

let t: TestDatabase;
let a: string;
let b: string;
beforeAll(async () => {
  t = await createTestDatabase();
  a = await givenLoan(t.db);
  b = await givenLoan(t.db, { borrower: { name: "Second Borrower" } });
});
afterAll(async () => {
  restoreSessionLookup();
  await t?.destroy();
});

// The action as the "use server" file builds it, bound to the test database.
const save = validatedAction(
  saveReportSchema,
  (input, staff) => saveReportWork(t.db, input, staff.actor),
  { permission: "run_reports" },
);

describe("saving a portfolio report", () => {
  it("is refused to staff who cannot run reports, and files nothing", async () => {
    for (const role of ["agent", "reviewer", "servicer"] as const) {
      actAs(role);
      const result = await save(form({ asOf: "2025-03-31" }));
      expect(result).toMatchObject({ ok: false, forbidden: true });
    }
    actAs(null);
    expect(await save(form({ asOf: "2025-03-31" }))).toMatchObject({ ok: false, forbidden: true });
    expect(await listSavedReports(t.db)).toEqual([]);
    actAs("auditor");
  });

  it("refuses a bad date or instant next to its field and files nothing", async () => {
    const result = await save(form({ asOf: "2025-02-30", knownAt: "later" }));
    expect(result).toMatchObject({
      ok: false,
      error: CHECK_FIELDS,
      fieldErrors: {
        asOf: "The report date must be a real date as YYYY-MM-DD.",
        knownAt: "“As known at” must be an ISO instant such as 2025-12-31T23:59:59Z.",
      },
      values: { asOf: "2025-02-30", knownAt: "later" },
    });
    expect(await listSavedReports(t.db)).toEqual([]);
  });

  it("computes, files and lists the report; reading it back gives the figures as filed", async () => {
    const live = await computePortfolioReport(t.db, { asOf: "2025-03-31" });
    const result = await save(form({ asOf: "2025-03-31", knownAt: live.knownAt }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { id } = result.data;
    expect(id).toBeGreaterThan(0);

    const list = await listSavedReports(t.db);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      id,
      asOf: "2025-03-31",
      generatedBy: AUDITOR,
      engineVersion: live.engineVersion,
      loans: 2,
      totalOutstanding: live.grandTotal.totalOutstanding,
    });
    expect(Date.parse(list[0]!.knownAt)).toBe(Date.parse(live.knownAt));

    const filed = await getSavedReport(t.db, id);
    expect(filed).not.toBeNull();
    expect(filed?.id).toBe(id);
    expect(filed?.generatedBy).toBe(AUDITOR);
    expect(filed?.rows).toEqual(live.rows);
    expect(filed?.totals).toEqual(live.totals);
    expect(filed?.highWaterMark).toEqual(live.highWaterMark);
    expect(filed?.rows.map((r) => r.loanNumber)).toEqual([a, b]);
    expect(await getSavedReport(t.db, id + 1000)).toBeNull();
  });

  it("lists the newest report first", async () => {
    const { id } = await saveReportWork(t.db, { asOf: "2025-01-31" }, AUDITOR);
    const list = await listSavedReports(t.db);
    expect(list.map((r) => r.id)[0]).toBe(id);
    expect(list.map((r) => r.asOf)).toEqual(["2025-01-31", "2025-03-31"]);
  });

  it("compares a filed report with now: the changed loan and the backdated event behind it", async () => {
    const { id } = await saveReportWork(
      t.db,
      { asOf: "2025-02-28" },
      AUDITOR,
      fixedClock("2026-01-16T00:00:00.000Z"),
    );
    await postPayment({
      db: t.db,
      actor: TEST_ACTOR,
      clock: fixedClock("2026-02-01T10:00:00.000Z"),
      loanNumber: b,
      amount: "300.00",
      effectiveDate: "2025-02-10",
    });
    const comparison = await compareWithNow(t.db, id);
    expect(comparison).not.toBeNull();
    expect(comparison?.changed.map((c) => c.loanNumber)).toEqual([b]);
    const changed = comparison!.changed[0]!;
    expect(changed.filed?.principal).not.toBe(changed.now?.principal);
    expect(changed.lateEvents.map((e) => e.eventType)).toContain("payment");
    expect(changed.lateEvents.every((e) => e.effectiveDate <= "2025-02-28")).toBe(true);
    expect(await compareWithNow(t.db, id + 1000)).toBeNull();

    // The comparison view: figures as filed next to figures now, and the event behind the change.
    const html = renderToStaticMarkup(createElement(ReportComparison, { comparison: comparison! }));
    expect(html).toContain("1 loan&#x27;s figures have changed since this report was filed.");
    expect(html).toContain(`aria-label="${b}: figures as filed and now"`);
    expect(html).toContain(`aria-label="Backdated events on ${b}"`);
    expect(html).toContain("effective 2025-02-10");
    expect(html).toContain(`data-exact="${changed.filed?.principal}"`);
    expect(html).toContain(`data-exact="${changed.now?.principal}"`);
  });
});
