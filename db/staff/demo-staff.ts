/**
 * Demo staff for a fresh development database: one account per role, created
 * only when there is no staff account at all, credentials printed once.
 * Passwords are random unless DEMO_STAFF_PASSWORD gives one for all (the e2e
 * suite does, to sign in). Production creates none unless DEMO_STAFF=true.
 */
import { randomBytes } from "node:crypto";
import { ROLES, type Role } from "../../lib/auth/permissions";
import type { Database } from "../client";
import { demoStaffEnabled, type ServerEnv } from "../env";
import { countStaff, createStaff } from "./staff";

const DEMO_STAFF_DOMAIN = "loan-replay.test";

function demoStaffEmail(role: Role): string {
  return `${role}@${DEMO_STAFF_DOMAIN}`;
}

const DEMO_NAMES: Record<Role, string> = {
  agent: "Ada Agent",
  reviewer: "Rita Reviewer",
  auditor: "Otto Auditor",
  servicer: "Sam Servicer",
  admin: "Alex Admin",
};

export interface DemoCredential {
  role: Role;
  name: string;
  email: string;
  password: string;
}

/** Creates the demo accounts if there are no staff; returns what it created. */
export async function ensureDemoStaff(
  db: Database,
  env: Pick<ServerEnv, "NODE_ENV" | "DEMO_STAFF" | "DEMO_STAFF_PASSWORD">,
  log: (line: string) => void = console.log,
): Promise<DemoCredential[]> {
  if (!demoStaffEnabled(env as ServerEnv)) return [];
  if ((await countStaff(db)) > 0) return [];
  const created: DemoCredential[] = [];
  for (const role of ROLES) {
    const password = env.DEMO_STAFF_PASSWORD ?? randomBytes(12).toString("base64url");
    const member = await createStaff(db, {
      name: DEMO_NAMES[role],
      email: demoStaffEmail(role),
      password,
      role,
    });
    created.push({ role, name: member.name, email: member.email, password });
  }
  log("[staff] demo accounts created (shown once; change or disable them in /admin/staff):");
  for (const c of created) log(`[staff]   ${c.role.padEnd(8)} ${c.email.padEnd(28)} ${c.password}`);
  return created;
}
