/**
 * The support agent on the phone, signed in as the agent: "How much do I need
 * to pay to be current, and how many days late am I?" is on the loan page as
 * it loads (no action); "What is my payoff if I pay on the 15th?" takes one
 * action (the "Next 15th" date) or two (type the date, Quote), and the chosen
 * date is in the URL. Expected figures are computed independently by the
 * engine from the events the app exports (lib/due dueFromEvents,
 * payoffFromEvents), never read back from the page. Axe checks the new
 * panels; at 390 px they fit and the installments table scrolls inside its
 * own region.
 */
import { type APIRequestContext, request as api, expect, type Page, test } from "@playwright/test";
import { dueFromEvents, payoffFromEvents, toleranceFor } from "../lib/due";
import type { LoanEvent } from "../lib/events/types";
import { todayUtc } from "../lib/presentation/as-of-picks";
import { nextDayOfMonth } from "../lib/presentation/due";
import { formatCurrency } from "../lib/presentation/format";
import { expectNoAxeViolations } from "./a11y";
import { findLoan, saveScreenshot } from "./helpers";
import { ADMIN_STATE, signIn, staffEmail } from "./staff";

test.use({ storageState: { cookies: [], origins: [] } });

let admin: APIRequestContext;
let loan: { loanNumber: string; events: LoanEvent[] };
const today = todayUtc();

test.beforeAll(async ({ baseURL }) => {
  // events.json is an auditor's export: the expected figures are computed from it with an admin session.
  admin = await api.newContext({ baseURL, storageState: ADMIN_STATE });
  // A loan that owes something to be current today, and still has a payoff (open, not matured).
  loan = await findLoan(admin, (events) => {
    const due = dueFromEvents(events, { asOf: today, tolerance: toleranceFor("standard") });
    return (
      Number(due.amountDue) > 0 &&
      due.maturityDate !== null &&
      due.maturityDate >= nextDayOfMonth(today, 15) &&
      (due.status === "active" || due.status === "forbearance")
    );
  });
});
test.afterAll(async () => admin?.dispose());

test.beforeEach(async ({ page }) => {
  await signIn(page, staffEmail("agent"));
});

/** The loan's product, from the header ("Standard loan, originated …", "interest-first loan, …"): it sets the tolerance. */
async function productOf(page: Page): Promise<string> {
  const line = (await page.locator(".loan-header p").first().textContent()) ?? "";
  const name = /^(.*?) loan\b/.exec(line.trim())?.[1] ?? "";
  return name === "Standard" ? "standard" : name;
}

test("how much to be current: on the loan page as it loads, with days past due and the bucket in words", async ({
  page,
}) => {
  await page.goto(`/loans/${loan.loanNumber}`);
  const panel = page.getByTestId("due-panel");
  await expect(panel.getByRole("heading", { name: `Amount due as of ${today}` })).toBeVisible();
  const expected = dueFromEvents(loan.events, {
    asOf: today,
    tolerance: toleranceFor(await productOf(page)),
  });
  // Zero actions: the answer is there on load.
  await expect(panel.getByTestId("due-amountDue")).toHaveText(formatCurrency(expected.amountDue));
  await expect(panel.getByTestId("due-amountPastDue")).toHaveText(
    formatCurrency(expected.amountPastDue),
  );
  await expect(panel.getByTestId("due-daysPastDue")).toHaveText(
    `${expected.daysPastDue} ${expected.daysPastDue === 1 ? "day" : "days"}`,
  );
  // The bucket is text, not colour alone.
  await expect(panel.getByTestId("due-bucket")).toHaveText(
    expected.bucket === "current"
      ? "Current"
      : `${expected.bucket.replace("-", "–")} days past due`,
  );
  await expect(panel.getByTestId("due-paidAhead")).toHaveText(formatCurrency(expected.paidAhead));

  // The installments, schedule vs actual; sorting by days late puts the latest first.
  const table = page.getByTestId("installments-table");
  await expect(table.locator("tbody tr")).toHaveCount(expected.installments.length);
  await table.getByRole("button", { name: /Days late/ }).click();
  await table.getByRole("button", { name: /Days late/ }).click();
  const worst = Math.max(...expected.installments.map((i) => i.daysLate));
  await expect(table.locator("tbody tr").first().locator("td").nth(6)).toHaveText(String(worst));
  const csv = await page.request.get(`/loans/${loan.loanNumber}/installments.csv?asOf=${today}`);
  expect(csv.status()).toBe(200);
  expect((await csv.text()).trimEnd().split("\r\n")).toHaveLength(1 + expected.installments.length);

  // A past date: the panel follows the as-of picker without a page load.
  const past = expected.installments[1]?.dueDate ?? today;
  await page.getByLabel("As of date", { exact: true }).fill(past);
  await expect(panel.getByRole("heading", { name: `Amount due as of ${past}` })).toBeVisible();
  const then = dueFromEvents(loan.events, {
    asOf: past,
    tolerance: toleranceFor(await productOf(page)),
  });
  await expect(panel.getByTestId("due-amountDue")).toHaveText(formatCurrency(then.amountDue));

  for (const testId of ["due-panel", "payoff-quote", "installments", "dpd-chart"]) {
    await expectNoAxeViolations(page, `[data-testid="${testId}"]`);
  }
  await expectNoAxeViolations(page, "section.balances");
  await saveScreenshot(page, "loan-due");
});

