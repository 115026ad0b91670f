/**
 * Links staff paste in a note, and the loan page's one-glance answers (issue 15):
 *  - the dispute reviewer types an "as known at" instant (one replay, when
 *    complete), filters the timeline, selects an event and copies the link;
 *    the link opens on the same date, instant, filters and event, scrolled
 *    into view; the step-through keeps "skip accruals" and its Back to the
 *    loan keeps the instant;
 *  - the support agent opening that link is told the instant is not for
 *    their role; every balance opens how it adds up and its events in the
 *    timeline; the chart's tooltip is in cents and a click sets the date;
 *  - the servicer finds the forms under the balances and is warned before
 *    posting a payment far above what the loan owes;
 *  - the timeline's columns hold a six-digit sequence number at 390 px.
 * Each journey signs in as its persona, with axe on what it touches.
 */
import { type Browser, expect, type Page, type Request, test } from "@playwright/test";
import { toMoney } from "../lib/money";
import { replay } from "../lib/replay/replay";
import { expectNoAxeViolations } from "./a11y";
import { fetchEvents, saveScreenshot } from "./helpers";
import { ADMIN_STATE, type Role, signIn, staffEmail } from "./staff";

const LOAN = "LN-000003";

test.use({ storageState: { cookies: [], origins: [] } });

async function signedIn(page: Page, role: Role, label: string): Promise<void> {
  await signIn(page, staffEmail(role));
  await expect(page.getByTestId("signed-in-as")).toContainText(label);
}

/** The balance replays (server actions carrying "knownAt", not a due refresh, period or detail). */
function knownAtReplays(page: Page): string[] {
  const bodies: string[] = [];
  page.on("request", (request: Request) => {
    if (request.method() !== "POST" || !request.headers()["next-action"]) return;
    const body = request.postData() ?? "";
    if (
      body.includes('"knownAt":"') &&
      body.includes('"asOf"') &&
      !body.includes('"payoffOn"') &&
      !body.includes('"sequenceNumber"')
    ) {
      bodies.push(body);
    }
  });
  return bodies;
}

async function eventsOf(browser: Browser, loanNumber: string) {
  const admin = await browser.newContext({ storageState: ADMIN_STATE });
  const events = await fetchEvents(admin.request, loanNumber);
  await admin.close();
  return events;
}

