/**
 * "Compare with now" on a saved report, as the auditor: progress shows at
 * once while the book is re-run (and the saved report's progress route
 * answers from the database), and the events recorded after the filing list
 * daily accruals one line per month, as the loan page groups them.
 */
import { expect, test } from "@playwright/test";
import { addDays } from "../lib/dates";
import { endOfLastQuarter, todayUtc } from "../lib/presentation/as-of-picks";
import { expectNoAxeViolations } from "./a11y";
import { saveScreenshot } from "./helpers";
import { signIn, staffEmail } from "./staff";

test.use({ storageState: { cookies: [], origins: [] } });
test.beforeEach(async ({ page }) => {
  await signIn(page, staffEmail("auditor"));
});

test("compare with now shows its progress, then late accruals grouped by month", async ({
  page,
}) => {
  test.setTimeout(120_000);
  // Filed as known 40 days before the quarter end: every accrual since (the demo records
  // each on its own day) is recorded after the filing, effective on or before its date.
  const asOf = endOfLastQuarter(todayUtc());
  const knownAt = `${addDays(asOf, -40)}T00:00:00.000Z`;
  await page.goto(`/reports/portfolio?asOf=${asOf}&knownAt=${encodeURIComponent(knownAt)}`);
  await expect(page.getByRole("table", { name: "Totals by status" })).toBeVisible({
    timeout: 30_000,
  });
  await page.getByRole("button", { name: "Save report" }).click();
  await expect(page).toHaveURL(/\/reports\/portfolio\/saved\/\d+$/, { timeout: 30_000 });
  const id = page.url().split("/").at(-1);

  // The progress route: nothing running yet; only for staff who run reports.
  const progressUrl = `/reports/portfolio/saved/${id}/progress`;
  const idle = await page.request.get(progressUrl);
  expect(idle.status()).toBe(200);
  expect(await idle.json()).toBeNull();

  // While it runs: the indicator at once, and the route answers with loans replayed.
  const seen: ({ done: number; total: number } | null)[] = [];
  let running = true;
  const polling = (async () => {
    while (running) {
      const response = await page.request.get(progressUrl);
      expect(response.status()).toBe(200);
      seen.push(await response.json());
    }
  })();
  // On a small book the indicator may show for well under a second: record what appears.
  await page.evaluate(() => {
    const w = window as unknown as { shown: string[] };
    w.shown = [];
    new MutationObserver(() => {
      for (const el of document.querySelectorAll("[role=status]")) {
        const text = el.textContent?.trim() ?? "";
        if (text && !w.shown.includes(text)) w.shown.push(text);
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  await page.getByRole("link", { name: "Compare with now" }).click();
  const progress = page.getByTestId("report-progress");
  const summary = page.getByTestId("comparison-summary");
  await expect(summary).toContainText(/figures have changed since this report was filed/, {
    timeout: 60_000,
  });
  running = false;
  await polling;
  await expect(progress).toHaveCount(0);
  // Feedback from the click on: the link's own "Starting…", then the streamed indicator
  // (React may skip the indicator when the re-run is over within a moment, as on this small book).
  const shown = await page.evaluate(() => (window as unknown as { shown: string[] }).shown);
  expect(
    shown.some((t) => t.includes("Starting the comparison") || t.includes("Re-running the report")),
  ).toBe(true);
  // Opened as a page, the indicator is streamed first and the comparison after it.
  const html = await (await page.request.get(`/reports/portfolio/saved/${id}?compare=1`)).text();
  const indicator = html.indexOf(`Re-running the report as of ${asOf}`);
  expect(indicator).toBeGreaterThan(-1);
  expect(html.indexOf('data-testid="comparison-summary"')).toBeGreaterThan(indicator);
  for (const p of seen) {
    if (p) expect(p.done).toBeLessThanOrEqual(p.total);
  }
  expect(await (await page.request.get(progressUrl)).json()).toBeNull();

  // Late accruals: one line per month per loan, each linking to the loan page at its first.
  const lists = page.locator('ul[aria-label^="Backdated events on"]');
  expect(await lists.count()).toBeGreaterThan(0);
  const months = page.locator("li[data-accrual-month]");
  expect(await months.count()).toBeGreaterThan(0);
  await expect(months.first()).toHaveText(
    /^\d+ interest accruals, [A-Z][a-z]+ \d{4} \(#\d+–\d+\) effective \d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}, recorded /,
  );
  const first = months.first().getByRole("link");
  await expect(first).toHaveAttribute("href", new RegExp(`\\?asOf=${asOf}&event=\\d+$`));
  // A 40-day window: some 40 accruals per loan, said in a handful of lines (a run of a month's
  // accruals is split only where another late event, a payment say, falls between them).
  let mostAccruals = 0;
  for (const list of await lists.all()) {
    const counts = await list
      .locator("li[data-accrual-month]")
      .evaluateAll((items) =>
        items.map((li) => Number(/^(\d+) interest accruals/.exec(li.textContent ?? "")?.[1])),
      );
    mostAccruals = Math.max(
      mostAccruals,
      counts.reduce((a, b) => a + b, 0),
    );
    expect(await list.locator("li").count()).toBeLessThanOrEqual(15);
  }
  expect(mostAccruals).toBeGreaterThanOrEqual(30);
  await expectNoAxeViolations(page, "main");
  await saveScreenshot(page, "compare-with-now-1440");

  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.scrollingElement?.scrollWidth)).toBeLessThanOrEqual(
    390,
  );
  await saveScreenshot(page, "compare-with-now-390");
});
