/**
 * Staff accounts from the command line, e.g. the first administrator of a
 * production database (the web page /admin/staff needs one to exist):
 *
 *   STAFF_PASSWORD='…' npm run --silent cli -- staff create --email ada@example.com --name "Ada" --role admin
 *
 * Without STAFF_PASSWORD (or --password) a random password is generated and
 * printed once. Passwords are stored only as scrypt hashes.
 */
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { staff } from "../../db/auth-schema";
import type { Database } from "../../db/client";
import {
  createStaff,
  listStaff,
  normalizeEmail,
  setStaffDisabled,
  setStaffRole,
} from "../../db/staff/staff";
import { AppError } from "../../lib/app-error";
import { isRole, ROLES, type Role } from "../../lib/auth/permissions";
import { CliError, EXIT_OK, parseFlags, required } from "../cli/args";
import type { CommandContext } from "./context";

export const usage = `staff create --email E --name N --role (${ROLES.join("|")}) [--password P] | staff list | staff set-role --email E --role R | staff disable --email E | staff enable --email E   (password: --password, $STAFF_PASSWORD, or a random one printed once)`;

function roleFlag(value: unknown): Role {
  const role = required(value as string | undefined, "role");
  if (!isRole(role)) throw new CliError(`--role must be one of ${ROLES.join(", ")}`);
  return role;
}

async function idOf(db: Database, email: string): Promise<string> {
  const [row] = await db
    .select({ id: staff.id })
    .from(staff)
    .where(eq(staff.email, normalizeEmail(email)));
  if (!row) throw new AppError("not_found", `No staff account for ${email}.`);
  return row.id;
}

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const [action, ...rest] = args;
  const flags = parseFlags(rest, {
    email: { type: "string" },
    name: { type: "string" },
    role: { type: "string" },
    password: { type: "string" },
  });
  switch (action) {
    case "create": {
      const email = required(flags.email, "email");
      const role = roleFlag(flags.role);
      const given = flags.password ?? ctx.env.STAFF_PASSWORD;
      const password = given || randomBytes(15).toString("base64url");
      const member = await ctx.withDatabase(({ db }) =>
        createStaff(db, { email, name: flags.name ?? email, role, password }),
      );
      ctx.printJson({
        created: { id: member.id, email: member.email, name: member.name, role: member.role },
        ...(given ? {} : { password, note: "generated; shown once" }),
      });
      return EXIT_OK;
    }
    case "list": {
      const members = await ctx.withDatabase(({ db }) => listStaff(db));
      ctx.printJson(
        members.map(({ email, name, role, disabled }) => ({ email, name, role, disabled })),
      );
      return EXIT_OK;
    }
    case "set-role": {
      const email = required(flags.email, "email");
      const role = roleFlag(flags.role);
      const member = await ctx.withDatabase(async ({ db }) =>
        setStaffRole(db, await idOf(db, email), role),
      );
      ctx.printJson({ email: member.email, role: member.role });
      return EXIT_OK;
    }
    case "disable":
    case "enable": {
      const email = required(flags.email, "email");
      const member = await ctx.withDatabase(async ({ db }) =>
        setStaffDisabled(db, await idOf(db, email), action === "disable"),
      );
      ctx.printJson({ email: member.email, disabled: member.disabled });
      return EXIT_OK;
    }
    default:
      throw new CliError(
        `unknown staff action ${JSON.stringify(action ?? "")} (expected create, list, set-role, disable or enable)`,
      );
  }
}
