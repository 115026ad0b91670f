/**
 * Who may do what: the one role → permission table. Pure (no I/O, no Next.js),
 * so pages, server actions, route handlers, the CLI and the tests all read the
 * same rules. Enforcement is on the server (app/_lib/auth/require-staff.ts and
 * validatedAction); the UI only hides what the server would refuse anyway.
 */

export const PERMISSIONS = [
  /** Loans list, loan page, balances as of a date, timeline, event detail. */
  "view_loans",
  /** Dispute step-through and "as known at" (what the system knew at the time). */
  "review_disputes",
  /** Book-wide audit log and the row-level change history of loans and borrowers. */
  "view_audit",
  /** Recompute the hash chains (chain of custody). */
  "verify_chains",
  /** Portfolio reports: compute, file and compare. */
  "run_reports",
  /** Downloads: audit CSV, report CSV, events.json, evidence bundles. */
  "export_data",
  /** Append servicing events: payments, fees, waivers, reversals, modifications… */
  "record_events",
  /** Add staff, change roles, disable accounts. */
  "manage_staff",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ["agent", "reviewer", "auditor", "servicer", "admin"] as const;
export type Role = (typeof ROLES)[number];

const AGENT: readonly Permission[] = ["view_loans"];
const REVIEWER: readonly Permission[] = [...AGENT, "review_disputes"];
const AUDITOR: readonly Permission[] = [
  ...REVIEWER,
  "view_audit",
  "verify_chains",
  "run_reports",
  "export_data",
];
const SERVICER: readonly Permission[] = [...AGENT, "record_events"];

export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  agent: new Set(AGENT),
  reviewer: new Set(REVIEWER),
  auditor: new Set(AUDITOR),
  servicer: new Set(SERVICER),
  admin: new Set(PERMISSIONS),
};

export const ROLE_LABELS: Record<Role, string> = {
  agent: "Support agent",
  reviewer: "Dispute reviewer",
  auditor: "Auditor",
  servicer: "Servicer",
  admin: "Administrator",
};

/** What a refusal says the person could not do ("You are not allowed to …"). */
export const PERMISSION_PHRASES: Record<Permission, string> = {
  view_loans: "view loans",
  review_disputes: "review disputes or see what was known at an earlier time",
  view_audit: "browse the audit history",
  verify_chains: "verify the chain of custody",
  run_reports: "run or file reports",
  export_data: "export data",
  record_events: "record servicing events",
  manage_staff: "manage staff accounts",
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Whether a role grants a permission. Unknown roles grant nothing. */
export function can(role: string | null | undefined, permission: Permission): boolean {
  return isRole(role) && ROLE_PERMISSIONS[role].has(permission);
}

export function permissionsOf(role: string | null | undefined): Permission[] {
  return isRole(role) ? PERMISSIONS.filter((p) => ROLE_PERMISSIONS[role].has(p)) : [];
}

export function notAllowedMessage(permission: Permission): string {
  return `You are not allowed to ${PERMISSION_PHRASES[permission]}. Ask an administrator if you need it.`;
}

/** The actor recorded as `recorded_by` and in the row history for a staff member. */
export function staffActor(email: string): string {
  return `staff:${email.toLowerCase()}`;
}
