/**
 * The portfolio report's CSV downloads (live and filed) and their parameter
 * checks, against a real database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseReportParams } from "../../app/reports/_server/params";
import {
  reportExportResponse,
  savedReportExportResponse,
} from "../../app/reports/_server/report-export";
import { saveReportWork } from "../../app/reports/_server/save-report";
import { assessFee, postPayment } from "../../db/services/servicing";
import { fixedClock, givenLoan, TEST_ACTOR } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const HEADER =
  "loan_number,borrower,status,principal,interest,fees,total_outstanding,charged_off,days_past_due,bucket";

let t: TestDatabase;
let a: string;
let b: string;
beforeAll(async () => {
  t = await createTestDatabase();
  a = await givenLoan(t.db, { borrower: { name: "=cmd|' /C calc'!A0" } });
  b = await givenLoan(t.db);
  const ctx = { db: t.db, actor: TEST_ACTOR, clock: fixedClock("2026-01-20T09:00:00.000Z") };
  await postPayment({ ...ctx, loanNumber: a, amount: "500.00", effectiveDate: "2025-01-11" });
  await assessFee({
    ...ctx,
    loanNumber: b,
    amount: "25.00",
    feeType: "late",
    effectiveDate: "2025-01-05",
  });
});
afterAll(async () => t?.destroy());

const exportOf = (search: string) =>
  reportExportResponse(async () => t.db, new URLSearchParams(search));

function lines(text: string): string[] {
  return text.split("\r\n").filter((line) => line !== "");
}

describe("portfolio report parameters", () => {
  it("reads the date, the knowledge cut-off and the status filter", () => {
    expect(
      parseReportParams({ asOf: "2025-03-31", knownAt: "2026-01-01T00:00:00Z", status: "active" }),
    ).toEqual({
      ok: true,
      value: {
        query: { asOf: "2025-03-31", knownAt: "2026-01-01T00:00:00Z" },
        status: "active",
      },
    });
    expect(parseReportParams({})).toEqual({ ok: true, value: { query: null, status: null } });
  });

  it("explains every bad value", () => {
    const parsed = parseReportParams({ asOf: "2025-02-30", knownAt: "yesterday", status: "late" });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual([
      "The report date must be a real date as YYYY-MM-DD.",
      "“As known at” must be an ISO instant such as 2025-12-31T23:59:59Z.",
      expect.stringContaining("The status is one of"),
    ]);
  });
});

describe("GET /reports/portfolio/export.csv", () => {
  it.each([
    ["", "Choose a report date"],
    ["knownAt=2026-01-01T00:00:00Z", "Choose a report date"],
    ["asOf=2025-02-30", "The report date must be a real date as YYYY-MM-DD."],
    ["asOf=31/03/2025", "The report date must be a real date as YYYY-MM-DD."],
    ["asOf=2025-03-31&knownAt=soon", "“As known at” must be an ISO instant"],
  ])("answers 400 with the reason for %j", async (search, reason) => {
    const response = await exportOf(search);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const body = await response.text();
    expect(body).toMatch(/^Cannot export the report: /);
    expect(body).toContain(reason);
  });

  it("streams the report: header, one row per loan, then the totals", async () => {
    const response = await exportOf("asOf=2025-01-31");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="portfolio-report-2025-01-31.csv"',
    );
    expect(response.headers.get("x-report-engine-version")).toMatch(/^loan-replay /);
    expect(Number(response.headers.get("x-report-high-water-mark"))).toBeGreaterThan(0);
    const rows = lines(await response.text());
    expect(rows[0]).toBe(HEADER);
    const loanRows = rows.filter((r) => /^LN-\d{6},/.test(r));
    expect(loanRows.map((r) => r.split(",")[0])).toEqual([a, b].sort());
    // The borrower name a spreadsheet would run as a formula is neutralised.
    expect(loanRows.find((r) => r.startsWith(a))).toContain("'=cmd|' /C calc'!A0");
    expect(rows.at(-1)).toMatch(/^TOTAL all,2 loans,all,/);
  });

  it("reproduces the figures known at an earlier instant", async () => {
    const before = lines(
      await (await exportOf("asOf=2025-01-31&knownAt=2026-01-16T00:00:00Z")).text(),
    );
    const now = lines(await (await exportOf("asOf=2025-01-31")).text());
    // The payment and the fee were recorded on 2026-01-20: unknown at the cut-off.
    expect(before).not.toEqual(now);
    const feeOf = (rows: string[]) => rows.find((r) => r.startsWith(b))?.split(",")[5];
    expect(feeOf(before)).toBe("0.00");
    expect(feeOf(now)).toBe("25.00");
  });
});

describe("GET /reports/portfolio/saved/:id/export.csv", () => {
  const savedOf = (id: string) => savedReportExportResponse(async () => t.db, id);

  it("answers 400 for a malformed id and 404 for an unknown one", async () => {
    const bad = await savedOf("abc");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("positive whole number");
    const missing = await savedOf("999999");
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("There is no saved report #999999.");
  });

  it("exports the figures as filed, even after later events", async () => {
    const { id } = await saveReportWork(t.db, { asOf: "2025-01-31" }, "test:auditor");
    const filed = await (await savedOf(String(id))).text();
    await postPayment({
      db: t.db,
      actor: TEST_ACTOR,
      clock: fixedClock("2026-02-10T09:00:00.000Z"),
      loanNumber: b,
      amount: "100.00",
      effectiveDate: "2025-01-20",
    });
    const response = await savedOf(String(id));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="portfolio-report-2025-01-31-filed-${id}.csv"`,
    );
    const again = await response.text();
    expect(again).toBe(filed);
    expect(lines(again)[0]).toBe(HEADER);
    // A fresh run of the same date does see the backdated payment.
    expect(await (await exportOf("asOf=2025-01-31")).text()).not.toBe(filed);
  });
});
