/** Every page names an app icon that exists (no favicon 404s), signed in or not. */
import { expect, type Page, test } from "@playwright/test";

function notFound(page: Page): string[] {
  const missing: string[] = [];
  page.on("response", (response) => {
    if (response.status() === 404) missing.push(response.url());
  });
  return missing;
}

async function expectIcon(page: Page) {
  const link = page.locator('link[rel="icon"]').first();
  await expect(link).toHaveAttribute("href", /^\/icon\.svg/);
  const href = (await link.getAttribute("href")) ?? "";
  const response = await page.request.get(href, { maxRedirects: 0 });
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("image/svg+xml");
  expect(await response.text()).toContain("<svg");
}

test("the sign-in page's icon loads before anyone signs in", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const missing = notFound(page);
  await page.goto("/sign-in");
  await expectIcon(page);
  expect(missing).toEqual([]);
  await context.close();
});

test("every signed-in page names the icon, and nothing it asks for is missing", async ({
  page,
}) => {
  const missing = notFound(page);
  for (const path of [
    "/loans",
    "/loans/LN-000001",
    "/audit",
    "/reports/portfolio",
    "/admin/staff",
  ]) {
    await page.goto(path);
    await expectIcon(page);
  }
  expect(missing).toEqual([]);
});