test("dispute reviewer: the link pins the date, instant, filters and event, and opens on them", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signedIn(page, "reviewer", "Dispute reviewer");
  await page.goto(`/loans/${LOAN}?asOf=2025-03-31`);
  await expect(page.getByRole("heading", { name: "Balances as of 2025-03-31" })).toBeVisible();

  // "As known at": ticking replays once; typing a new day replays once more, when complete.
  const sent = knownAtReplays(page);
  await page.getByRole("checkbox", { name: "As known at" }).check();
  await expect(page).toHaveURL(/knownAt=2025-03-31T23%3A59%3A59Z/);
  await expect(
    page.getByRole("heading", {
      name: /^Balances as of 2025-03-31 \(as known at 2025-03-31 23:59:59 UTC\)/,
    }),
  ).toBeVisible();
  await expect.poll(() => sent.length).toBe(1);
  const known = page.getByLabel("Known at (UTC)");
  await known.focus();
  await page.keyboard.type("04022025", { delay: 120 });
  await expect(
    page.getByRole("heading", {
      name: /^Balances as of 2025-03-31 \(as known at 2025-04-02 23:59:59 UTC\)/,
    }),
  ).toBeVisible();
  await page.waitForTimeout(1200);
  expect(sent).toHaveLength(2);
  expect(sent[1]).toContain('"knownAt":"2025-04-02T23:59:59Z"');
  expect(sent.join()).not.toMatch(/"knownAt":"0\d{3}-/);
  await page.keyboard.press("Enter");
  await page.waitForTimeout(800);
  expect(sent).toHaveLength(2);

  // Timeline filters in the URL.
  await page.getByLabel("Event type").selectOption("payment");
  await expect(page).toHaveURL(/eventType=payment/);
  await page.getByLabel("Group daily accruals by month").uncheck();
  await expect(page).toHaveURL(/accruals=daily/);
  const timeline = page.getByRole("table", { name: "Event timeline" });
  const rows = timeline.locator("tr[data-sequence]");
  await expect(rows.first()).toBeVisible();
  await expect(rows.first()).toContainText("Payment");
  const sequence = Number(await rows.nth(1).getAttribute("data-sequence"));
  await rows.nth(1).getByRole("button").click();
  await expect(page).toHaveURL(new RegExp(`[?&]event=${sequence}`));

  // Copy link: the address with everything the page shows.
  await page.getByRole("button", { name: "Copy link" }).click();
  await expect(page.getByTestId("copy-link-status")).toContainText("Link copied, as of 2025-03-31");
  const link = await page.evaluate(() => navigator.clipboard.readText());
  const url = new URL(link);
  expect(url.pathname).toBe(`/loans/${LOAN}`);
  expect(Object.fromEntries(url.searchParams)).toMatchObject({
    asOf: "2025-03-31",
    knownAt: "2025-04-02T23:59:59Z",
    event: String(sequence),
    eventType: "payment",
    accruals: "daily",
  });
  await expectNoAxeViolations(page, ".as-of-bar");

  // The link opens on the same figures, filters and event, the event in view.
  const other = await context.newPage();
  await other.setViewportSize({ width: 1280, height: 800 });
  await other.goto(link);
  await expect(
    other.getByRole("heading", { name: /Balances as of 2025-03-31 \(as known at 2025-04-02/ }),
  ).toBeVisible();
  await expect(other.getByLabel("Event type")).toHaveValue("payment");
  await expect(other.getByLabel("Group daily accruals by month")).not.toBeChecked();
  const selected = other.locator(`tr[data-sequence="${sequence}"]`);
  await expect(selected).toHaveClass(/selected/);
  await expect(selected).toBeInViewport();
  await expect(
    other.getByRole("region", { name: new RegExp(`Event #${sequence} `) }),
  ).toBeVisible();
  await expectNoAxeViolations(other);
  await saveScreenshot(other, "shared-link-opened");

  // The step-through starts at the event; skip accruals is kept; Back keeps the instant.
  await other.getByRole("link", { name: "Step through events" }).click();
  await expect(other).toHaveURL(new RegExp(`/review\\?.*at=${sequence}`));
  await expect(
    other.getByRole("heading", { name: new RegExp(`^Event #${sequence} `) }),
  ).toBeVisible();
  await other.getByLabel("Skip daily interest accruals").check();
  await expect(other).toHaveURL(/skipAccruals=1/);
  await other.reload();
  await expect(other.getByLabel("Skip daily interest accruals")).toBeChecked();
  const back = other.getByRole("link", { name: "Back to the loan" });
  await expect(back).toHaveAttribute("href", /knownAt=2025-04-02T23%3A59%3A59Z/);
  await expectNoAxeViolations(other);
  await back.click();
  await expect(
    other.getByRole("heading", {
      name: /^Balances as of 2025-03-31 \(as known at 2025-04-02 23:59:59 UTC\)/,
    }),
  ).toBeVisible();
});

test("support agent: a shared 'as known at' is said not to be for the role; balances open how they add up", async ({
  page,
  browser,
}) => {
  await signedIn(page, "agent", "Support agent");
  const asOf = "2025-06-30";
  await page.goto(
    `/loans/${LOAN}?asOf=${asOf}&knownAt=${encodeURIComponent("2025-04-02T23:59:59Z")}`,
  );
  const notice = page.getByTestId("link-problems");
  await expect(notice).toContainText("as known at “2025-04-02T23:59:59Z”");
  await expect(notice).toContainText("a support agent cannot see");
  await expect(page.getByRole("heading", { name: `Balances as of ${asOf}` })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "As known at" })).toHaveCount(0);

  // Interest opens how it adds up: accrued less what payments took, to the exact figure.
  const expected = replay(await eventsOf(browser, LOAN), asOf).state;
  const interest = page.getByRole("button", { name: /: how interest adds up$/ });
  await expect(interest).toHaveAttribute("aria-expanded", "false");
  await interest.click();
  const breakdown = page.getByTestId("breakdown-interest");
  await expect(breakdown.getByRole("heading")).toHaveText(`Interest as of ${asOf}: how it adds up`);
  const amounts = await breakdown
    .locator("tbody [data-exact]")
    .evaluateAll((els) => els.map((el) => el.getAttribute("data-exact") ?? "0"));
  const total = amounts.reduce((acc, a) => acc.plus(toMoney(a)), toMoney("0"));
  expect(total.equals(toMoney(expected.interest))).toBe(true);
  await expect(breakdown.locator('tr[data-line="accrued"] [data-exact]')).toHaveAttribute(
    "data-exact",
    expected.totals.interestAccrued,
  );
  await expectNoAxeViolations(page, ".balances");

  // Its accruals in the timeline, effective through the as-of date.
  await breakdown.getByRole("button", { name: "Show the interest accruals" }).click();
  await expect(page).toHaveURL(/eventType=interest_accrual/);
  await expect(page).toHaveURL(new RegExp(`effectiveTo=${asOf}`));
  await expect(page.getByLabel("Event type")).toHaveValue("interest_accrual");
  await expect(page.getByLabel("Effective to")).toHaveValue(asOf);
  const timeline = page.getByRole("table", { name: "Event timeline" });
  await expect(timeline).toBeInViewport();
  await expect(timeline.getByRole("button", { name: /accruals in / }).first()).toBeVisible();

  // The total opens its three parts; principal from there.
  await page.getByRole("button", { name: /: how total outstanding adds up$/ }).click();
  const totalBreakdown = page.getByTestId("breakdown-totalOutstanding");
  await expect(totalBreakdown.locator("tbody tr")).toHaveCount(3);
  await totalBreakdown.getByRole("button", { name: "How principal adds up" }).click();
  await expect(page.getByTestId("breakdown-principal")).toContainText("Disbursed");
  await saveScreenshot(page, "agent-balance-breakdown");
});

