/**
 * Sign-in as an attacker tries it, against the production build (issue 14):
 * parallel attempts through the sign-in page's server action and through
 * Better Auth's HTTP endpoint, with spoofed X-Forwarded-For; the open
 * redirect in ?next=; a disabled account's answer; the security headers
 * (HSTS, a CSP with a per-request nonce and no 'unsafe-inline' scripts, and
 * pages that still run under it); malformed loan numbers in the URL.
 *
 * Attack traffic comes from other loopback addresses (127.0.0.2 and up,
 * Node's http with `localAddress`), so it is counted against those clients
 * and the browser's 127.0.0.1 (which every other spec signs in from) keeps its
 * own allowance.
 */
import http from "node:http";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { STAFF_PASSWORD, signIn, staffEmail } from "./staff";

const PASSWORD = "a long initial password";
const WRONG = "Incorrect email or password.";
const LOCKED = "Too many failed sign-in attempts for this email address. Try again in 15 minutes.";
const NETWORK = "Too many sign-in attempts from this network. Wait a minute and try again.";

interface Reply {
  status: number;
  location?: string;
  setCookie: string[];
  body: string;
}

/** One request from a chosen local address (the server sees it as the client). */
function send(
  baseURL: string,
  from: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<Reply> {
  const url = new URL(path, baseURL);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: init.method ?? "GET",
        headers: init.headers,
        localAddress: from,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (c: Buffer) => chunks.push(c));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            location: response.headers.location,
            setCookie: response.headers["set-cookie"] ?? [],
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    request.on("error", reject);
    if (init.body) request.write(init.body);
    request.end();
  });
}

/** The sign-in form's fields as the page renders them (the server action's hidden inputs included). */
async function signInFormFields(browser: Browser): Promise<[string, string][]> {
  const { context, page } = await signedOutPage(browser);
  await page.goto("/sign-in");
  const fields = await page.evaluate(() => {
    const form = document.querySelector<HTMLFormElement>('form[aria-label="Sign in"]');
    if (!form) throw new Error("no sign-in form");
    return [...new FormData(form).entries()].map(([k, v]) => [k, String(v)] as [string, string]);
  });
  await context.close();
  return fields;
}

/** Fill in and submit the sign-in form on the page as it is (keeping its ?next=). */
async function submitSignIn(page: Page, email: string, password = STAFF_PASSWORD): Promise<void> {
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill(password);
  await form.getByRole("button", { name: "Sign in" }).click();
}

