/**
 * A correction end to end (issue 12): a dispute reviewer finds a payment that
 * was posted late on a demo loan; a servicer posts a payment received before
 * the loan's latest payment, reviews what it restates (the later payment
 * re-applied, the accrual adjustments) and posts it; the reviewer sees the
 * restatement as one group in the timeline, and "as known at" before the
 * correction against now, with the correction named as the cause. The Review
 * panel is also used at 390 px.
 *
 * The loan and dates are chosen from the events the app exports (read with
 * the administrator's session), never from the page.
 */
import { type Browser, expect, type Page, test } from "@playwright/test";
import { addDays } from "../lib/dates";
import type { LoanEvent } from "../lib/events/types";
import { expectNoAxeViolations } from "./a11y";
import { fetchEvents, findLoan, saveScreenshot } from "./helpers";
import { ADMIN_STATE, signIn, staffEmail } from "./staff";

test.use({ storageState: { cookies: [], origins: [] } });

const isBackdatedPayment = (e: LoanEvent) =>
  e.eventType === "payment" && (e.eventData as { backdated?: boolean }).backdated === true;

/** Events after which a late payment cannot be restated (capitalised or written-off balances). */
const BLOCKING = new Set([
  "modification",
  "forbearance_start",
  "forbearance_end",
  "deferment",
  "charge_off",
  "reversal",
]);

/**
 * A loan with a payment posted late, whose two latest payments are a month
 * or so apart with nothing after the earlier one that a restatement refuses:
 * the correction is dated between them.
 */
function correctable(events: LoanEvent[]): { date: string; latest: LoanEvent } | null {
  if (!events.some(isBackdatedPayment)) return null;
  const payments = events.filter((e) => e.eventType === "payment");
  const latest = payments.at(-1);
  const previous = payments.at(-2);
  if (!latest || !previous) return null;
  const date = addDays(latest.effectiveDate, -5);
  if (date <= previous.effectiveDate) return null;
  const after = events.filter((e) => e.effectiveDate >= previous.effectiveDate);
  if (after.some((e) => BLOCKING.has(e.eventType))) return null;
  return { date, latest };
}

async function signedIn(browser: Browser, role: "reviewer" | "servicer"): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, staffEmail(role));
  return page;
}

