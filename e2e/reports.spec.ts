import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import Decimal from "decimal.js";
import { endOfLastQuarter, todayUtc } from "../lib/presentation/as-of-picks";
import { saveScreenshot } from "./helpers";
import { signIn, staffEmail } from "./staff";

// The auditor persona, signed in as the demo auditor (not the default administrator).
test.use({ storageState: { cookies: [], origins: [] } });
test.beforeEach(async ({ page }) => {
  await signIn(page, staffEmail("auditor"));
});

const CSV_HEADER =
  "loan_number,borrower,status,principal,interest,fees,total_outstanding,charged_off,days_past_due,bucket";

function loanRows(page: Page) {
  return page.getByRole("table", { name: "Loans in the report" }).locator("tbody tr");
}

test("an auditor runs the quarter-end portfolio report, exports it, files it and compares it", async ({
  page,
}) => {
  const asOf = endOfLastQuarter(todayUtc());
  await page.goto("/");
  await page.getByRole("link", { name: "Reports", exact: true }).click();
  await expect(page).toHaveURL(/\/reports\/portfolio$/);
  await expect(page.getByRole("heading", { name: "Portfolio report" })).toBeVisible();
  await expect(page.getByLabel("Report date")).toHaveValue("");

  // Quarter end, from the quick pick: the URL carries the date, the report streams in.
  await page.getByRole("button", { name: "End of last quarter" }).click();
  await expect(page).toHaveURL(new RegExp(`/reports/portfolio\\?asOf=${asOf}$`));
  await expect(page.getByLabel("Report date")).toHaveValue(asOf);
  const totals = page.getByRole("table", { name: "Totals by status" });
  await expect(totals).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("report-progress")).toHaveCount(0);
  await saveScreenshot(page, "portfolio-report");

  // Provenance: enough to reproduce it.
  await expect(page.getByTestId("report-as-of")).toHaveText(asOf);
  await expect(page.getByTestId("report-engine-version")).toContainText("loan-replay");
  await expect(page.getByTestId("report-high-water-mark")).toContainText(/event #[\d,]+, recorded/);

  // One row per loan; the grand total counts them; every status row sums to it.
  const shown = await loanRows(page).count();
  expect(shown).toBeGreaterThan(0);
  await expect(page.getByTestId("report-loan-count")).toHaveText(String(shown));
  const statusCounts = await totals.locator("tbody tr td:nth-child(2)").allInnerTexts();
  expect(statusCounts.reduce((sum, n) => sum + Number(n), 0)).toBe(shown);

  // Sort by total outstanding, largest first (exact values, not the rounded text).
  const header = page
    .getByRole("table", { name: "Loans in the report" })
    .getByRole("columnheader", { name: /Total outstanding/ });
  await header.getByRole("button").click();
  await expect(header).toHaveAttribute("aria-sort", "ascending");
  await header.getByRole("button").click();
  await expect(header).toHaveAttribute("aria-sort", "descending");
  const outstanding = await loanRows(page)
    .locator("td:nth-child(7) [data-exact]")
    .evaluateAll((cells) => cells.map((c) => c.getAttribute("data-exact") ?? "0"));
  for (let i = 1; i < outstanding.length; i++) {
    expect(new Decimal(outstanding[i - 1]!).gte(outstanding[i]!)).toBe(true);
  }

  // Status filter: only that status, kept in the URL; then back to every loan.
  const firstStatus = await loanRows(page).first().locator("td:nth-child(3)").textContent();
  const statusValue = (firstStatus ?? "").trim().toLowerCase().replace(/ /g, "_");
  await page.getByLabel("Status", { exact: true }).selectOption(statusValue);
  await expect(page).toHaveURL(new RegExp(`status=${statusValue}`));
  await expect(
    loanRows(page)
      .locator("td:nth-child(3)")
      .filter({ hasNotText: (firstStatus ?? "").trim() }),
  ).toHaveCount(0);
  await page.getByLabel("Status", { exact: true }).selectOption("");
  await expect(loanRows(page)).toHaveCount(shown);

  // CSV of the same report: the header, then one line per loan shown.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`portfolio-report-${asOf}.csv`);
  const csv = await readFile(await download.path(), "utf8");
  const lines = csv.split("\r\n").filter((line) => line !== "");
  expect(lines[0]).toBe(CSV_HEADER);
  expect(lines.filter((line) => /^LN-\d{6},/.test(line))).toHaveLength(shown);
  expect(lines.at(-1)).toMatch(new RegExp(`^TOTAL all,${shown} loans,all,`));

  // File it: the saved copy opens, with the same figures.
  await page.getByRole("button", { name: "Save report" }).click();
  await expect(page).toHaveURL(/\/reports\/portfolio\/saved\/\d+$/, { timeout: 30_000 });
  const id = page.url().split("/").at(-1);
  await expect(page.getByRole("heading", { name: `Saved report #${id}` })).toBeVisible();
  await expect(page.getByTestId("report-as-of")).toHaveText(asOf);
  await expect(loanRows(page)).toHaveCount(shown);

  // It is in the saved list.
  await page.getByRole("link", { name: "Saved reports" }).first().click();
  const saved = page.getByRole("table", { name: "Saved reports" });
  const row = saved.getByRole("row").filter({ hasText: `Report #${id}` });
  await expect(row).toContainText(asOf);
  await expect(row).toContainText(`staff:${staffEmail("auditor")}`);

  // Re-open it and compare with now: nothing was recorded since, so nothing changed.
  await row.getByRole("link", { name: `Report #${id}` }).click();
  await page.getByRole("link", { name: "Compare with now" }).click();
  await expect(page).toHaveURL(/\?compare=1$/);
  await expect(page.getByTestId("comparison-summary")).toHaveText(
    "No figures have changed since this report was filed.",
    { timeout: 30_000 },
  );
  await expect(page.getByRole("table", { name: "Totals as filed and now" })).toBeVisible();
  await saveScreenshot(page, "saved-report-compared");

  // The filed copy downloads as filed.
  const filedDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const filed = await filedDownload;
  expect(filed.suggestedFilename()).toBe(`portfolio-report-${asOf}-filed-${id}.csv`);
  expect(await readFile(await filed.path(), "utf8")).toBe(csv);
});