test("support agent: the chart's tooltip is in cents and a click shows that date's balances", async ({
  page,
}) => {
  await signedIn(page, "agent", "Support agent");
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/loans/${LOAN}?asOf=2025-06-30`);
  const chart = page
    .getByRole("figure", { name: /^Principal, interest and fees/ })
    .locator(".recharts-surface");
  await chart.scrollIntoViewIfNeeded();
  const box = await chart.boundingBox();
  if (!box) throw new Error("no chart");
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
  const tooltip = page.locator(".chart-tooltip");
  await expect(tooltip).toBeVisible();
  const figures = await tooltip.locator("dd").allTextContents();
  expect(figures).toHaveLength(4);
  for (const f of figures) expect(f).toMatch(/^\$[\d,]+\.\d{2}$/);
  const date = (await tooltip.locator("strong").textContent())?.trim() ?? "";
  expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  await page.mouse.click(box.x + box.width * 0.4, box.y + box.height / 2);
  await expect(page.getByRole("heading", { name: `Balances as of ${date}` })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`asOf=${date}`));
});

test("servicer: the forms are under the balances; a payment far above the balance is warned of", async ({
  page,
}) => {
  await signedIn(page, "servicer", "Servicer");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/loans/${LOAN}`);
  const record = page.getByRole("heading", { name: "Record an event" });
  const balances = page.getByRole("heading", { name: /^Balances as of/ });
  const chart = page.getByRole("heading", { name: "Balance evolution" });
  const y = async (l: typeof record) => (await l.boundingBox())?.y ?? Number.NaN;
  expect(await y(record)).toBeGreaterThan(await y(balances));
  expect(await y(record)).toBeLessThan(await y(chart));
  expect(await y(record)).toBeLessThan(
    await y(page.getByRole("heading", { name: "Event timeline" })),
  );

  const owed = toMoney(
    (await page
      .getByTestId("figure-totalOutstanding")
      .locator("[data-exact]")
      .getAttribute("data-exact")) ?? "0",
  );
  const form = page.getByRole("form", { name: "Record payment" });
  const amount = owed.times(10).toDecimalPlaces(2).toFixed(2);
  await form.getByLabel("Amount").fill(amount);
  await form.getByRole("button", { name: "Record payment" }).click();
  const review = form.getByTestId("review-panel");
  const warnings = review.getByTestId("review-warnings");
  await expect(warnings).toContainText("Overpayment:");
  await expect(warnings).toContainText("10 times what the loan owes today");
  await expect(review.getByRole("button", { name: "Post anyway" })).toBeVisible();
  // The review fits the phone; its tables scroll in named regions only when they must.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectNoAxeViolations(page, '[data-testid="review-panel"]');
  await saveScreenshot(page, "servicer-payment-warning");
  await review.getByRole("button", { name: "Back to edit" }).click();
  await expect(form.getByLabel("Amount")).toHaveValue(amount);
});

