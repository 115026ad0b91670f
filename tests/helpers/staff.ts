/**
 * Signed-in staff for integration tests: replaces the session lookup that
 * validatedAction and requireStaff use (app/_lib/auth/current-staff.ts), so
 * actions run through the real permission table and refusal path without a
 * browser. Call `signedOut()` (or `actAs(null)`) to restore the real lookup.
 */
import { type CurrentStaff, setStaffResolver } from "../../app/_lib/auth/current-staff";
import { type Role, staffActor } from "../../lib/auth/permissions";

function testStaff(role: Role, email = `${role}@test.example`): CurrentStaff {
  return { id: `test-${role}`, name: `Test ${role}`, email, role, actor: staffActor(email) };
}

/** From now on, actions see this person signed in (null: nobody). */
export function actAs(staff: CurrentStaff | Role | null): CurrentStaff | null {
  const who = typeof staff === "string" ? testStaff(staff) : staff;
  setStaffResolver(async () => who);
  return who;
}

/** Nobody is signed in. */
export function signedOut(): void {
  setStaffResolver(async () => null);
}

/** Back to the real (cookie) lookup. */
export function restoreSessionLookup(): void {
  setStaffResolver(null);
}
