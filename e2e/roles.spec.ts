/**
 * Each role, signed in through the sign-in page in its own browser context:
 * what it can reach and what the server refuses (403 pages, "not allowed"
 * action results), attribution of a servicer's payment, and staff management.
 */
import {
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  expect,
  type Page,
  test,
} from "@playwright/test";
import { parseEvents } from "../lib/events/parse";
import { ADMIN_STATE, ROLES, type Role, STAFF_PASSWORD, signIn, staffEmail } from "./staff";

test.use({ storageState: { cookies: [], origins: [] } });

const LOAN = "LN-000001";

async function as(browser: Browser, role: Role): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, staffEmail(role));
  return { context, page };
}

async function eventCount(request: APIRequestContext): Promise<number> {
  const response = await request.get(`/loans/${LOAN}/events.json`);
  expect(response.status()).toBe(200);
  return parseEvents(await response.json()).length;
}

const EXPECT: Record<
  Role,
  {
    audit: boolean;
    review: boolean;
    staff: boolean;
    record: boolean;
    knownAt: boolean;
    exports: boolean;
  }
> = {
  agent: {
    audit: false,
    review: false,
    staff: false,
    record: false,
    knownAt: false,
    exports: false,
  },
  reviewer: {
    audit: false,
    review: true,
    staff: false,
    record: false,
    knownAt: true,
    exports: false,
  },
  auditor: { audit: true, review: true, staff: false, record: false, knownAt: true, exports: true },
  servicer: {
    audit: false,
    review: false,
    staff: false,
    record: true,
    knownAt: false,
    exports: false,
  },
  admin: { audit: true, review: true, staff: true, record: true, knownAt: true, exports: true },
};

test("without a session every page leads to sign-in; a wrong password is refused", async ({
  page,
}) => {
  await page.goto(`/loans/${LOAN}?asOf=2025-01-01`);
  await expect(page).toHaveURL(/\/sign-in\?next=%2Floans%2FLN-000001/);
  const response = await page.request.get("/audit/export.csv", { maxRedirects: 0 });
  expect(response.status()).toBe(307);

  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(staffEmail("agent"));
  await form.getByLabel("Password").fill("not the password");
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(form.getByRole("alert")).toHaveText("Incorrect email or password.");
  await expect(page).toHaveURL(/\/sign-in/);
});

for (const role of ROLES) {
  test(`${role}: reaches what the role allows, and the server refuses the rest`, async ({
    browser,
  }) => {
    const { context, page } = await as(browser, role);
    const can = EXPECT[role];
    await expect(page.getByTestId("signed-in-as")).toContainText(
      /Agent|Reviewer|Auditor|Servicer|Administrator/,
    );

    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Loans" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Audit" })).toHaveCount(can.audit ? 1 : 0);
    await expect(nav.getByRole("link", { name: "Staff" })).toHaveCount(can.staff ? 1 : 0);

    // The loan page: balances and timeline for everyone; the rest by role.
    await page.goto(`/loans/${LOAN}`);
    await expect(page.getByRole("table", { name: "Event timeline" })).toBeVisible();
    await expect(page.getByTestId("figure-principal")).toBeVisible();
    await expect(page.getByRole("form", { name: "Record payment" })).toHaveCount(
      can.record ? 1 : 0,
    );
    await expect(page.getByRole("checkbox", { name: "As known at" })).toHaveCount(
      can.knownAt ? 1 : 0,
    );

    const status = async (url: string) => (await page.goto(url))?.status();
    expect(await status("/audit")).toBe(can.audit ? 200 : 403);
    if (!can.audit) await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
    expect(await status(`/loans/${LOAN}/review`)).toBe(can.review ? 200 : 403);
    expect(await status("/admin/staff")).toBe(can.staff ? 200 : 403);
    expect((await page.request.get(`/loans/${LOAN}/events.json`)).status()).toBe(
      can.exports ? 200 : 403,
    );
    expect((await page.request.get("/audit/export.csv?type=payment")).status()).toBe(
      can.exports && can.audit ? 200 : 403,
    );

    // Signing out ends the session: the next page is the sign-in page.
    await page.goto("/loans");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/loans");
    await expect(page).toHaveURL(/\/sign-in/);
    await context.close();
  });
}

