/** The demo staff the e2e server creates (scripts/e2e-server.mjs), and signing in as them. */
import { expect, type Page } from "@playwright/test";

export const STAFF_PASSWORD = process.env.E2E_STAFF_PASSWORD ?? "e2e-staff-password";
export const ROLES = ["agent", "reviewer", "auditor", "servicer", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Where auth.setup.ts saves the administrator's session (used by every spec by default). */
export const ADMIN_STATE = ".data/e2e-auth/admin.json";

export function staffEmail(role: Role): string {
  return `${role}@loan-replay.test`;
}

export async function signIn(page: Page, email: string, password = STAFF_PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill(password);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/loans/);
}