test("a late payment is corrected: reviewed, posted, then shown as one restatement with its cause", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const admin = await browser.newContext({ storageState: ADMIN_STATE });
  const { loanNumber, events } = await findLoan(admin.request, (e) => correctable(e) !== null);
  const { date, latest } = correctable(events) as { date: string; latest: LoanEvent };
  const reversed = new Set(
    events.flatMap((e) => (e.eventType === "reversal" ? [e.eventData.reversedSequence] : [])),
  );
  const late = events.find((e) => isBackdatedPayment(e) && !reversed.has(e.sequenceNumber));
  if (!late) throw new Error("no payment posted late that stands");

  // The reviewer finds the payment that was posted late: marked in the timeline (the
  // demo posted it after that day's interest had accrued, so it restated the accruals:
  // the jump opens its restatement's group).
  const reviewer = await signedIn(browser, "reviewer");
  await reviewer.goto(`/loans/${loanNumber}`);
  await reviewer.getByLabel("Go to event #").fill(String(late.sequenceNumber));
  await reviewer.getByRole("button", { name: "Go", exact: true }).click();
  const lateRow = reviewer.locator(`tr[data-sequence="${late.sequenceNumber}"]`);
  await expect(lateRow).toContainText("Backdated");
  await expect(lateRow).toContainText("Payment");
  const lateGroup = reviewer.locator(`tr[data-cause="${late.sequenceNumber}"]`);
  if ((late.eventData as { restatement?: unknown }).restatement) {
    await expect(lateGroup).toContainText(`Restated by payment #${late.sequenceNumber}`);
  }

  // The servicer posts a payment received before the latest one, and reviews it first.
  const servicer = await signedIn(browser, "servicer");
  await servicer.setViewportSize({ width: 1440, height: 1000 });
  await servicer.goto(`/loans/${loanNumber}`);
  const form = servicer.getByRole("form", { name: "Record payment" });
  await form.getByLabel("Amount").fill("150.00");
  await form.getByLabel("Received on").fill(date);
  await form.getByLabel("Reference (optional)").fill("E2E-CORRECTION");
  await form.getByRole("button", { name: "Review: Record payment" }).click();

  const panel = form.getByTestId("review-panel");
  await expect(panel).toBeFocused();
  await expect(panel.getByRole("heading", { name: "Review: Record payment" })).toBeVisible();
  await expect(panel.getByTestId("review-restatement")).toContainText("Correction");
  const reapplied = panel.locator('[data-group="reapplied"]');
  await expect(reapplied).toContainText("1 payment re-applied");
  await expect(reapplied).toContainText(`Re-applies #${latest.sequenceNumber}`);
  await expect(reapplied).toContainText(/Was .* now /);
  const adjustments = panel.locator('[data-group="adjustments"]');
  await expect(adjustments).toContainText(/\d+ accrual adjustments/);
  // Collapsed with its count; opened from the keyboard.
  await expect(adjustments.getByRole("list")).toBeHidden();
  await adjustments.locator("summary").focus();
  await servicer.keyboard.press("Enter");
  await expect(adjustments.getByRole("list")).toBeVisible();
  await expect(panel.getByTestId(`review-figures-${date}`)).toContainText("Principal");
  await expect(panel.getByTestId("review-figures-today")).toContainText("Principal");
  await expectNoAxeViolations(servicer, '[data-testid="review-panel"]');
  await saveScreenshot(servicer, "correction-review-1440");
  // Nothing is written by the review.
  expect(await fetchEvents(admin.request, loanNumber)).toHaveLength(events.length);

  // Back to edit keeps what was typed; Escape in the panel does the same.
  await panel.getByRole("button", { name: "Back to edit" }).click();
  await expect(form.getByLabel("Amount")).toHaveValue("150.00");
  await expect(form.getByLabel("Received on")).toHaveValue(date);

  // At 390 px the panel is readable and its buttons reachable.
  await servicer.setViewportSize({ width: 390, height: 844 });
  await form.getByRole("button", { name: "Review: Record payment" }).click();
  await expect(panel).toBeFocused();
  const width = await panel.evaluate((el) => el.getBoundingClientRect().right);
  expect(width).toBeLessThanOrEqual(390);
  const post = panel.getByRole("button", { name: "Post" });
  await post.scrollIntoViewIfNeeded();
  await expect(post).toBeInViewport();
  const box = await post.boundingBox();
  expect(box?.height ?? 0).toBeGreaterThanOrEqual(40);
  await expectNoAxeViolations(servicer, '[data-testid="review-panel"]');
  await saveScreenshot(servicer, "correction-review-390");

  // Posted: everything known before this instant is what the reviewer compares with.
  const knownAt = new Date(Date.now() - 1000).toISOString();
  await post.click();
  const status = form.getByRole("status");
  await expect(status).toContainText(/Recorded #\d+: Payment of \$150\.00 applied/);
  await expect(status).toContainText("Restated: 1 payment re-applied");
  const cause = Number(/Recorded #(\d+)/.exec((await status.textContent()) ?? "")?.[1]);
  const after = await fetchEvents(admin.request, loanNumber);
  const correction = after.find((e) => e.sequenceNumber === cause);
  expect(correction).toMatchObject({ eventType: "payment", effectiveDate: date });
  const causeLabel = `payment #${cause} received ${date}`;

  // The reviewer: one group row in the timeline, expandable to its events.
  await reviewer.goto(`/loans/${loanNumber}`);
  await reviewer.getByLabel("Go to event #").fill(String(events.length + 1));
  await reviewer.getByRole("button", { name: "Go", exact: true }).click();
  const group = reviewer.locator(`tr[data-cause="${cause}"]`);
  await expect(group).toHaveCount(1);
  await expect(group).toContainText(
    new RegExp(`Restated by ${causeLabel}: 1 payment re-applied, \\d+ accrual adjustments`),
  );
  // The jump opened it; it closes and opens again from its button.
  const toggle = group.getByRole("button", { name: /Restated by/ });
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(reviewer.locator(`tr[data-sequence="${cause}"]`)).toHaveCount(0);
  // The reversed payment never reads "applied".
  // (Rows are virtualised and re-rendered as pages load: assertions retry, nothing is held.)
  const original = reviewer.locator(`tr[data-sequence="${latest.sequenceNumber}"]`);
  await expect(original).toContainText("Reversed");
  await expect(original).toContainText(/reversed by #\d+/);
  await expect(original).not.toContainText("applied");
  await toggle.click();
  const reposted = reviewer.locator("tr.event-row.grouped", {
    hasText: `Re-applies #${latest.sequenceNumber}`,
  });
  await expect(reposted).toContainText("Payment");
  await saveScreenshot(reviewer, "correction-timeline-group");

  // Then versus now: as known just before the correction, and the correction named as the cause.
  await reviewer.goto(
    `/loans/${loanNumber}?asOf=${latest.effectiveDate}&knownAt=${encodeURIComponent(knownAt)}`,
  );
  const knowledge = reviewer.getByRole("region", { name: /have changed since/ });
  await expect(knowledge).toBeVisible();
  await expect(knowledge.getByTestId("knowledge-corrections")).toContainText(causeLabel);
  await expect(knowledge.getByTestId("changed-by-principal")).toContainText(
    causeLabel.replace(/^p/, "P"),
  );
  await expect(knowledge.getByRole("list", { name: "Events recorded later" })).toContainText(
    `#${cause} Payment`,
  );
  await expectNoAxeViolations(reviewer, "section.knowledge");
  await saveScreenshot(reviewer, "correction-known-at");

  // The step-through marks the correction and the re-applied payment.
  await reviewer.goto(`/loans/${loanNumber}/review?at=${cause}`);
  const marks = reviewer.getByTestId("step-marks");
  await expect(marks).toContainText("Backdated");
  await expect(marks).toContainText("Correction: restates later events");
  await reviewer.keyboard.press("ArrowRight");
  await expect(marks).toContainText(`Re-applies #${latest.sequenceNumber}`);
  await expect(marks).toContainText(`Restating: part of the correction by ${causeLabel}`);

  await Promise.all([admin.close(), reviewer.context().close(), servicer.context().close()]);
});
