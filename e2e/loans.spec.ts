import { expect, test } from "@playwright/test";

test("the loans list shows the demo portfolio and opens a loan's events", async ({ page }) => {
  await page.goto("/loans");
  await expect(page.getByRole("heading", { name: "Loans" })).toBeVisible();
  const table = page.getByRole("table", { name: "Loans" });
  await expect(table.getByRole("row")).toHaveCount(9); // header + 8 demo loans
  await table.getByRole("link", { name: "LN-000002" }).click();

  await expect(page).toHaveURL(/\/loans\/LN-000002$/);
  await expect(page.getByRole("heading", { name: /LN-000002/ })).toBeVisible();
  const events = page.getByRole("table", { name: "Events" });
  await expect(events.getByRole("row").nth(1)).toContainText("origination");
  await expect(events.getByRole("row").nth(2)).toContainText("disbursement");
});

test("an unknown loan number says so", async ({ page }) => {
  const response = await page.goto("/loans/LN-999999");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Loan not found" })).toBeVisible();
});
