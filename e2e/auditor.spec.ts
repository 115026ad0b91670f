import { expect, test } from "@playwright/test";
import { fetchEvents, saveScreenshot } from "./helpers";
import { signIn, staffEmail } from "./staff";

// The auditor persona, signed in as the demo auditor: its own session reads
// events.json (export_data) and the record changes (view_audit).
test.use({ storageState: { cookies: [], origins: [] } });
test.beforeEach(async ({ page }) => {
  await signIn(page, staffEmail("auditor"));
  await expect(page.getByTestId("signed-in-as")).toContainText("Auditor");
});

test("auditor: filters a loan's timeline to payments and opens one with before/after", async ({
  page,
}) => {
  const events = await fetchEvents(page.request, "LN-000002"); // with the auditor's session
  const payments = events.filter((e) => e.eventType === "payment");
  expect(payments.length).toBeGreaterThan(2);

  await page.goto("/loans/LN-000002");
  const timeline = page.getByRole("table", { name: "Event timeline" });
  await expect(timeline.getByRole("row").nth(1)).toContainText("Origination");
  await expect(timeline.getByRole("row").nth(2)).toContainText("Disbursement");

  await page.getByLabel("Event type").selectOption("payment");
  const rows = timeline.locator("tbody tr[data-sequence]");
  await expect(rows.first()).toContainText("Payment");
  await expect(page.getByText(`${payments.length} of ${events.length} events`)).toBeVisible();
  for (const text of await rows.allInnerTexts()) expect(text).toContain("Payment");

  const first = payments[0];
  if (!first) throw new Error("no payment");
  await rows.first().click();
  const detail = page.getByRole("region", { name: `Event #${first.sequenceNumber} · Payment` });
  await expect(detail).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`event=${first.sequenceNumber}`));
  const compare = detail.getByRole("table", { name: "State before and after the event" });
  const principal = compare.locator('tr[data-field="principal"]');
  await expect(principal).toHaveAttribute("data-changed", "true");
  await expect(compare.locator('tr[data-field="totals.paid"]')).toHaveAttribute(
    "data-changed",
    "true",
  );
  await expect(detail.getByLabel("Event payload")).toContainText('"allocation"');
  await expect(detail.getByLabel("Event payload")).toContainText(
    `"amount": "${first.eventData.amount}"`,
  );
  await saveScreenshot(page, "auditor-event-detail");
});

test("auditor: sees who created the loan record, beside its events", async ({ page }) => {
  await page.goto("/loans/LN-000003");
  const changes = page.getByRole("table", { name: "Record changes" });
  await expect(changes).toBeVisible();
  const loanInsert = changes
    .getByRole("row")
    .filter({ hasText: "Loan" })
    .filter({ hasText: "insert" });
  await expect(loanInsert).toContainText("seed:servicer");
  await expect(loanInsert).toContainText("LN-000003");
  await changes.scrollIntoViewIfNeeded();
  await saveScreenshot(page, "auditor-record-changes");
});
