/**
 * The server-side checks, one per kind of caller; each reads the role table in
 * lib/auth/permissions.ts:
 * - pages: `await requireStaff("view_loans")` redirects to sign-in without a
 *   session and renders the 403 page (app/forbidden.tsx) without the permission;
 * - route handlers: `const staff = await staffForRoute("export_data")`, then
 *   `if (staff instanceof Response) return staff` (401 / 403, no body detail);
 * - server actions: validatedAction(schema, work, { permission }) calls
 *   `authorize(permission)`, which throws AppError("forbidden").
 */
import { forbidden, redirect } from "next/navigation";
import { AppError } from "@/lib/app-error";
import { can, notAllowedMessage, type Permission } from "@/lib/auth/permissions";
import { type CurrentStaff, getCurrentStaff } from "./current-staff";

const SIGN_IN_AGAIN = "Your session has ended. Please sign in again.";

/** For actions: the signed-in staff member holding `permission`, else AppError("forbidden"). */
export async function authorize(permission: Permission): Promise<CurrentStaff> {
  const staff = await getCurrentStaff();
  if (!staff) throw new AppError("forbidden", SIGN_IN_AGAIN, { reason: "unauthenticated" });
  assertCan(staff, permission);
  return staff;
}

/** A further check inside a permitted action (e.g. "as known at" needs review_disputes). */
export function assertCan(staff: CurrentStaff, permission: Permission): void {
  if (!can(staff.role, permission)) {
    throw new AppError("forbidden", notAllowedMessage(permission), { permission });
  }
}

/** For pages: redirect to sign-in, or the 403 page. */
export async function requireStaff(permission: Permission): Promise<CurrentStaff> {
  const staff = await getCurrentStaff();
  if (!staff) redirect("/sign-in");
  if (!can(staff.role, permission)) forbidden();
  return staff;
}

/** For route handlers: the staff member, or the 401/403 response to return. */
export async function staffForRoute(permission: Permission): Promise<CurrentStaff | Response> {
  const staff = await getCurrentStaff();
  const headers = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };
  if (!staff) return new Response("Sign in to continue.\n", { status: 401, headers });
  if (!can(staff.role, permission)) {
    return new Response(`${notAllowedMessage(permission)}\n`, { status: 403, headers });
  }
  return staff;
}