test("payoff on the 15th: one action (or two), the date in the URL, printable and downloadable", async ({
  page,
}) => {
  const fifteenth = nextDayOfMonth(today, 15);
  const expected = payoffFromEvents(loan.events, { on: fifteenth, asOf: today });
  await page.goto(`/loans/${loan.loanNumber}`);
  const quote = page.getByTestId("payoff-quote");

  // One action: the quick date.
  await quote.getByRole("button", { name: /Next 15th/ }).click();
  await expect(quote.getByTestId("payoff-amount")).toHaveText(
    formatCurrency(expected.payoffAmount),
  );
  await expect(quote.getByTestId("payoff-goodThrough")).toHaveText(fifteenth);
  await expect(quote.getByTestId("payoff-principal")).toHaveText(
    formatCurrency(expected.principal),
  );
  await expect(quote.getByTestId("payoff-interest")).toHaveText(formatCurrency(expected.interest));
  await expect(quote.getByTestId("payoff-fees")).toHaveText(formatCurrency(expected.fees));
  await expect(quote.getByText(`Interest through ${expected.interestThrough}`)).toBeVisible();
  await expect(quote.getByTestId("payoff-perDiem")).toContainText(
    expected.perDiem.replace(/0+$/, ""),
  );
  await expect(page).toHaveURL(new RegExp(`payoff=${fifteenth}`));

  // Two actions: type the date, Quote. The link is shareable: opening it shows the same quote.
  await page.goto(`/loans/${loan.loanNumber}`);
  await quote.getByLabel("Payoff date", { exact: true }).fill(fifteenth);
  await quote.getByRole("button", { name: "Quote" }).click();
  await expect(quote.getByTestId("payoff-amount")).toHaveText(
    formatCurrency(expected.payoffAmount),
  );
  await page.goto(page.url());
  await expect(quote.getByTestId("payoff-amount")).toHaveText(
    formatCurrency(expected.payoffAmount),
  );

  // JSON and CSV: money as decimal strings.
  const json = await page.request.get(
    `/loans/${loan.loanNumber}/payoff.json?on=${fifteenth}&asOf=${today}`,
  );
  expect(json.status()).toBe(200);
  expect(await json.json()).toEqual({ loanNumber: loan.loanNumber, ...expected });
  const csv = await page.request.get(
    `/loans/${loan.loanNumber}/payoff.csv?on=${fifteenth}&asOf=${today}`,
  );
  expect(await csv.text()).toContain(`,${expected.payoffAmount},`);

  // The printable quote.
  const [print] = await Promise.all([
    page.context().waitForEvent("page"),
    quote.getByRole("link", { name: "Printable quote" }).click(),
  ]);
  await expect(print.getByRole("heading", { name: "Payoff quote" })).toBeVisible();
  await expect(print.getByTestId("payoff-amount")).toHaveText(
    formatCurrency(expected.payoffAmount),
  );
  await print.emulateMedia({ media: "print" });
  await expect(print.getByRole("button", { name: "Print" })).toBeHidden();
  await expectNoAxeViolations(print);
  await print.close();
});

test("at 390 px the due panels fit and the installments scroll inside their own region", async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/loans/${loan.loanNumber}?payoff=${nextDayOfMonth(today, 15)}`);
  for (const testId of ["due-panel", "payoff-quote", "installments", "dpd-chart"]) {
    const box = await page.getByTestId(testId).boundingBox();
    expect(box, testId).not.toBeNull();
    expect((box?.x ?? 0) + (box?.width ?? 0), testId).toBeLessThanOrEqual(390);
  }
  const region = page.getByRole("region", { name: /installments as of/ });
  await expect(region).toBeVisible();
  const { scrollWidth, clientWidth } = await region.evaluate((el) => ({
    scrollWidth: el.scrollWidth,
    clientWidth: el.clientWidth,
  }));
  expect(clientWidth).toBeLessThanOrEqual(390);
  expect(scrollWidth).toBeGreaterThan(clientWidth);
  await expect(page.getByTestId("due-amountDue")).toBeVisible();
  await expect(page.getByTestId("payoff-amount")).toBeVisible();
  await expectNoAxeViolations(page, '[data-testid="installments"]');
  await saveScreenshot(page, "loan-due-390");
});
