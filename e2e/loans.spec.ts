import { expect, test } from "@playwright/test";
import { fetchEvents } from "./helpers";

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

test("the timeline arrives a page at a time: scrolling fetches more, a jump opens a window, a month's accruals open", async ({
  page,
  request,
}) => {
  const events = await fetchEvents(request, "LN-000002");
  expect(events.length).toBeGreaterThan(300);
  await page.goto("/loans/LN-000002");
  const timeline = page.getByRole("table", { name: "Event timeline" });
  const rows = timeline.locator("tbody tr[data-sequence]");
  await expect(page.getByText(`${events.length} of ${events.length} events`)).toBeVisible();

  // Every event, ungrouped: the first page, then more as the reader scrolls to the end.
  await page.getByLabel("Group daily accruals by month").uncheck();
  await expect(rows.first()).toHaveAttribute("data-sequence", "1");
  const scroller = page.locator(".timeline-scroll");
  for (let i = 0; i < 6; i++) {
    await scroller.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await page.waitForTimeout(150);
  }
  // Past the first page (100 events): the later pages were fetched as it scrolled.
  await expect
    .poll(async () => Number(await rows.last().getAttribute("data-sequence")))
    .toBeGreaterThan(200);

  // A jump to an event far along: its row, at the top of a fresh window.
  const target = events[Math.floor(events.length * 0.8)]?.sequenceNumber as number;
  await page.getByLabel("Go to event #").fill(String(target));
  await page.getByRole("button", { name: "Go", exact: true }).click();
  const jumped = timeline.locator(`tr[data-sequence="${target}"]`);
  await expect(jumped).toBeVisible();
  await jumped.click();
  await expect(page).toHaveURL(new RegExp(`event=${target}`));
  await expect(page.getByRole("region", { name: new RegExp(`Event #${target} · `) })).toBeVisible();

  // Grouped again: a month's accruals open with their own events.
  await page.getByLabel("Group daily accruals by month").check();
  // Named by what it shows, then the month ("24 accruals in Mar 2025"); open or shut by aria-expanded.
  const month = /^\d+ accruals in [A-Z][a-z]+ \d{4}$/;
  const group = timeline.getByRole("button", { name: month, expanded: false }).first();
  await group.click();
  await expect(timeline.getByRole("button", { name: month, expanded: true })).toBeVisible();
  await expect(timeline.locator("tr.event-row.grouped").first()).toBeVisible();
});
