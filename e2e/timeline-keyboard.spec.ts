/**
 * The loan page's timeline for the keyboard and screen readers: a month's
 * accrual button is named by what it shows (axe label-content-name-mismatch).
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

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