test("timeline columns hold a six-digit sequence number and the recorded instant at 390 and 1440 px", async ({
  page,
}) => {
  await signedIn(page, "agent", "Support agent");
  for (const width of [390, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`/loans/${LOAN}?accruals=daily`);
    const timeline = page.getByRole("table", { name: "Event timeline" });
    await expect(timeline.locator("tr[data-sequence]").first()).toBeVisible();
    const cut = await timeline.evaluate((table) => {
      // The widest sequence number the column is meant for.
      const button = table.querySelector("tr[data-sequence] .row-open");
      if (button?.firstChild) button.firstChild.textContent = "#123456";
      const truncated: string[] = [];
      for (const row of table.querySelectorAll("tr[data-sequence]")) {
        const cells = [...row.querySelectorAll("td")].slice(0, 6);
        for (const cell of cells) {
          if (cell.scrollWidth > cell.clientWidth + 1) {
            truncated.push(`#${cell.cellIndex} ${cell.textContent}`);
          }
        }
      }
      const summary = table.querySelector("thead th:last-child")?.getBoundingClientRect().width;
      return { truncated, summary };
    });
    expect(cut.truncated, `at ${width} px`).toEqual([]);
    expect(cut.summary ?? 0).toBeGreaterThan(120);
    // The page itself never scrolls sideways: the timeline scrolls in its box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      width,
    );
  }
  await expectNoAxeViolations(page, "[data-timeline]");
});

test("support agent: interest accrued to date and in a chosen period, the period in the URL", async ({
  page,
  browser,
}) => {
  await signedIn(page, "agent", "Support agent");
  const asOf = "2025-06-30";
  await page.goto(`/loans/${LOAN}?asOf=${asOf}`);
  const events = await eventsOf(browser, LOAN);
  const accrued = (date: string) => toMoney(replay(events, date).state.totals.interestAccrued);
  await expect(page.getByTestId("figure-interestAccrued").locator("[data-exact]")).toHaveAttribute(
    "data-exact",
    replay(events, asOf).state.totals.interestAccrued,
  );

  // "How much interest had accrued by the end of Q1?"
  await page
    .getByRole("list", { name: "Interest periods" })
    .getByRole("button", { name: "Q1 2025" })
    .click();
  await expect(page).toHaveURL(/accruedFrom=2025-01-01/);
  await expect(page).toHaveURL(/accruedTo=2025-03-31/);
  const period = page.getByTestId("interest-period").locator("[data-exact]");
  const expected = accrued("2025-03-31").minus(accrued("2024-12-31"));
  await expect
    .poll(async () => toMoney((await period.getAttribute("data-exact")) ?? "-1").equals(expected))
    .toBe(true);
  await expect(page.getByText("From 2025-01-01 to 2025-03-31")).toBeVisible();
  await expectNoAxeViolations(page, ".balances");
});
