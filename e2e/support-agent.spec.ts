import { expect, test } from "@playwright/test";
import { formatCurrency } from "../lib/presentation/format";
import { replay } from "../lib/replay/replay";
import { exactFigure, fetchEvents, saveScreenshot } from "./helpers";
import { ADMIN_STATE, signIn, staffEmail } from "./staff";

// The support agent persona, signed in as the demo agent (view_loans only).
test.use({ storageState: { cookies: [], origins: [] } });
test.beforeEach(async ({ page }) => {
  await signIn(page, staffEmail("agent"));
  await expect(page.getByTestId("signed-in-as")).toContainText("Support agent");
});

test("support agent: finds a loan by borrower, sets a past as-of date, reads the engine's figures", async ({
  page,
  browser,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/loans");
  const table = page.getByRole("table", { name: "Loans" });
  const row = table.getByRole("row").filter({ hasText: "LN-000001" });
  const borrower = ((await row.getByRole("cell").nth(1).textContent()) ?? "").trim();
  expect(borrower.length).toBeGreaterThan(3);

  await page.getByLabel("Search loans").fill(borrower);
  await expect(page).toHaveURL(/[?&]q=/);
  const matches = table.getByRole("row").filter({ hasText: borrower });
  await expect(matches.first()).toBeVisible();
  await expect(table.getByRole("row")).toHaveCount((await matches.count()) + 1);

  await matches.filter({ hasText: "LN-000001" }).click(); // the row opens the loan
  await expect(page).toHaveURL(/\/loans\/LN-000001/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(borrower);

  // A past date from the middle of the loan's life. The agent may not download
  // events.json: the expected figures are read with the administrator's session.
  const admin = await browser.newContext({ storageState: ADMIN_STATE });
  const events = await fetchEvents(admin.request, "LN-000001");
  await admin.close();
  const asOf = events[Math.floor(events.length / 2)]?.effectiveDate as string;
  const expected = replay(events, asOf).state;

  await page.evaluate(() => {
    (window as unknown as { notReloaded: boolean }).notReloaded = true;
  });
  await page.getByLabel("As of date").fill(asOf);
  await expect(page).toHaveURL(new RegExp(`asOf=${asOf}`));
  await expect(page.getByRole("heading", { name: `Balances as of ${asOf}` })).toBeVisible();
  await expect(page.getByTestId("figure-principal")).toHaveText(formatCurrency(expected.principal));
  await expect(page.getByTestId("figure-totalOutstanding")).toHaveText(
    formatCurrency(expected.totalOutstanding),
  );
  expect(await exactFigure(page, "figure-principal")).toBe(expected.principal);
  expect(await exactFigure(page, "figure-totalOutstanding")).toBe(expected.totalOutstanding);
  expect(await exactFigure(page, "figure-interest")).toBe(expected.interest);
  // Replayed through the server action: no full page load.
  expect(
    await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
  ).toBe(true);

  // The URL is shareable: opening it shows the same figures.
  await page.goto(page.url());
  await expect(page.getByTestId("figure-principal")).toHaveText(formatCurrency(expected.principal));
  await saveScreenshot(page, "support-agent-loan-page");
});
