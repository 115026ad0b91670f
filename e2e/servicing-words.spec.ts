/**
 * What a servicer is told while recording (issue 15): a negative amount is
 * told it must be positive and how to take money back, and nothing is
 * written; an NSF fee reads "NSF fee" in the Review step and on the
 * timeline, never "Nsf fee". Signed in as the demo servicer; what was
 * appended is read with the administrator's session. Axe on the form.
 */
import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./a11y";
import { fetchEvents, saveScreenshot } from "./helpers";
import { ADMIN_STATE, signIn, staffEmail } from "./staff";

const LOAN = "LN-000011";

test.use({ storageState: { cookies: [], origins: [] } });
test.beforeEach(async ({ page }) => {
  await signIn(page, staffEmail("servicer"));
  await expect(page.getByTestId("signed-in-as")).toContainText("Servicer");
});

test("servicer: a negative amount is told to be positive; an NSF fee says NSF", async ({
  page,
  browser,
}) => {
  const admin = await browser.newContext({ storageState: ADMIN_STATE });
  const before = await fetchEvents(admin.request, LOAN);
  await page.goto(`/loans/${LOAN}`);

  const payment = page.getByRole("form", { name: "Record payment" });
  await payment.getByLabel("Amount").fill("-50.00");
  await payment.getByRole("button", { name: "Record payment" }).click();
  const amount = payment.getByLabel("Amount");
  await expect(amount).toHaveAttribute("aria-invalid", "true");
  await expect(amount).toHaveAccessibleDescription(
    /positive amount \(to take money back, reverse the payment or waive the fee\)/,
  );
  await expect(amount).toHaveValue("-50.00");
  await expect(payment.getByTestId("review-panel")).toHaveCount(0);
  expect(await fetchEvents(admin.request, LOAN)).toHaveLength(before.length);
  await expectNoAxeViolations(page, ".record-events");

  await page
    .getByRole("group", { name: "Servicing action" })
    .getByRole("button", { name: "Fee" })
    .click();
  const fee = page.getByRole("form", { name: "Assess fee" });
  await fee.getByLabel("Amount").fill("25.00");
  await fee.getByLabel("Fee type").selectOption("nsf");
  await fee.getByRole("button", { name: "Assess fee" }).click();
  const review = fee.getByTestId("review-panel");
  await expect(review).toContainText("NSF fee");
  await expect(review).not.toContainText("Nsf");
  await review.getByRole("button", { name: "Post" }).click();
  await expect(fee.getByRole("status")).toContainText("Recorded #");
  await expect(fee.getByRole("status")).toContainText("NSF fee");

  const after = await fetchEvents(admin.request, LOAN);
  const appended = after.at(-1);
  if (appended?.eventType !== "fee_assessment") throw new Error("the fee was not appended last");
  expect(appended.eventData.feeType).toBe("nsf");
  await page.getByLabel("Event type").selectOption("fee_assessment");
  const row = page.locator(`tr[data-sequence="${appended.sequenceNumber}"]`);
  await row.scrollIntoViewIfNeeded();
  await expect(row).toContainText("NSF fee");
  await expect(page.getByRole("table", { name: "Event timeline" })).not.toContainText("Nsf");
  await saveScreenshot(page, "servicer-nsf-fee");
  await admin.close();
});
