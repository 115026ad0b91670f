/**
 * The portfolio report's parameters panel across runs: one panel whatever
 * is run (quick picks, a typed date, the same report again), no stale
 * "Computing…" left behind, and none carried onto the saved report.
 */
import { expect, type Page, test } from "@playwright/test";
import { endOfLastMonth, endOfLastQuarter, todayUtc } from "../lib/presentation/as-of-picks";
import { expectNoAxeViolations } from "./a11y";
import { signIn, staffEmail } from "./staff";

test.use({ storageState: { cookies: [], origins: [] } });

const params = (page: Page) => page.getByRole("form", { name: "Report parameters" });

async function reportShown(page: Page, asOf: string) {
  await expect(page.getByTestId("report-as-of")).toHaveText(asOf, { timeout: 30_000 });
  await expect(page.getByTestId("report-progress")).toHaveCount(0);
  await expect(params(page)).toHaveCount(1);
  await expect(params(page).getByRole("status")).toHaveCount(0);
  await expect(page.getByText("Computing…")).toHaveCount(0);
  await expect(params(page).getByLabel("Report date")).toHaveValue(asOf);
}

test("running reports one after another keeps one parameters panel, and saving leaves none behind", async ({
  page,
}) => {
  const warnings: string[] = [];
  page.on("console", (message) => {
    if (/same key|two children/i.test(message.text())) warnings.push(message.text());
  });
  await signIn(page, staffEmail("auditor"));
  const today = todayUtc();
  await page.goto("/reports/portfolio");

  await params(page).getByRole("button", { name: "End of last quarter" }).click();
  await reportShown(page, endOfLastQuarter(today));

  await params(page).getByRole("button", { name: "End of last month" }).click();
  await reportShown(page, endOfLastMonth(today));
  await expect(params(page).getByRole("button", { name: "End of last month" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );

  // The same report again, then a typed date.
  await params(page).getByRole("button", { name: "Run report" }).click();
  await reportShown(page, endOfLastMonth(today));
  await params(page).getByLabel("Report date").fill("2025-06-30");
  await params(page).getByRole("button", { name: "Run report" }).click();
  await expect(page).toHaveURL(/asOf=2025-06-30/);
  await reportShown(page, "2025-06-30");

  // Back: the field follows the URL.
  await page.goBack();
  await reportShown(page, endOfLastMonth(today));

  await expectNoAxeViolations(page, "form[aria-label='Report parameters']");

  await page.getByRole("button", { name: "Save report" }).click();
  await expect(page).toHaveURL(/\/reports\/portfolio\/saved\/\d+$/, { timeout: 30_000 });
  await expect(page.getByRole("heading", { name: /Saved report #\d+/ })).toBeVisible();
  await expect(params(page)).toHaveCount(0);
  await expect(page.getByTestId("report-progress")).toHaveCount(0);
  await expect(page.getByText("Computing…")).toHaveCount(0);
  expect(warnings).toEqual([]);
});
