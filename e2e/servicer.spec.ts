import { expect, test } from "@playwright/test";
import { describeAllocation } from "../lib/presentation/event-summary";
import { fetchEvents, saveScreenshot } from "./helpers";
import { ADMIN_STATE, signIn, staffEmail } from "./staff";

// The servicer persona, signed in as the demo servicer (view_loans and
// record_events). What was appended is read back from events.json with the
// administrator's session: the servicer may not download it.
test.use({ storageState: { cookies: [], origins: [] } });
test.beforeEach(async ({ page }) => {
  await signIn(page, staffEmail("servicer"));
  await expect(page.getByTestId("signed-in-as")).toContainText("Servicer");
});

test("servicer: an invalid amount is refused at the field; a payment is recorded and shown", async ({
  page,
  browser,
}) => {
  const admin = await browser.newContext({ storageState: ADMIN_STATE });
  const request = admin.request;
  const loanNumber = "LN-000001";
  const before = await fetchEvents(request, loanNumber);
  await page.goto(`/loans/${loanNumber}`);
  const formRegion = page.getByRole("form", { name: "Record payment" });

  await formRegion.getByLabel("Amount").fill("12.345");
  await formRegion.getByLabel("Reference (optional)").fill("E2E-CHK-1");
  await formRegion.getByRole("button", { name: "Record payment" }).click();
  const amount = formRegion.getByLabel("Amount");
  await expect(amount).toHaveAttribute("aria-invalid", "true");
  await expect(formRegion.getByText(/in dollars and cents/)).toBeVisible();
  await expect(amount).toHaveValue("12.345"); // the input is kept
  expect(await fetchEvents(request, loanNumber)).toHaveLength(before.length);

  await amount.fill("250.00");
  await formRegion.getByRole("button", { name: "Record payment" }).click();
  // The Review step: what would be appended, nothing written until Post.
  const review = formRegion.getByTestId("review-panel");
  await expect(review).toContainText("Posting appends");
  expect(await fetchEvents(request, loanNumber)).toHaveLength(before.length);
  await review.getByRole("button", { name: "Post" }).click();
  await expect(formRegion.getByRole("status")).toContainText("Recorded #");

  const after = await fetchEvents(request, loanNumber);
  const payment = after.at(-1);
  if (payment?.eventType !== "payment") throw new Error("the payment was not appended last");
  expect(payment.eventData.amount).toBe("250.00");
  expect(payment.recordedBy).toBe("staff:servicer@loan-replay.test"); // in the servicer's name
  const summary = describeAllocation("250.00", payment.eventData.allocation);
  await expect(formRegion.getByRole("status")).toContainText(summary);

  // The timeline (refreshed) shows it with its allocation.
  await page.getByLabel("Event type").selectOption("payment");
  const row = page.locator(`tr[data-sequence="${payment.sequenceNumber}"]`);
  await row.scrollIntoViewIfNeeded();
  await expect(row).toContainText("Payment");
  await expect(row).toContainText(summary);
  await expect(amount).toHaveValue(""); // the form is ready for the next one
  await saveScreenshot(page, "servicer-payment-recorded");
  await admin.close();
});