function multipart(fields: [string, string][]): { body: Buffer; type: string } {
  const boundary = `----e2e${Math.random().toString(16).slice(2)}`;
  const parts = fields.map(
    ([name, value]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return {
    body: Buffer.from(`${parts.join("")}--${boundary}--\r\n`),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

/** Submit the sign-in form as a browser without JavaScript would (the server action, progressively enhanced). */
function postSignInForm(
  baseURL: string,
  from: string,
  fields: [string, string][],
  email: string,
  password: string,
  spoof?: string,
): Promise<Reply> {
  const filled = fields.map(([k, v]): [string, string] =>
    k === "email" ? [k, email] : k === "password" ? [k, password] : [k, v],
  );
  const { body, type } = multipart(filled);
  return send(baseURL, from, "/sign-in", {
    method: "POST",
    headers: {
      "content-type": type,
      origin: baseURL,
      ...(spoof ? { "x-forwarded-for": spoof } : {}),
    },
    body,
  });
}

/** What the sign-in page said: a redirect (signed in) or its alert. */
function outcome(reply: Reply): string {
  if (reply.status === 303 || reply.status === 307) return `redirect ${reply.location}`;
  const alert = /role="alert"[^>]*>([^<]*)</.exec(reply.body)?.[1];
  return alert ? alert.replace(/&#x27;|&#39;/g, "'") : `HTTP ${reply.status}`;
}

const tally = (items: string[]) =>
  items.reduce<Record<string, number>>((acc, item) => {
    acc[item] = (acc[item] ?? 0) + 1;
    return acc;
  }, {});

const spoofed = (i: number) => `198.51.100.${i % 250}, 203.0.113.${(i * 7) % 250}`;

async function addStaff(page: Page, email: string, name: string): Promise<void> {
  await page.goto("/admin/staff");
  const add = page.getByRole("form", { name: "Add staff" });
  await add.getByLabel("Name").fill(name);
  await add.getByLabel("Email").fill(email);
  await add.getByLabel("Initial password").fill(PASSWORD);
  await add.getByLabel("Role").selectOption("agent");
  await add.getByRole("button", { name: "Add staff member" }).click();
  await expect(add.getByRole("status")).toHaveText(`Added ${name} (${email}) as Support agent.`);
}

async function signedOutPage(browser: Browser) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  return { context, page: await context.newPage() };
}

test.describe("parallel sign-in attempts", () => {
  test("through the server action: at most 5 passwords are checked; the right one as the 20th is refused", async ({
    page,
    browser,
    baseURL,
  }) => {
    const stamp = Date.now().toString(36);
    const email = `parallel-${stamp}@loan-replay.test`;
    await addStaff(page, email, `Parallel ${stamp}`);
    const fields = await signInFormFields(browser);

    // 40 at once, spread over four clients (so the per-client limit is not what stops them).
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        postSignInForm(
          baseURL as string,
          `127.0.0.${10 + (i % 4)}`,
          fields,
          email,
          i === 19 ? PASSWORD : `wrong guess ${i}`,
          spoofed(i),
        ),
      ),
    );
    const outcomes = replies.map(outcome);
    const counts = tally(outcomes);
    expect(Object.keys(counts).sort()).toEqual([LOCKED, WRONG].sort());
    expect(counts[WRONG]).toBe(5);
    expect(counts[LOCKED]).toBe(35);
    expect(outcomes[19]).toBe(LOCKED);
    expect(replies.flatMap((r) => r.setCookie).join("\n")).not.toContain("session_token=");

    // In the browser: the right password is refused too, with the lock's message.
    const { context, page: fresh } = await signedOutPage(browser);
    await fresh.goto("/sign-in");
    const form = fresh.getByRole("form", { name: "Sign in" });
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Password").fill(PASSWORD);
    await form.getByRole("button", { name: "Sign in" }).click();
    await expect(form.getByRole("alert")).toHaveText(LOCKED);
    await expect(fresh).toHaveURL(/\/sign-in/);
    await context.close();
  });

  test("through the server action: 30 attempts per client a minute, whatever X-Forwarded-For says", async ({
    browser,
    baseURL,
  }) => {
    const fields = await signInFormFields(browser);
    const stamp = Date.now().toString(36);
    const replies = await Promise.all(
      Array.from({ length: 35 }, (_, i) =>
        postSignInForm(
          baseURL as string,
          "127.0.0.20",
          fields,
          `spray-${stamp}-${i}@loan-replay.test`,
          "wrong guess",
          spoofed(i),
        ),
      ),
    );
    expect(tally(replies.map(outcome))).toEqual({ [WRONG]: 30, [NETWORK]: 5 });

    // The browser's own address is another client: it still signs in.
    const { context, page: fresh } = await signedOutPage(browser);
    await signIn(fresh, staffEmail("agent"));
    await context.close();
  });

  test("through the HTTP endpoint: the same limit, and a spoofed X-Forwarded-For does not reset it", async ({
    baseURL,
  }) => {
    const stamp = Date.now().toString(36);
    const replies = await Promise.all(
      Array.from({ length: 35 }, (_, i) =>
        send(baseURL as string, "127.0.0.21", "/api/auth/sign-in/email", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            origin: baseURL as string,
            "x-forwarded-for": spoofed(i),
          },
          body: JSON.stringify({ email: `http-${stamp}-${i}@loan-replay.test`, password: "x" }),
        }),
      ),
    );
    expect(tally(replies.map((r) => String(r.status)))).toEqual({ "401": 30, "429": 5 });
    const refused = replies.find((r) => r.status === 429);
    expect(JSON.parse(refused?.body ?? "{}").message).toBe(NETWORK);
  });
});

test("a disabled account is told exactly what a wrong password is told", async ({
  page,
  browser,
}) => {
  const stamp = Date.now().toString(36);
  const email = `disabled-${stamp}@loan-replay.test`;
  const name = `Disabled ${stamp}`;
  await addStaff(page, email, name);
  const row = page.locator(`tr[data-email="${email}"]`);
  await row.getByRole("button", { name: `Disable ${email}` }).click();
  await page
    .getByRole("dialog", { name: `Disable ${name}?` })
    .getByRole("button", { name: "Disable", exact: true })
    .click();
  await expect(row.getByRole("cell", { name: "Disabled", exact: true })).toBeVisible();

  const { context, page: fresh } = await signedOutPage(browser);
  const answer = async (password: string) => {
    await fresh.goto("/sign-in");
    const form = fresh.getByRole("form", { name: "Sign in" });
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Password").fill(password);
    await form.getByRole("button", { name: "Sign in" }).click();
    await expect(form.getByRole("alert")).toBeVisible();
    return form.getByRole("alert").textContent();
  };
  expect(await answer(PASSWORD)).toBe(WRONG);
  expect(await answer("not the password")).toBe(WRONG);
  await context.close();
});

