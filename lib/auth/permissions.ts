/**
 * Who may do what: the one role → permission table. Pure (no I/O, no Next.js),
 * so pages, server actions, route handlers, the CLI and the tests all read the
 * same rules. Enforcement is on the server (app/_lib/auth/require-staff.ts and
 * validatedAction); the UI only hides what the server would refuse anyway.
 */

const PERMISSIONS = [
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

const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
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
const PERMISSION_PHRASES: Record<Permission, string> = {
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

/**
 * Which fields each role's pages, server actions and downloads may carry:
 * each kind of field, and the permissions any one of which unlocks it. The
 * server leaves out what a role lacks before anything is rendered or
 * serialised (lib/presentation/field-access.ts), so it is in neither the HTML
 * nor the RSC payload nor an action's answer; hiding it in the UI is never
 * the check. A field no page sends is listed all the same, so that a page
 * that starts sending it has a rule to follow.
 */
const FIELD_PERMISSIONS = {
  /** When each event was recorded: answers "was my payment applied, and when?". */
  recordedAt: ["view_loans"],
  /** Who recorded each event (staff:<email>, system:…): the servicers' own work, and disputes. */
  recordedBy: ["record_events", "review_disputes"],
  /** The borrower's email address and phone number (the loan and borrower change history). */
  borrowerContact: ["view_audit"],
  /** What the system knew at an earlier instant ("as known at") and the events recorded since. */
  knownAtHistory: ["review_disputes"],
  /** The row-level change history of the loan and its borrower. */
  recordChanges: ["view_audit"],
  /** A loan's stored events as a file (events.json) and its evidence bundle. */
  eventExport: ["export_data"],
} as const satisfies Record<string, readonly Permission[]>;
export type FieldGroup = keyof typeof FIELD_PERMISSIONS;
export const FIELD_GROUPS = Object.keys(FIELD_PERMISSIONS) as FieldGroup[];

/** Whether a role's pages may carry a kind of field. Unknown roles receive nothing. */
export function mayReceive(role: string | null | undefined, field: FieldGroup): boolean {
  return FIELD_PERMISSIONS[field].some((permission) => can(role, permission));
}

/** Every kind of field, and whether the role may receive it. */
export type FieldAccess = Readonly<Record<FieldGroup, boolean>>;

export function fieldAccessOf(role: string | null | undefined): FieldAccess {
  return Object.fromEntries(FIELD_GROUPS.map((f) => [f, mayReceive(role, f)])) as Record<
    FieldGroup,
    boolean
  >;
}

export function notAllowedMessage(permission: Permission): string {
  return `You are not allowed to ${PERMISSION_PHRASES[permission]}. Ask an administrator if you need it.`;
}

/** The actor recorded as `recorded_by` and in the row history for a staff member. */
export function staffActor(email: string): string {
  return `staff:${email.toLowerCase()}`;
}
