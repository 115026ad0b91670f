import { type Browser, expect, test } from "@playwright/test";
import type { LoanEvent } from "../lib/events/types";
import { eventTypeLabel } from "../lib/presentation/event-labels";
import { exactFigure, findLoan, saveScreenshot } from "./helpers";
import { ADMIN_STATE, signIn, staffEmail } from "./staff";

// The dispute reviewer persona, signed in as the demo reviewer (view_loans and
// review_disputes). Which loan to open is found from events.json, which the
// reviewer may not download: that look-up uses the administrator's session.
test.use({ storageState: { cookies: [], origins: [] } });
test.beforeEach(async ({ page }) => {
  await signIn(page, staffEmail("reviewer"));
  await expect(page.getByTestId("signed-in-as")).toContainText("Dispute reviewer");
});

async function findAsAdmin(browser: Browser, match: (events: LoanEvent[]) => boolean) {
  const admin = await browser.newContext({ storageState: ADMIN_STATE });
  try {
    return await findLoan(admin.request, match);
  } finally {
    await admin.close();
  }
}

test("dispute reviewer: steps from before a payment through its reversal; balances return", async ({
  page,
  browser,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const { loanNumber, events } = await findAsAdmin(browser, (e) =>
    e.some((x) => x.eventType === "reversal"),
  );
  const reversal = events.find((e) => e.eventType === "reversal");
  if (reversal?.eventType !== "reversal") throw new Error("no reversal");
  const paymentSeq = reversal.eventData.reversedSequence;

  // Start one event before the payment.
  await page.goto(`/loans/${loanNumber}/review?at=${paymentSeq - 1}`);
  const heading = page.getByRole("heading", { level: 2 }).first();
  await expect(heading).toContainText(`Event #${paymentSeq - 1}`);
  await page.getByRole("button", { name: "Next event →" }).click();
  await expect(heading).toContainText(`Event #${paymentSeq} · Payment`);
  await expect(page).toHaveURL(new RegExp(`at=${paymentSeq}`));
  await expect(page.getByTestId("step-explanation")).toContainText(
    // The payment is reversed later: it never reads "applied".
    /^Payment of \$[\d,.]+, reversed later by #\d+: at this step it took /,
  );
  const principalBefore = await exactFigure(page, "before-principal");
  const feesBefore = await exactFigure(page, "before-fees");
  expect(await exactFigure(page, "after-principal")).not.toBe(principalBefore);

  // Forward with the keyboard until the reversal.
  for (let seq = paymentSeq + 1; seq <= reversal.sequenceNumber; seq++) {
    await page.keyboard.press("ArrowRight");
    const type = events.find((e) => e.sequenceNumber === seq)?.eventType;
    await expect(heading).toContainText(`Event #${seq} · ${type ? eventTypeLabel(type) : ""}`);
  }
  await expect(page.getByTestId("step-explanation")).toContainText(
    `Payment #${paymentSeq} reversed`,
  );
  expect(await exactFigure(page, "after-principal")).toBe(principalBefore);
  expect(await exactFigure(page, "after-fees")).toBe(feesBefore);
  await expect(page).toHaveURL(new RegExp(`at=${reversal.sequenceNumber}`));
  await saveScreenshot(page, "dispute-reviewer-step-through");

  // And back again.
  await page.keyboard.press("ArrowLeft");
  await expect(heading).toContainText(`Event #${reversal.sequenceNumber - 1}`);
});

test("dispute reviewer: 'as known at' explains a backdated payment", async ({ page, browser }) => {
  const { loanNumber, events } = await findAsAdmin(browser, (e) =>
    e.some((x) => x.eventType === "payment" && (x.eventData as { backdated?: boolean }).backdated),
  );
  const payment = events.find(
    (x) => x.eventType === "payment" && (x.eventData as { backdated?: boolean }).backdated,
  );
  if (!payment) throw new Error("no backdated payment");
  // The payment was recorded days after its effective date.
  expect((payment.recordedAt ?? "").slice(0, 10) > payment.effectiveDate).toBe(true);

  await page.goto(`/loans/${loanNumber}?asOf=${payment.effectiveDate}`);
  await expect(
    page.getByRole("heading", { name: `Balances as of ${payment.effectiveDate}` }),
  ).toBeVisible();
  await page.getByRole("checkbox", { name: "As known at" }).check();
  await expect(page).toHaveURL(/knownAt=/);
  const panel = page.getByRole("region", { name: /have changed since/ });
  await expect(panel).toBeVisible();
  await expect(panel.getByRole("row", { name: /Principal/ }).first()).toBeVisible();
  const late = panel.getByRole("list", { name: "Events recorded later" });
  await expect(late).toContainText(`#${payment.sequenceNumber} Payment`);
  await expect(late).toContainText("Backdated");
  await saveScreenshot(page, "dispute-reviewer-known-at");

  await page.getByRole("checkbox", { name: "As known at" }).uncheck();
  await expect(panel).toBeHidden();
});