test.describe("where sign-in sends you", () => {
  for (const next of [
    "/%09/evil.example",
    "/%0A/evil.example",
    "/%5Cevil.example",
    "//evil.example",
    "/.//evil.example",
    "https://evil.example/",
  ]) {
    test(`next=${next} stays on this site`, async ({ browser, baseURL }) => {
      const { context, page } = await signedOutPage(browser);
      await page.goto(`/sign-in?next=${next}`);
      await submitSignIn(page, staffEmail("agent"));
      await expect(page).toHaveURL(/\/loans$/);
      expect(new URL(page.url()).origin).toBe(new URL(baseURL as string).origin);
      await context.close();
    });
  }

  test("a real path on this site is kept", async ({ browser }) => {
    const { context, page } = await signedOutPage(browser);
    await page.goto("/loans/LN-000001?asOf=2025-01-01");
    await expect(page).toHaveURL(/\/sign-in\?next=/);
    await submitSignIn(page, staffEmail("agent"));
    await expect(page).toHaveURL(/\/loans\/LN-000001\?asOf=2025-01-01$/);
    await context.close();
  });
});

test.describe("security headers", () => {
  test("HSTS, and a CSP whose scripts need this response's nonce", async ({ page }) => {
    const first = await page.request.get("/sign-in");
    const second = await page.request.get("/loans");
    for (const response of [first, second]) {
      const headers = response.headers();
      expect(headers["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
      const script = headers["content-security-policy"]
        ?.split("; ")
        .find((d) => d.startsWith("script-src "));
      expect(script).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/]+={0,2}' 'strict-dynamic'$/);
      expect(script).not.toContain("unsafe-inline");
      expect(headers["x-frame-options"]).toBe("DENY");
      expect(headers["x-content-type-options"]).toBe("nosniff");
    }
    const nonceOf = (csp: string | undefined) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1];
    const nonce = nonceOf(first.headers()["content-security-policy"]);
    expect(nonce).toBeTruthy();
    expect(nonce).not.toBe(nonceOf(second.headers()["content-security-policy"]));
    // Next.js put that nonce on the page's scripts, inline ones included.
    const html = await first.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });

  test("pages run under the policy: inline bootstrap executed, React hydrated, no violations", async ({
    page,
  }) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    page.on("pageerror", (error) => violations.push(error.message));
    for (const path of ["/loans", "/loans/LN-000001"]) {
      await page.goto(path);
      // __next_f is filled by Next.js's inline scripts; React's props on a DOM node mean it hydrated.
      await expect
        .poll(
          () =>
            page.evaluate(() => {
              const flight = (self as unknown as { __next_f?: unknown[] }).__next_f;
              const node = document.querySelector("header a");
              return {
                inline: Array.isArray(flight),
                hydrated: !!node && Object.keys(node).some((k) => k.startsWith("__reactProps")),
              };
            }),
          { message: path },
        )
        .toEqual({ inline: true, hydrated: true });
    }
    expect(violations).toEqual([]);
  });
});

test("malformed loan numbers in the URL are 404, never 500", async ({ page }) => {
  for (const path of [
    "/loans/%E0%A4%A",
    "/loans/%E0%A4%A/review",
    "/loans/%E0%A4%A/events.json",
    "/loans/%E0%A4%A/evidence.json",
    "/loans/%25/events.json",
    "/loans/%25/evidence.json",
    "/loans/%25",
    "/loans/LN-000001%00",
    "/loans/LN-000001%00/events.json",
  ]) {
    const response = await page.request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(404);
  }
  // A well-formed number that does not exist is still the app's own 404.
  expect((await page.request.get("/loans/LN-999999/events.json")).status()).toBe(404);
  expect((await page.request.get("/loans/LN-000001/events.json")).status()).toBe(200);
});

test("sign-in with the demo password still works after all that", async ({ browser }) => {
  const { context, page } = await signedOutPage(browser);
  await signIn(page, staffEmail("reviewer"), STAFF_PASSWORD);
  await context.close();
});
