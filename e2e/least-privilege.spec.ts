/**
 * Least privilege in what is sent, not only in what is shown (issue 14): the
 * loan page's HTML, with the RSC payload inside it, carries for a support
 * agent none of the fields the permission table withholds from that role
 * (who recorded each event, the borrower's email, the change history), while
 * the administrator's page carries them (so the check can fail). The
 * server actions' answers are checked role by role in tests/app/field-access.test.ts.
 */
import { type Browser, expect, test } from "@playwright/test";
import { parseEvents } from "../lib/events/parse";
import { ADMIN_STATE, signIn, staffEmail } from "./staff";

test.use({ storageState: { cookies: [], origins: [] } });

const LOAN = "LN-000001";
const PAGES = [`/loans/${LOAN}`, `/loans/${LOAN}?accruals=daily`, `/loans/${LOAN}?event=2`];

async function agentPage(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, staffEmail("agent"));
  return { context, page };
}

test("the agent's loan page carries no recorder, no borrower email, no change history", async ({
  browser,
}) => {
  const admin = await browser.newContext({ storageState: ADMIN_STATE });
  const events = parseEvents(await (await admin.request.get(`/loans/${LOAN}/events.json`)).json());
  const recorders = [...new Set(events.map((e) => e.recordedBy).filter((r) => r !== undefined))];
  expect(recorders.length).toBeGreaterThan(0);
  const adminHtml = await (await admin.request.get(`/loans/${LOAN}?event=2`)).text();
  // The control: the administrator's page does carry them.
  expect(recorders.some((r) => adminHtml.includes(r as string))).toBe(true);
  const email = /borrower\d+@example\.com/.exec(adminHtml)?.[0];

  const agent = await agentPage(browser);
  for (const path of PAGES) {
    const response = await agent.page.request.get(path);
    expect(response.status(), path).toBe(200);
    const html = await response.text();
    // The page itself rendered (the timeline is in it) ...
    expect(html, path).toContain("Event timeline");
    // ... without who recorded anything, in the markup or the RSC payload.
    for (const r of recorders) expect(html.includes(r as string), `${path}: ${r}`).toBe(false);
    expect(html, path).not.toMatch(/recordedBy\\?":\\?"[^"\\]/);
    if (email) expect(html.includes(email), `${path}: ${email}`).toBe(false);
    expect(html, path).not.toContain("Record changes");
  }

  // The timeline shows the column without names, and the page works.
  await agent.page.goto(`/loans/${LOAN}`);
  const timeline = agent.page.getByRole("table", { name: "Event timeline" });
  await expect(timeline.locator("tr[data-sequence]").first()).toBeVisible();
  for (const r of recorders) await expect(timeline).not.toContainText(r as string);
  await agent.context.close();
  await admin.close();
});
