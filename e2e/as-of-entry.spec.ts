/**
 * The as-of date as people type it and as links carry it: a typed date is
 * replayed once, when complete (never the years 0002 or 0202 on the way); a
 * day that does not exist is said to be one, beside the field, and what was
 * typed stays.
 */
import { expect, type Page, type Request, test } from "@playwright/test";
import { endOfLastMonth, todayUtc } from "../lib/presentation/as-of-picks";
import { expectNoAxeViolations } from "./a11y";
import { signIn, staffEmail } from "./staff";

test.use({ storageState: { cookies: [], origins: [] } });
test.beforeEach(async ({ page }) => {
  await signIn(page, staffEmail("agent"));
});

const LOAN = "LN-000002";

/** The replays (server action calls carrying an as-of date) the page sends from now on. */
function replays(page: Page): string[] {
  const bodies: string[] = [];
  page.on("request", (request: Request) => {
    if (request.method() !== "POST" || !request.headers()["next-action"]) return;
    const body = request.postData() ?? "";
    // The Due panel's refresh for the new date carries payoffOn: it is not a replay of the balances.
    if (body.includes('"asOf"') && !body.includes('"payoffOn"')) bodies.push(body);
  });
  return bodies;
}

const picker = (page: Page) => page.getByRole("group", { name: "As of date" }).first();
const dateField = (page: Page) => page.getByLabel("As of date", { exact: true });

test("typing a date replays once, with the whole date", async ({ page }) => {
  await page.goto(`/loans/${LOAN}?asOf=2025-01-15`);
  await expect(page.getByRole("heading", { name: "Balances as of 2025-01-15" })).toBeVisible();
  const sent = replays(page);
  await dateField(page).focus();
  await page.keyboard.type("03312025", { delay: 120 });
  await expect(page.getByRole("heading", { name: "Balances as of 2025-03-31" })).toBeVisible();
  await expect(page).toHaveURL(/asOf=2025-03-31/);
  await page.waitForTimeout(1000);
  expect(sent).toHaveLength(1);
  expect(sent[0]).toContain('"asOf":"2025-03-31"');

  // Leaving the field, or Enter, does not replay the same date again.
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await page.waitForTimeout(700);
  expect(sent).toHaveLength(1);

  // A quick pick is used at once; the field follows it.
  const lastMonth = endOfLastMonth(todayUtc());
  await picker(page).getByRole("button", { name: "End of last month" }).click();
  await expect(page.getByRole("heading", { name: `Balances as of ${lastMonth}` })).toBeVisible();
  await expect(dateField(page)).toHaveValue(lastMonth);
  expect(sent).toHaveLength(2);
});

test("a day that does not exist is said to be one, and what was typed stays", async ({ page }) => {
  await page.goto(`/loans/${LOAN}?asOf=2025-01-15`);
  await expect(page.getByRole("heading", { name: "Balances as of 2025-01-15" })).toBeVisible();
  const sent = replays(page);
  await dateField(page).focus();
  await page.keyboard.type("02302025", { delay: 50 });
  // Leaving the field (Tab from the year goes to the field's own calendar button first).
  await page.getByRole("heading", { name: "Balances as of 2025-01-15" }).click();
  const alert = picker(page).getByRole("alert");
  await expect(alert).toContainText("That is not a real date");
  await expect(alert).toContainText("Still showing 2025-01-15.");
  await expect(alert).not.toContainText("payment");
  await expect(dateField(page)).toHaveAttribute("aria-invalid", "true");
  await expect(dateField(page)).toHaveAccessibleDescription(/That is not a real date/);
  // The typed parts are still in the field (the browser holds them; its value is empty).
  expect(await dateField(page).evaluate((el: HTMLInputElement) => el.validity.badInput)).toBe(true);
  await expect(page.getByRole("heading", { name: "Balances as of 2025-01-15" })).toBeVisible();
  expect(sent).toHaveLength(0);
  await expectNoAxeViolations(page, ".as-of-picker");

  // Corrected: the message goes, the date is used.
  await dateField(page).fill("2025-02-28");
  await expect(page.getByRole("heading", { name: "Balances as of 2025-02-28" })).toBeVisible();
  await expect(picker(page).getByRole("alert")).toHaveCount(0);
  expect(sent).toHaveLength(1);
});

test("a year left short is not used", async ({ page }) => {
  await page.goto(`/loans/${LOAN}?asOf=2025-01-15`);
  await expect(page.getByRole("heading", { name: "Balances as of 2025-01-15" })).toBeVisible();
  const sent = replays(page);
  await dateField(page).focus();
  await page.keyboard.type("0331202", { delay: 50 });
  await page.waitForTimeout(1200);
  expect(sent).toHaveLength(0);
  await page.keyboard.press("Enter");
  await expect(picker(page).getByRole("alert")).toContainText(
    "Enter the year in full, with four digits.",
  );
  expect(sent).toHaveLength(0);
});
