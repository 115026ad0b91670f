/**
 * axe-core (WCAG 2.1 A and AA) on every page of the console at 1440, 1024 and
 * 390 px, whole page, zero violations; at 390 px no page scrolls sideways.
 * One test per page, looping over the widths.
 */
import { expect, type Page, test } from "@playwright/test";
import { endOfLastQuarter, todayUtc } from "../lib/presentation/as-of-picks";
import { expectNoAxeViolations } from "./a11y";
import { saveScreenshot } from "./helpers";
import { signIn, staffEmail } from "./staff";

const WIDTHS = [1440, 1024, 390] as const;
const QUARTER_END = endOfLastQuarter(todayUtc());

interface PageCase {
  name: string;
  /** The URL, or how to find it (a saved report must exist first). */
  path: string | ((page: Page) => Promise<string>);
  /** What shows the page is drawn, beyond the load event. */
  ready(page: Page): Promise<void>;
}

const visible = (page: Page, role: "table" | "heading" | "region", name: string | RegExp) =>
  expect(page.getByRole(role, { name }).first()).toBeVisible({ timeout: 30_000 });

/** A saved report to look at: the newest filed, or one filed now. */
async function savedReport(page: Page): Promise<string> {
  await page.goto("/reports/portfolio/saved");
  const link = page.getByRole("table", { name: "Saved reports" }).getByRole("link").first();
  if ((await link.count()) === 0) {
    await page.goto(`/reports/portfolio?asOf=${QUARTER_END}`);
    await visible(page, "table", "Totals by status");
    await page.getByRole("button", { name: "Save report" }).click();
    await expect(page).toHaveURL(/\/saved\/\d+$/, { timeout: 30_000 });
    return new URL(page.url()).pathname;
  }
  return (await link.getAttribute("href")) ?? "";
}

const SIGNED_IN: PageCase[] = [
  { name: "loans", path: "/loans", ready: (p) => visible(p, "table", "Loans") },
  {
    name: "loans-past-date",
    path: `/loans?asOf=${QUARTER_END}`,
    ready: (p) => visible(p, "table", "Loans"),
  },
  {
    name: "loan",
    path: "/loans/LN-000002",
    ready: (p) => visible(p, "table", "Event timeline"),
  },
  {
    name: "loan-event-detail",
    path: "/loans/LN-000002?event=5",
    ready: (p) => visible(p, "region", /^Event #5 · /),
  },
  {
    name: "loan-review",
    path: "/loans/LN-000002/review?at=5",
    ready: (p) => visible(p, "heading", /^Event #5/),
  },
  {
    // A pasted link: a past date, an instant, a selected event, timeline filters, a breakdown to open.
    name: "loan-shared-link",
    path: `/loans/LN-000002?asOf=${QUARTER_END}&knownAt=${encodeURIComponent(`${QUARTER_END}T23:59:59Z`)}&event=5&eventType=payment,disbursement&accruals=daily`,
    ready: async (p) => {
      await visible(p, "region", /^Event #5 · /);
      await p.getByRole("button", { name: /: how interest adds up$/ }).click();
      await expect(p.getByTestId("breakdown-interest")).toBeVisible();
    },
  },
  {
    name: "loan-review-skipping-accruals",
    path: "/loans/LN-000002/review?at=5&skipAccruals=1",
    ready: (p) => visible(p, "heading", /^Event #5/),
  },
  {
    name: "loan-payoff-print",
    path: "/loans/LN-000002/payoff",
    ready: (p) => visible(p, "heading", "Payoff quote"),
  },
  {
    name: "loan-not-found",
    path: "/loans/LN-999999",
    ready: (p) => visible(p, "heading", "Loan not found"),
  },
  { name: "audit", path: "/audit", ready: (p) => visible(p, "table", "Audit events") },
  {
    name: "report-empty",
    path: "/reports/portfolio",
    ready: (p) => visible(p, "heading", "Portfolio report"),
  },
  {
    name: "report",
    path: `/reports/portfolio?asOf=${QUARTER_END}`,
    ready: (p) => visible(p, "table", "Totals by status"),
  },
  {
    name: "saved-reports",
    path: "/reports/portfolio/saved",
    ready: (p) => visible(p, "heading", "Saved reports"),
  },
  {
    name: "saved-report-compared",
    path: async (page) => `${await savedReport(page)}?compare=1`,
    ready: (p) => expect(p.getByTestId("comparison-summary")).toBeVisible({ timeout: 60_000 }),
  },
  { name: "staff", path: "/admin/staff", ready: (p) => visible(p, "table", "Staff accounts") },
];

async function checkAtEveryWidth(page: Page, c: PageCase): Promise<void> {
  const path = typeof c.path === "string" ? c.path : await c.path(page);
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(path);
    await c.ready(page);
    await expectNoAxeViolations(page);
    if (width === 390) {
      const scrollWidth = await page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0);
      expect(scrollWidth, `${path} at 390 px`).toBeLessThanOrEqual(390);
    }
    await saveScreenshot(page, `axe-${c.name}-${width}`);
  }
}

for (const c of SIGNED_IN) {
  test(`axe at ${WIDTHS.join(", ")} px: ${c.name}`, async ({ page }) => {
    test.setTimeout(120_000);
    await checkAtEveryWidth(page, c);
  });
}

test.describe("signed out, and refused", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test(`axe at ${WIDTHS.join(", ")} px: sign-in`, async ({ page }) => {
    await checkAtEveryWidth(page, {
      name: "sign-in",
      path: "/sign-in",
      ready: (p) => expect(p.getByRole("form", { name: "Sign in" })).toBeVisible(),
    });
  });

  test(`axe at ${WIDTHS.join(", ")} px: not allowed (a support agent on /audit)`, async ({
    page,
  }) => {
    await signIn(page, staffEmail("agent"));
    await checkAtEveryWidth(page, {
      name: "forbidden",
      path: "/audit",
      ready: (p) => visible(p, "heading", "Not allowed"),
    });
  });
});
