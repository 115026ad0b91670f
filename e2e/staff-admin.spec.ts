/**
 * The administrator's staff page: a role change stays shown, a failed add
 * keeps what was typed and says why once, disabling asks first, and the
 * messages name roles as the page does.
 */
import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./a11y";
import { saveScreenshot } from "./helpers";
import { signIn, staffEmail } from "./staff";

// The administrator persona, signed in through the sign-in page as the demo administrator.
test.use({ storageState: { cookies: [], origins: [] } });
test.beforeEach(async ({ page }) => {
  await signIn(page, staffEmail("admin"));
  await expect(page.getByTestId("signed-in-as")).toContainText("Administrator");
});

const PASSWORD = "a long initial password";

test("set a role, fail an add, and disable with a confirm step", async ({ page }) => {
  const stamp = Date.now().toString(36);
  const email = `staff-${stamp}@loan-replay.test`;
  const name = `Pat ${stamp}`;
  await page.goto("/admin/staff");
  const add = page.getByRole("form", { name: "Add staff" });

  await add.getByLabel("Name").fill(name);
  await add.getByLabel("Email").fill(email);
  await add.getByLabel("Initial password").fill(PASSWORD);
  await add.getByLabel("Role").selectOption("agent");
  await add.getByRole("button", { name: "Add staff member" }).click();
  await expect(add.getByRole("status")).toHaveText(`Added ${name} (${email}) as Support agent.`);
  await expect(add.getByLabel("Name")).toHaveValue("");
  await expect(add.getByLabel("Email")).toHaveValue("");

  // Set role: the dropdown keeps the new role, the message names it as the dropdown does.
  const row = page.locator(`tr[data-email="${email}"]`);
  const roleCell = row.locator("td").nth(2);
  const accessCell = row.locator("td").nth(4);
  const roleSelect = row.getByLabel(`Role for ${email}`);
  await roleSelect.selectOption("auditor");
  await row.getByRole("button", { name: "Set role" }).click();
  await expect(roleCell.getByRole("status")).toHaveText(`${name} is now Auditor.`);
  await page.waitForTimeout(1000);
  await expect(roleSelect).toHaveValue("auditor");
  await page.reload();
  await expect(
    page.locator(`tr[data-email="${email}"]`).getByLabel(`Role for ${email}`),
  ).toHaveValue("auditor");

  // A failed add: what was typed stays, the reason is said once, next to the field.
  await add.getByLabel("Name").fill(`${name} again`);
  await add.getByLabel("Email").fill(email);
  await add.getByLabel("Initial password").fill(PASSWORD);
  await add.getByLabel("Role").selectOption("servicer");
  await add.getByRole("button", { name: "Add staff member" }).click();
  const reason = `There is already a staff account for ${email}.`;
  await expect(add.getByText(reason)).toHaveCount(1);
  await expect(add.getByRole("alert")).toBeVisible();
  await expect(add.getByLabel("Name")).toHaveValue(`${name} again`);
  await expect(add.getByLabel("Email")).toHaveValue(email);
  await expect(add.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(add.getByLabel("Email")).toHaveAccessibleDescription(reason);
  await expect(add.getByLabel("Initial password")).toHaveValue(PASSWORD);
  await expect(add.getByLabel("Role")).toHaveValue("servicer");

  // A validation failure: one message per problem, none repeated.
  await add.getByLabel("Email").fill(`other-${email}`);
  await add.getByLabel("Initial password").fill("short");
  // Past the browser's own check, to the server's.
  await add.getByLabel("Initial password").evaluate((input) => input.removeAttribute("minlength"));
  await add.getByRole("button", { name: "Add staff member" }).click();
  const tooShort = "The password must be at least 12 characters.";
  await expect(add.getByText(tooShort)).toHaveCount(1);
  await expect(add.getByLabel("Name")).toHaveValue(`${name} again`);
  await expectNoAxeViolations(page, "main");

  // Disable asks first; Cancel changes nothing.
  await row.getByRole("button", { name: `Disable ${email}` }).click();
  const confirm = page.getByRole("dialog", { name: `Disable ${name}?` });
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText(email);
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await expectNoAxeViolations(page, "dialog");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(row.getByRole("cell", { name: "Active", exact: true })).toBeVisible();

  // Escape closes it too; then confirm for real.
  await row.getByRole("button", { name: `Disable ${email}` }).click();
  await page.keyboard.press("Escape");
  await expect(confirm).toHaveCount(0);
  await expect(row.getByRole("cell", { name: "Active", exact: true })).toBeVisible();
  await row.getByRole("button", { name: `Disable ${email}` }).click();
  await confirm.getByRole("button", { name: "Disable", exact: true }).click();
  await expect(accessCell.getByRole("status")).toHaveText(
    `${name} is disabled and signed out everywhere.`,
  );
  await expect(row.getByRole("cell", { name: "Disabled", exact: true })).toBeVisible();
  // Enabling again needs no confirmation.
  await row.getByRole("button", { name: `Enable ${email}` }).click();
  await expect(accessCell.getByRole("status")).toHaveText(`${name} can sign in again.`);
  await expect(row.getByRole("cell", { name: "Active", exact: true })).toBeVisible();
  await saveScreenshot(page, "admin-staff");
});
