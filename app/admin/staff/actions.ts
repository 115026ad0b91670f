"use server";
/**
 * Staff management (manage_staff): add an account, change a role, disable or
 * re-enable. Disabling deletes the account's sessions in the same transaction.
 * An administrator cannot change or disable their own account here (another
 * administrator must), and the last active administrator stays one.
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import {
  createStaff,
  PASSWORD_MAX,
  PASSWORD_MIN,
  setStaffDisabled,
  setStaffRole,
} from "@/db/staff/staff";
import { AppError } from "@/lib/app-error";
import { ROLES } from "@/lib/auth/permissions";
import type { CurrentStaff } from "../../_lib/auth/current-staff";
import { validatedAction } from "../../_lib/validated-action";
import { accessMessage, addedMessage, roleSetMessage } from "./messages";

const MANAGE = { permission: "manage_staff" } as const;
const role = z.enum(ROLES, { error: "Choose a role." });
const staffId = z.string({ error: "No staff account given." }).min(1).max(64);

const createStaffSchema = z.object({
  name: z
    .string({ error: "Enter the person's name." })
    .trim()
    .min(1, "Enter the person's name.")
    .max(100, "Keep the name under 100 characters."),
  email: z
    .string({ error: "Enter an email address." })
    .trim()
    .toLowerCase()
    .max(254, "Enter an email address.")
    .pipe(z.email("Enter an email address.")),
  password: z
    .string({ error: "Enter an initial password." })
    .min(PASSWORD_MIN, `The password must be at least ${PASSWORD_MIN} characters.`)
    .max(PASSWORD_MAX, `The password must be at most ${PASSWORD_MAX} characters.`),
  role,
});

function notYourself(staff: CurrentStaff, id: string) {
  if (staff.id === id) {
    throw new AppError(
      "rule_violation",
      "You cannot change or disable your own account; ask another administrator.",
    );
  }
}

function done<T>(value: T): T {
  revalidatePath("/admin/staff");
  return value;
}

export const createStaffAction = validatedAction(
  createStaffSchema,
  async (input) => {
    const member = await createStaff(await getDb(), input);
    return done({ message: addedMessage(member) });
  },
  MANAGE,
);

export const setStaffRoleAction = validatedAction(
  z.object({ id: staffId, role }),
  async (input, staff) => {
    notYourself(staff, input.id);
    const member = await setStaffRole(await getDb(), input.id, input.role);
    return done({ message: roleSetMessage(member) });
  },
  MANAGE,
);

export const setStaffDisabledAction = validatedAction(
  z.object({ id: staffId, disabled: z.enum(["true", "false"]) }),
  async (input, staff) => {
    notYourself(staff, input.id);
    const member = await setStaffDisabled(await getDb(), input.id, input.disabled === "true");
    return done({ message: accessMessage(member) });
  },
  MANAGE,
);
