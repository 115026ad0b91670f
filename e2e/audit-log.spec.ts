import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import { expectNoAxeViolations } from "./a11y";

const CSV_HEADER =
  "loan_number,sequence_number,event_type,effective_date,recorded_at,recorded_by,amount,summary,event_data,hash";

function typeCells(page: Page) {
  return page.getByRole("table", { name: "Audit events" }).locator("tbody tr td:nth-child(3)");
}

function firstRow(page: Page) {
  return page.getByRole("table", { name: "Audit events" }).locator("tbody tr").first();
}

test("an auditor filters the log to payments, pages, verifies the chains and exports", async ({
  page,
}) => {
  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Audit events" }).locator("tbody tr")).toHaveCount(
    50,
  );
  await expect(page.getByText(/^[\d,]+ events match$/)).toBeVisible();

  // Filter to payments: the URL carries the filter, the table shows only payments.
  await page.getByRole("checkbox", { name: "Payment", exact: true }).check();
  await page.getByRole("button", { name: "Apply filters" }).click();
  // The first filtered page reads the whole book: give a loaded machine time.
  await expect(page).toHaveURL(/\/audit\?type=payment$/, { timeout: 20_000 });
  await expect(typeCells(page).filter({ hasNotText: /^Payment$/ })).toHaveCount(0);
  await expect(typeCells(page)).toHaveCount(50);
  await expect(page.getByRole("button", { name: "Previous page" })).toBeDisabled();

  // Page forward and back with the keyset cursors.
  const firstOnPageOne = (await firstRow(page).textContent()) ?? "";
  await page.getByRole("button", { name: "Next page" }).click();
  await expect(page).toHaveURL(/[?&]after=\d+/);
  await expect(firstRow(page)).not.toHaveText(firstOnPageOne);
  await expect(typeCells(page).filter({ hasNotText: /^Payment$/ })).toHaveCount(0);
  await page.getByRole("button", { name: "Previous page" }).click();
  await expect(page).toHaveURL(/[?&]before=\d+/);
  await expect(firstRow(page)).toHaveText(firstOnPageOne);
  await expect(page.getByRole("button", { name: "Previous page" })).toBeDisabled();

  // Chain of custody for the whole book.
  await page.getByRole("button", { name: "Verify chains" }).click();
  await expect(page.getByTestId("chain-summary")).toContainText("All 16 loans verified", {
    timeout: 30_000,
  });
  const report = page.getByRole("table", { name: "Chain verification by loan" });
  await expect(report.locator("tbody tr")).toHaveCount(16);
  await expect(report.locator("tbody tr").filter({ hasNotText: "verified" })).toHaveCount(0);
  // Compared with the signed checkpoint the nightly batch takes after the demo seed (issue 14;
  // it may not have finished yet when the suite starts).
  await expect(page.getByTestId("chain-checkpoint")).toContainText(
    /Compared with the signed checkpoint of .* UTC \(key [0-9a-f]{16}, 16 loans\)|No checkpoint taken yet/,
  );
  await expect(page.getByTestId("cache-problems")).toHaveCount(0);
  await expectNoAxeViolations(page);

  // CSV of the filtered rows.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile(await download.path(), "utf8");
  const lines = csv.split("\r\n").filter((line) => line !== "");
  expect(lines[0]).toBe(CSV_HEADER);
  expect(lines.length).toBeGreaterThan(50);
  for (const line of lines.slice(1))
    expect(line).toMatch(/^LN-\d{6},\d+,payment,\d{4}-\d{2}-\d{2},/);
});

test("a bad link gives a readable message on the page and a 400 on the export", async ({
  page,
}) => {
  await page.goto("/audit?from=2025-02-30&type=refund");
  const alert = page.getByRole("alert").filter({ hasText: "These filters cannot be used" });
  await expect(alert).toContainText("The start date must be a real date as YYYY-MM-DD.");
  await expect(alert).toContainText('Unknown event type "refund"');
  await alert.getByRole("link", { name: "Clear the filters" }).click();
  await expect(page.getByRole("table", { name: "Audit events" })).toBeVisible();

  const response = await page.request.get("/audit/export.csv?from=2025-02-30");
  expect(response.status()).toBe(400);
  expect(await response.text()).toContain("The start date must be a real date");
});

test("an auditor filters to one event type and a date range, exports it and verifies the chains", async ({
  page,
}) => {
  const year = new Date().getUTCFullYear() - 1;
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  await page.goto("/audit");
  await page.getByRole("checkbox", { name: "Fee assessed", exact: true }).check();
  await page.getByLabel("From", { exact: true }).fill(from);
  await page.getByLabel("To", { exact: true }).fill(to);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`/audit\\?from=${from}&to=${to}&type=fee_assessment$`));

  // Only fee assessments effective in the range, however many pages.
  const summary = page.getByText(/^[\d,]+ events? match(es)?$/);
  await expect(summary).toBeVisible();
  const matching = Number(((await summary.textContent()) ?? "").replace(/[^\d]/g, ""));
  expect(matching).toBeGreaterThan(0);
  await expect(typeCells(page).filter({ hasNotText: /^Fee assessed$/ })).toHaveCount(0);
  const effective = await page
    .getByRole("table", { name: "Audit events" })
    .locator("tbody tr td:nth-child(4)")
    .allInnerTexts();
  for (const date of effective) {
    expect(date >= from && date <= to).toBe(true);
  }

  // The export has exactly the filtered rows.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const download = await downloading;
  const csv = await readFile(await download.path(), "utf8");
  const lines = csv.split("\r\n").filter((line) => line !== "");
  expect(lines[0]).toBe(CSV_HEADER);
  expect(lines).toHaveLength(1 + matching);
  for (const line of lines.slice(1)) {
    const [, , type, date] = line.split(",");
    expect(type).toBe("fee_assessment");
    expect(date! >= from && date! <= to).toBe(true);
  }

  // Chain of custody still verifies for the whole book.
  await page.getByRole("button", { name: "Verify chains" }).click();
  await expect(page.getByTestId("chain-summary")).toContainText("All 16 loans verified", {
    timeout: 30_000,
  });
});