test("a bad report link gives a readable message on the page and a 400 on the export", async ({
  page,
}) => {
  await page.goto("/reports/portfolio?asOf=2025-02-30&knownAt=tomorrow");
  const alert = page.getByRole("alert").filter({ hasText: "This report cannot be run" });
  await expect(alert).toContainText("The report date must be a real date as YYYY-MM-DD.");
  await expect(alert).toContainText("“As known at” must be an ISO instant");

  const response = await page.request.get("/reports/portfolio/export.csv?asOf=2025-13-01");
  expect(response.status()).toBe(400);
  expect(await response.text()).toContain("The report date must be a real date");
  expect((await page.request.get("/reports/portfolio/export.csv")).status()).toBe(400);
  expect((await page.request.get("/reports/portfolio/saved/999999")).status()).toBe(404);
});

test("an auditor downloads a loan's evidence bundle from the loan page", async ({ page }) => {
  await page.goto("/loans/LN-000002");
  await expect(page.getByRole("link", { name: "Download evidence" })).toBeVisible();
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download evidence" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`evidence-LN-000002-${todayUtc()}.json`);
  const bundle = JSON.parse(await readFile(await download.path(), "utf8"));
  expect(bundle.format).toBe("loan-replay/evidence/v1");
  expect(bundle.loan.loanNumber).toBe("LN-000002");
  expect(bundle.verification.status).toBe("verified");
  expect(bundle.events.length).toBeGreaterThan(10);
  expect(bundle.events.length).toBe(bundle.verification.events);
  for (const event of bundle.events) expect(event.hash).toMatch(/^[0-9a-f]{64}$/);

  const missing = await page.request.get("/loans/LN-999999/evidence.json?asOf=2025-01-01");
  expect(missing.status()).toBe(404);
  const bad = await page.request.get("/loans/LN-000002/evidence.json?asOf=2025-02-30");
  expect(bad.status()).toBe(400);
});
