import { expect, type Page, test } from "@playwright/test";
import { bucketFor, DELINQUENCY_BUCKETS } from "../lib/due/buckets";
import { endOfLastQuarter, todayUtc } from "../lib/presentation/as-of-picks";
import { expectNoAxeViolations } from "./a11y";
import { saveScreenshot } from "./helpers";
import { signIn, staffEmail } from "./staff";

test.use({ storageState: { cookies: [], origins: [] } });

const BUCKET_ROWS = [
  "Current",
  "1-29 days past due",
  "30-59 days past due",
  "60-89 days past due",
  "90-119 days past due",
  "120+ days past due",
];

function loanRows(page: Page) {
  return page.getByRole("table", { name: "Loans in the report" }).locator("tbody tr");
}

test("an auditor reads the aging table in a saved report", async ({ page }) => {
  await signIn(page, staffEmail("auditor"));
  const asOf = endOfLastQuarter(todayUtc());
  await page.goto(`/reports/portfolio?asOf=${asOf}`);
  await expect(page.getByRole("table", { name: "Totals by status" })).toBeVisible({
    timeout: 30_000,
  });
  await page.getByRole("button", { name: "Save report" }).click();
  await expect(page).toHaveURL(/\/reports\/portfolio\/saved\/\d+$/, { timeout: 30_000 });

  // The filed copy has the aging table: one row per bucket, then all open loans.
  await expect(page.getByRole("heading", { name: "Aging" })).toBeVisible();
  const aging = page.getByRole("table", { name: "Aging by days past due" });
  await expect(aging.locator("tbody th")).toHaveText(BUCKET_ROWS);
  const counts = (await aging.locator("tbody td:nth-child(2)").allInnerTexts()).map((n) =>
    Number(n.replace(/,/g, "")),
  );
  const open = aging.locator('tfoot tr[data-bucket="all"] td').first();
  expect(Number(((await open.textContent()) ?? "").replace(/,/g, ""))).toBe(
    counts.reduce((a, b) => a + b, 0),
  );

  // Open loans are the active and in-forbearance rows of the totals by status.
  const totals = page.getByRole("table", { name: "Totals by status" });
  let openByStatus = 0;
  for (const status of ["active", "forbearance"]) {
    const row = totals.locator(`tr[data-status="${status}"] td:nth-child(2)`);
    if ((await row.count()) > 0)
      openByStatus += Number(((await row.textContent()) ?? "").replace(/,/g, ""));
  }
  expect(counts.reduce((a, b) => a + b, 0)).toBe(openByStatus);

  // Each bucket counts the open loans whose days past due (the loans table's last column) fall in it.
  const loans = await loanRows(page).evaluateAll((rows) =>
    rows.map((r) => ({
      status: r.querySelector("td:nth-child(3)")?.textContent?.trim() ?? "",
      days: Number((r.querySelector("td:nth-child(10)")?.textContent ?? "").replace(/,/g, "")),
    })),
  );
  const expected = DELINQUENCY_BUCKETS.map(
    (b) =>
      loans.filter(
        (l) => (l.status === "Active" || l.status === "Forbearance") && bucketFor(l.days) === b,
      ).length,
  );
  expect(counts).toEqual(expected);
  await saveScreenshot(page, "saved-report-aging");
  await expectNoAxeViolations(page, "table[aria-label='Aging by days past due']");
});

test("a support agent finds the loans 30-59 days past due, most overdue first", async ({
  page,
}) => {
  await signIn(page, staffEmail("agent"));
  await page.goto("/loans");
  const table = page.getByRole("table", { name: "Loans" });
  await expect(table.getByRole("columnheader", { name: /Days past due/ })).toBeVisible();
  await page.getByLabel("Delinquency").selectOption("30-59");
  await expect(page).toHaveURL(/bucket=30-59/);
  const header = table.getByRole("columnheader", { name: /Days past due/ });
  await header.getByRole("button").click();
  // The first sort has to land before the second click, or that click goes to the page being replaced.
  await expect(header).toHaveAttribute("aria-sort", "ascending");
  await header.getByRole("button").click();
  await expect(header).toHaveAttribute("aria-sort", "descending");
  const days = (await table
    .locator("tbody [data-days-past-due]")
    .evaluateAll((cells) =>
      cells.map((c) => Number(c.getAttribute("data-days-past-due"))),
    )) as number[];
  for (const d of days) expect(bucketFor(d)).toBe("30-59");
  for (let i = 1; i < days.length; i++) expect(days[i - 1]).toBeGreaterThanOrEqual(days[i] ?? 0);
  await expectNoAxeViolations(page, ".toolbar");
});
