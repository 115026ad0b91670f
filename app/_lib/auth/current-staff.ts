/**
 * Who is signed in, for this request: the session cookie looked up by Better
 * Auth, then the account's role and `disabled` flag as stored now. A disabled
 * account, an unknown role or an expired session is "nobody".
 *
 * The lookup is a replaceable function so the integration tests can stand in
 * a signed-in (or signed-out) person without a browser; the role table and the
 * refusal path they exercise are the real ones.
 */
import { headers } from "next/headers";
import { cache } from "react";
import { isRole, type Role, staffActor } from "@/lib/auth/permissions";
import { getAuth } from "./auth";

export interface CurrentStaff {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** `staff:<email>`: recorded_by on events and the actor in the row history. */
  actor: string;
}

export type StaffResolver = () => Promise<CurrentStaff | null>;

/** Builds the signed-in person from a Better Auth session's user, or null. */
export function toCurrentStaff(
  user: { id: string; name: string; email: string; role?: unknown; disabled?: unknown } | null,
): CurrentStaff | null {
  if (user?.disabled !== false || !isRole(user.role)) return null;
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    actor: staffActor(user.email),
  };
}

async function sessionStaff(): Promise<CurrentStaff | null> {
  // Read the request first: it makes the page dynamic (never prerendered at build time).
  const requestHeaders = await headers();
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: requestHeaders });
  return toCurrentStaff(session?.user ?? null);
}

let resolver: StaffResolver = sessionStaff;

/** Tests only: replace the session lookup (pass null to restore the real one). */
export function setStaffResolver(next: StaffResolver | null): void {
  resolver = next ?? sessionStaff;
}

/** The signed-in staff member for this request (looked up once per render). */
export const getCurrentStaff: StaffResolver = cache(() => resolver());
