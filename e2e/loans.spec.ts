import { expect, test } from "@playwright/test";

test("the loans list shows the portfolio and opens a loan's timeline", async ({ page }) => {
  await page.goto("/loans");
  await expect(page.getByRole("heading", { name: "Loans" })).toBeVisible();
  const table = page.getByRole("table", { name: "Loans" });
  expect(await table.getByRole("row").count()).toBeGreaterThanOrEqual(9); // header + 8 profiles
  await table.getByRole("link", { name: "LN-000002" }).click();

  await expect(page).toHaveURL(/\/loans\/LN-000002\?asOf=\d{4}-\d{2}-\d{2}$/);
  await expect(page.getByRole("heading", { name: /LN-000002/ })).toBeVisible();
  const events = page.getByRole("table", { name: "Event timeline" });
  await expect(events.getByRole("row").nth(1)).toContainText("Origination");
  await expect(events.getByRole("row").nth(2)).toContainText("Disbursement");
});

test("the loans list sorts, filters by status and keeps it all in the URL", async ({ page }) => {
  await page.goto("/loans");
  const table = page.getByRole("table", { name: "Loans" });
  await table.getByRole("button", { name: /Total outstanding/ }).click();
  await expect(page).toHaveURL(/sort=totalOutstanding&dir=asc/);
  await page.getByLabel("Status").selectOption("charged_off");
  await expect(page).toHaveURL(/status=charged_off/);
  await expect(table.getByRole("row").nth(1)).toContainText("Charged off");
  await expect(table.getByRole("row").nth(1)).toContainText("LN-000007");
});

test("an unknown loan number says so", async ({ page }) => {
  const response = await page.goto("/loans/LN-999999");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Loan not found" })).toBeVisible();
});
