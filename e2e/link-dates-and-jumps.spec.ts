/**
 * Dates and events asked for that cannot be shown as asked: a link's date
 * that is not a real date is named, with what is shown instead; the dispute
 * step-through's "Jump to date" after every event lands on the last one (not
 * event #1), and an event not known "as known at" says so instead of
 * silently showing another.
 */
import { expect, test } from "@playwright/test";
import { todayUtc } from "../lib/presentation/as-of-picks";
import { expectNoAxeViolations } from "./a11y";
import { fetchEvents } from "./helpers";
import { ADMIN_STATE, signIn, staffEmail } from "./staff";

test.use({ storageState: { cookies: [], origins: [] } });
test.beforeEach(async ({ page }) => {
  await signIn(page, staffEmail("reviewer"));
});

const LOAN = "LN-000002";

test("Jump to date after the last event goes to the last event", async ({ page }) => {
  await page.goto(`/loans/${LOAN}/review`);
  const heading = page.getByRole("heading", { level: 2 }).first();
  await expect(heading).toContainText("(1 of ");
  const count = Number(/\(1 of ([\d,]+)\)/.exec((await heading.textContent()) ?? "")?.[1]);
  expect(count).toBeGreaterThan(10);

  await page.getByLabel("Jump to date").focus();
  await page.keyboard.type("12312099", { delay: 50 });
  await page.keyboard.press("Enter");
  await expect(heading).toContainText(`(${count} of ${count})`);
  await expect(page.getByTestId("step-notice")).toContainText(
    "No event is effective on or after 2099-12-31. Showing the last event before it",
  );

  // A date inside the history still goes to the first event on or after it.
  await page.getByLabel("Jump to date").fill("2024-06-01");
  await page.getByLabel("Jump to date").press("Enter");
  await expect(page.getByText(/^Effective 2024-06-01 · recorded/)).toBeVisible();
  await expect(page.getByTestId("step-notice")).toHaveCount(0);
});

test("at=N before N was recorded says N was not known then", async ({ page, browser }) => {
  // The events export is an auditor's (the reviewer may not download it).
  const admin = await browser.newContext({ storageState: ADMIN_STATE });
  const events = await fetchEvents(admin.request, LOAN);
  await admin.close();
  const payment = events.filter((e) => e.eventType === "payment")[3];
  if (!payment?.recordedAt) throw new Error("no payment");
  const knownAt = new Date(Date.parse(payment.recordedAt) - 60_000)
    .toISOString()
    .replace(".000", "");
  await page.goto(
    `/loans/${LOAN}/review?at=${payment.sequenceNumber}&knownAt=${encodeURIComponent(knownAt)}`,
  );
  const notice = page.getByTestId("step-notice");
  await expect(notice).toContainText(`Event #${payment.sequenceNumber} (Payment) was not known at`);
  await expect(notice).toContainText("it was recorded");
  const heading = page.getByRole("heading", { level: 2 }).first();
  await expect(heading).not.toContainText(`Event #${payment.sequenceNumber} ·`);
  const shown = Number(/Event #(\d+)/.exec((await heading.textContent()) ?? "")?.[1]);
  await expect(notice).toContainText(`Showing event #${shown}`);

  // Without the cut-off it is there, and nothing needs saying.
  await page.goto(`/loans/${LOAN}/review?at=${payment.sequenceNumber}`);
  await expect(heading).toContainText(`Event #${payment.sequenceNumber} · Payment`);
  await expect(notice).toHaveCount(0);

  // The same from the page's own "Jump to event #" with the cut-off on.
  await page.goto(`/loans/${LOAN}/review?knownAt=${encodeURIComponent(knownAt)}`);
  await page.getByLabel("Jump to event #").fill(String(payment.sequenceNumber));
  await page.getByRole("button", { name: "Go" }).click();
  await expect(notice).toContainText(`Event #${payment.sequenceNumber} (Payment) was not known at`);
});

test("a review link's impossible dates are named", async ({ page }) => {
  await page.goto(`/loans/${LOAN}/review?asOf=2025-02-30&from=2025-13-01`);
  const problems = page.getByTestId("link-problems");
  await expect(problems).toContainText("“2025-02-30” is not a real date");
  await expect(problems).toContainText("“2025-13-01” is not a real date");
});

test("a link's impossible date is named, and the page says what it shows instead", async ({
  page,
}) => {
  const today = todayUtc();
  await page.goto(`/loans/${LOAN}?asOf=2025-02-30`);
  const notice = page.getByTestId("link-problems");
  await expect(notice).toContainText("“2025-02-30” is not a real date");
  await expect(notice).toContainText(`shows today, ${today}, instead`);
  await expect(page.getByRole("heading", { name: `Balances as of ${today}` })).toBeVisible();
  await expectNoAxeViolations(page, "[data-testid='link-problems']");
  // Choosing a date of one's own answers it.
  await page
    .getByRole("group", { name: "As of date" })
    .first()
    .getByRole("button", { name: "End of last month" })
    .click();
  await expect(notice).toHaveCount(0);

  await page.goto("/loans?asOf=2025-02-30");
  await expect(page.getByTestId("link-problems")).toContainText("“2025-02-30” is not a real date");
});
