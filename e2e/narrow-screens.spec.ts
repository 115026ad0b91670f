/**
 * A 390 px phone: no page scrolls sideways, the header keeps the signed-in
 * name and Sign out inside its dark bar (readable: axe color-contrast), the
 * audit filters and Apply are in reach, and every page starts with a
 * "Skip to content" link (signed in and not).
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { endOfLastQuarter, todayUtc } from "../lib/presentation/as-of-picks";
import { saveScreenshot } from "./helpers";

const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE });

/** Each page and what shows it is drawn (the report and the timeline arrive after the shell). */
const PAGES: { path: string; ready: (page: Page) => Promise<void> }[] = [
  {
    path: "/loans",
    ready: (page) => expect(page.getByRole("table", { name: "Loans" })).toBeVisible(),
  },
  {
    path: "/loans/LN-000002",
    ready: (page) => expect(page.getByRole("table", { name: "Event timeline" })).toBeVisible(),
  },
  {
    path: "/audit",
    ready: (page) => expect(page.getByRole("table", { name: "Audit events" })).toBeVisible(),
  },
  {
    path: `/reports/portfolio?asOf=${endOfLastQuarter(todayUtc())}`,
    ready: (page) =>
      expect(page.getByRole("table", { name: "Totals by status" })).toBeVisible({
        timeout: 30_000,
      }),
  },
  {
    path: "/admin/staff",
    ready: (page) => expect(page.getByRole("table", { name: "Staff accounts" })).toBeVisible(),
  },
];

function slug(path: string): string {
  return path
    .replace(/\?.*$/, "")
    .replace(/[^a-z0-9]+/gi, "-")
    .replace(/^-|-$/g, "");
}

async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0);
}

/** Tab once from the top: the skip link, shown; Enter moves the keyboard into the page's main. */
async function expectSkipLink(page: Page): Promise<void> {
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();
}

test("at 390 px no page scrolls sideways; the header's name and Sign out stay in the bar, readable", async ({
  page,
}) => {
  for (const { path, ready } of PAGES) {
    await page.goto(path);
    await ready(page);
    expect(
      await pageWidth(page),
      `${path} is ${await pageWidth(page)} px wide`,
    ).toBeLessThanOrEqual(PHONE.width);

    const bar = await page.locator("header.app-header").boundingBox();
    for (const part of [
      page.getByTestId("signed-in-as"),
      page.getByRole("button", { name: "Sign out" }),
    ]) {
      await expect(part).toBeVisible();
      const box = await part.boundingBox();
      expect(box && bar).toBeTruthy();
      if (!box || !bar) continue;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
      expect(box.y + box.height).toBeLessThanOrEqual(bar.y + bar.height);
    }
    const { violations } = await new AxeBuilder({ page })
      .include("header.app-header")
      .withRules(["color-contrast"])
      .analyze();
    expect(violations.map((v) => `${path}: ${v.id} ${v.nodes.length}`)).toEqual([]);

    await expectSkipLink(page);
    await saveScreenshot(page, `narrow-390-${slug(path)}`);
  }
});

test("at 390 px the audit filters and Apply are in reach and work", async ({ page }) => {
  await page.goto("/audit");
  const filters = page.getByRole("form", { name: "Audit log filters" });
  const filtersBox = await filters.boundingBox();
  expect((filtersBox?.x ?? 0) + (filtersBox?.width ?? 0)).toBeLessThanOrEqual(PHONE.width);
  await filters.getByRole("checkbox", { name: "Payment", exact: true }).check();
  const apply = filters.getByRole("button", { name: "Apply filters" });
  await apply.scrollIntoViewIfNeeded();
  await expect(apply).toBeInViewport({ ratio: 1 });
  const box = await apply.boundingBox();
  expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(PHONE.width);
  await apply.click();
  await expect(page).toHaveURL(/\/audit\?type=payment$/);
  expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
  await saveScreenshot(page, "narrow-390-audit-filtered");
});

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("the sign-in page fits 390 px and starts with the skip link", async ({ page }) => {
    await page.goto("/sign-in");
    await expect(page.getByRole("form", { name: "Sign in" })).toBeVisible();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await expectSkipLink(page);
    await saveScreenshot(page, "narrow-390-sign-in");
  });
});
