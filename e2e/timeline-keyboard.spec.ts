/**
 * The loan page's timeline for the keyboard and screen readers: a month's
 * accrual button is named by what it shows (axe label-content-name-mismatch),
 * rows are plain table rows whose way in is the button on their sequence
 * number, and Escape closes the event detail, back to the event's row.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { saveScreenshot } from "./helpers";

const LOAN = "LN-000002";

test("accrual groups are named by their visible text; no label-content-name-mismatch", async ({
  page,
}) => {
  await page.goto(`/loans/${LOAN}`);
  const timeline = page.getByRole("table", { name: "Event timeline" });
  const groups = timeline.getByRole("button", { name: /^\d+ accruals in [A-Z][a-z]+ \d{4}$/ });
  await expect(groups.first()).toBeVisible();
  for (const button of (await groups.all()).slice(0, 5)) {
    // What is shown: the text without the arrow (aria-hidden) and the visually hidden month.
    const visible = await button.evaluate((el) =>
      [...el.childNodes]
        .filter((n) => !(n instanceof HTMLElement && n.matches(".visually-hidden, [aria-hidden]")))
        .map((n) => n.textContent)
        .join("")
        .replace(/\s+/g, " ")
        .trim(),
    );
    expect(visible).toMatch(/^\d+ accruals$/);
    // The spoken name starts with what is shown, then the month.
    await expect(button).toHaveAccessibleName(new RegExp(`^${visible} in [A-Z][a-z]+ \\d{4}$`));
    await expect(button).toHaveAttribute("aria-expanded", "false");
  }
  const { violations } = await new AxeBuilder({ page })
    .withRules(["label-content-name-mismatch", "aria-allowed-attr", "nested-interactive"])
    .analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
});

test("rows are not tab stops; the sequence button opens the detail, Escape closes it", async ({
  page,
}) => {
  await page.goto(`/loans/${LOAN}`);
  const timeline = page.getByRole("table", { name: "Event timeline" });
  const row = timeline.locator('tr[data-sequence="2"]');
  await expect(row).toBeVisible();
  // A plain row (no tabindex, no widget role); its button is the keyboard's way in.
  expect(await timeline.locator("tr[tabindex]").count()).toBe(0);
  expect(await row.getAttribute("role")).toBeNull();
  const open = row.getByRole("button", { name: /^#2 Disbursement, effective \d{4}-\d{2}-\d{2}$/ });
  await open.focus();
  await page.keyboard.press("Enter");
  const detail = page.getByRole("region", { name: "Event #2 · Disbursement" });
  // Replayed on the server: allow for a busy machine.
  await expect(detail).toBeVisible({ timeout: 20_000 });
  await expect(page).toHaveURL(/[?&]event=2/);
  await expect(open).toHaveAttribute("aria-current", "true");
  await saveScreenshot(page, "timeline-detail-open");

  // Escape from the timeline closes it.
  await open.focus();
  await page.keyboard.press("Escape");
  await expect(detail).toHaveCount(0);
  await expect(page).not.toHaveURL(/[?&]event=/);

  // Escape from inside the detail closes it and puts the keyboard back on the row.
  await page.keyboard.press("Enter");
  await expect(detail).toBeVisible({ timeout: 20_000 });
  await detail.getByRole("button", { name: "Close" }).focus();
  await page.keyboard.press("Escape");
  await expect(detail).toHaveCount(0);
  await expect(open).toBeFocused();

  // A click anywhere on a row still opens it; Escape with nothing focused closes it.
  await timeline.locator('tr[data-sequence="1"]').locator("td").nth(4).click();
  const origination = page.getByRole("region", { name: "Event #1 · Origination" });
  await expect(origination).toBeVisible({ timeout: 20_000 });
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press("Escape");
  await expect(origination).toHaveCount(0);
});
