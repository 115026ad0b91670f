/**
 * Staff accounts: create, list, change role, disable. Passwords are hashed with
 * Better Auth's scrypt (the same function its sign-in verifies with) and stored
 * only in staff_accounts; disabling an account deletes its sessions in the same
 * transaction, so it loses access at once.
 */
import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { and, asc, count, eq, ne } from "drizzle-orm";
import { AppError } from "../../lib/app-error";
import { isRole, type Role } from "../../lib/auth/permissions";
import { staff, staffAccounts, staffSessions } from "../auth-schema";
import type { Database } from "../client";

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;
/** Better Auth's provider id for email + password accounts. */
const CREDENTIAL_PROVIDER = "credential";

export interface StaffMember {
  id: string;
  name: string;
  email: string;
  role: Role;
  disabled: boolean;
  createdAt: Date;
}

export interface NewStaff {
  name: string;
  email: string;
  password: string;
  role: Role;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function toMember(row: typeof staff.$inferSelect): StaffMember {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: isRole(row.role) ? row.role : "agent",
    disabled: row.disabled,
    createdAt: row.createdAt,
  };
}

function checkPassword(password: string): void {
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
    throw new AppError(
      "invalid_input",
      `The password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`,
      { field: "password" },
    );
  }
}

export async function createStaff(db: Database, input: NewStaff): Promise<StaffMember> {
  const email = normalizeEmail(input.email);
  const name = input.name.trim();
  if (!name) throw new AppError("invalid_input", "Enter the person's name.", { field: "name" });
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
    throw new AppError("invalid_input", "Enter an email address.", { field: "email" });
  }
  if (!isRole(input.role)) throw new AppError("invalid_input", "Choose a role.", { field: "role" });
  checkPassword(input.password);
  const hash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: staff.id }).from(staff).where(eq(staff.email, email));
    if (existing) {
      throw new AppError("conflict", `There is already a staff account for ${email}.`, {
        field: "email",
      });
    }
    const id = randomUUID();
    const [row] = await tx
      .insert(staff)
      .values({ id, name, email, role: input.role, emailVerified: true })
      .returning();
    await tx.insert(staffAccounts).values({
      id: randomUUID(),
      userId: id,
      accountId: id,
      providerId: CREDENTIAL_PROVIDER,
      password: hash,
    });
    if (!row) throw new AppError("internal", "The account was not created.");
    return toMember(row);
  });
}

export async function listStaff(db: Database): Promise<StaffMember[]> {
  const rows = await db.select().from(staff).orderBy(asc(staff.disabled), asc(staff.email));
  return rows.map(toMember);
}

export async function countStaff(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(staff);
  return row?.n ?? 0;
}

async function requireMember(db: Pick<Database, "select">, id: string) {
  const [row] = await db.select().from(staff).where(eq(staff.id, id)).for("update");
  if (!row) throw new AppError("not_found", "No such staff account.");
  return row;
}

/** The last enabled administrator cannot be demoted or disabled: someone must manage staff. */
async function assertAnotherAdmin(tx: Pick<Database, "select">, id: string) {
  const [row] = await tx
    .select({ n: count() })
    .from(staff)
    .where(and(eq(staff.role, "admin"), eq(staff.disabled, false), ne(staff.id, id)));
  if ((row?.n ?? 0) === 0) {
    throw new AppError(
      "rule_violation",
      "This is the only active administrator: make someone else an administrator first.",
    );
  }
}

export async function setStaffRole(db: Database, id: string, role: Role): Promise<StaffMember> {
  if (!isRole(role)) throw new AppError("invalid_input", "Choose a role.", { field: "role" });
  return db.transaction(async (tx) => {
    const current = await requireMember(tx, id);
    if (current.role === "admin" && role !== "admin" && !current.disabled) {
      await assertAnotherAdmin(tx, id);
    }
    const [row] = await tx
      .update(staff)
      .set({ role, updatedAt: new Date() })
      .where(eq(staff.id, id))
      .returning();
    if (!row) throw new AppError("not_found", "No such staff account.");
    return toMember(row);
  });
}

/** Disable (and sign out everywhere) or re-enable an account. */
export async function setStaffDisabled(
  db: Database,
  id: string,
  disabled: boolean,
): Promise<StaffMember> {
  return db.transaction(async (tx) => {
    const current = await requireMember(tx, id);
    if (disabled && current.role === "admin" && !current.disabled) {
      await assertAnotherAdmin(tx, id);
    }
    const [row] = await tx
      .update(staff)
      .set({ disabled, updatedAt: new Date() })
      .where(eq(staff.id, id))
      .returning();
    if (disabled) await tx.delete(staffSessions).where(eq(staffSessions.userId, id));
    if (!row) throw new AppError("not_found", "No such staff account.");
    return toMember(row);
  });
}
