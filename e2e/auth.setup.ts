import { test as setup } from "@playwright/test";
import { ADMIN_STATE, signIn, staffEmail } from "./staff";

setup("sign in as the demo administrator", async ({ page }) => {
  await signIn(page, staffEmail("admin"));
  await page.context().storageState({ path: ADMIN_STATE });
});