test("a servicer's payment is recorded in their name; an agent cannot call the same action", async ({
  browser,
}) => {
  const admin = await browser.newContext({ storageState: ADMIN_STATE });
  const before = await eventCount(admin.request);

  // The servicer records a payment; keep the exact server-action request it sent.
  const servicer = await as(browser, "servicer");
  await servicer.page.goto(`/loans/${LOAN}`);
  const form = servicer.page.getByRole("form", { name: "Record payment" });
  await form.getByLabel("Amount").fill("100.00");
  await form.getByLabel("Reference (optional)").fill("E2E-ROLES-1");
  await form.getByRole("button", { name: "Record payment" }).click();
  const review = form.getByTestId("review-panel");
  await expect(review).toContainText("Posting appends");
  const sent = servicer.page.waitForRequest(
    (r) => r.method() === "POST" && r.headers()["next-action"] !== undefined,
  );
  await review.getByRole("button", { name: "Post" }).click();
  const actionRequest = await sent;
  await expect(form.getByRole("status")).toContainText("Recorded #");
  const recorded = /Recorded #(\d+)/.exec((await form.getByRole("status").textContent()) ?? "");
  const sequence = recorded?.[1];
  expect(sequence).toBeDefined();
  expect(await eventCount(admin.request)).toBeGreaterThan(before);

  // The timeline shows who recorded it.
  await servicer.page.getByLabel("Event type").selectOption("payment");
  const row = servicer.page.locator(`tr[data-sequence="${sequence}"]`);
  await row.scrollIntoViewIfNeeded();
  await expect(row).toContainText("staff:servicer@loan-replay.test");

  // The agent has no form to use…
  const agent = await as(browser, "agent");
  await agent.page.goto(`/loans/${LOAN}`);
  await expect(agent.page.getByRole("heading", { name: "Record an event" })).toHaveCount(0);
  await expect(agent.page.getByRole("form", { name: "Record payment" })).toHaveCount(0);

  // …and posting the servicer's exact action request with the agent's session is refused.
  const afterServicer = await eventCount(admin.request);
  const headers = await actionRequest.allHeaders();
  for (const name of ["cookie", "content-length", "host", "connection"]) delete headers[name];
  const replayed = await agent.context.request.post(actionRequest.url(), {
    headers,
    data: actionRequest.postDataBuffer() ?? "",
  });
  const text = await replayed.text();
  expect(text).toContain("You are not allowed to record servicing events");
  expect(await eventCount(admin.request)).toBe(afterServicer);

  await Promise.all([admin.close(), servicer.context.close(), agent.context.close()]);
});

test("an administrator adds a staff member, who is cut off at once when disabled", async ({
  browser,
}) => {
  const admin = await browser.newContext({ storageState: ADMIN_STATE });
  const adminPage = await admin.newPage();
  await adminPage.goto("/admin/staff");
  const email = `temp-${Date.now()}@loan-replay.test`;
  const add = adminPage.getByRole("form", { name: "Add staff" });
  await add.getByLabel("Name").fill("Temp Reviewer");
  await add.getByLabel("Email").fill(email);
  await add.getByLabel("Initial password").fill(STAFF_PASSWORD);
  await add.getByLabel("Role").selectOption("reviewer");
  await add.getByRole("button", { name: "Add staff member" }).click();
  await expect(add.getByRole("status")).toContainText(`Added Temp Reviewer (${email})`);

  const temp = await browser.newContext();
  const tempPage = await temp.newPage();
  await signIn(tempPage, email);
  expect((await tempPage.goto(`/loans/${LOAN}/review`))?.status()).toBe(200);

  await adminPage.reload();
  await adminPage.getByRole("button", { name: `Disable ${email}` }).click();
  await adminPage
    .getByRole("dialog", { name: "Disable Temp Reviewer?" })
    .getByRole("button", { name: "Disable", exact: true })
    .click();
  await expect(
    adminPage.getByRole("status").filter({ hasText: "signed out everywhere" }),
  ).toBeVisible();

  // The same browser, the same cookie: no longer a session.
  await tempPage.goto(`/loans/${LOAN}`);
  await expect(tempPage).toHaveURL(/\/sign-in/);
  const signInForm = tempPage.getByRole("form", { name: "Sign in" });
  await signInForm.getByLabel("Email").fill(email);
  await signInForm.getByLabel("Password").fill(STAFF_PASSWORD);
  await signInForm.getByRole("button", { name: "Sign in" }).click();
  // Refused with a wrong password's answer: it must not confirm the password was right.
  await expect(signInForm.getByRole("alert")).toHaveText("Incorrect email or password.");

  await Promise.all([admin.close(), temp.close()]);
});

test("responses carry the security headers", async ({ page }) => {
  const response = await page.goto("/sign-in");
  const headers = response?.headers() ?? {};
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toContain("default-src 'self'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-powered-by"]).toBeUndefined();
});
