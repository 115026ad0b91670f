/** The audit page as an auditor reads it: chain verification above the events, money headers over their figures. */
import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./a11y";
import { signIn, staffEmail } from "./staff";

test.use({ storageState: { cookies: [], origins: [] } });

test("chain verification comes before the table; the Amount header is aligned with its figures", async ({
  page,
}) => {
  await signIn(page, staffEmail("auditor"));
  await page.goto("/audit");
  const chain = page.getByRole("region", { name: "Chain of custody" });
  const table = page.getByRole("table", { name: "Audit events" });
  await expect(chain).toBeVisible();
  await expect(table).toBeVisible();
  const chainBox = await chain.boundingBox();
  const tableBox = await table.boundingBox();
  expect(chainBox && tableBox && chainBox.y + chainBox.height <= tableBox.y).toBe(true);
  // In reading order too, not only on screen.
  expect(
    await chain.evaluate(
      (c, t) => Boolean(t && c.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING),
      await table.elementHandle(),
    ),
  ).toBe(true);

  const header = table.getByRole("columnheader", { name: "Amount" });
  await expect(header).toHaveCSS("text-align", "right");
  const cell = table.locator("tbody tr").first().locator("td").nth(6);
  await expect(cell).toHaveCSS("text-align", "right");
  // Their right edges line up.
  const h = await header.boundingBox();
  const c = await cell.boundingBox();
  expect(h && c && Math.abs(h.x + h.width - (c.x + c.width)) < 1).toBe(true);
  const headerText = await header.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return range.getBoundingClientRect().right;
  });
  const figureText = await cell
    .locator(".money")
    .first()
    .evaluate((el) => el.getBoundingClientRect().right);
  expect(Math.abs(headerText - figureText)).toBeLessThan(2);
  await expectNoAxeViolations(page, "main");
});
