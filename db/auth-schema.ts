/**
 * Staff accounts and sessions (Better Auth's tables, under our names; the
 * drizzle adapter is given this mapping in app/_lib/auth/auth.ts). Property
 * names are Better Auth's field names; columns are snake_case.
 *
 * Passwords live only in `staff_accounts.password`, as Better Auth's scrypt
 * hash (`salt:key`); `staff.role` and `staff.disabled` are read on every
 * session lookup, so a change takes effect on the next request.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

const instant = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const staff = pgTable(
  "staff",
  {
    id: text().primaryKey(),
    name: text().notNull(),
    email: text().notNull().unique(),
    emailVerified: boolean("email_verified").notNull().default(false),
    image: text(),
    role: text().notNull().default("agent"),
    disabled: boolean().notNull().default(false),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    check(
      "staff_role_known",
      sql`${t.role} in ('agent', 'reviewer', 'auditor', 'servicer', 'admin')`,
    ),
    check("staff_email_lowercase", sql`${t.email} = lower(${t.email})`),
  ],
);

export const staffSessions = pgTable(
  "staff_sessions",
  {
    id: text().primaryKey(),
    token: text().notNull().unique(),
    userId: text("user_id")
      .notNull()
      .references(() => staff.id, { onDelete: "cascade" }),
    expiresAt: instant("expires_at").notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [index("staff_sessions_user_id_idx").on(t.userId)],
);

export const staffAccounts = pgTable(
  "staff_accounts",
  {
    id: text().primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => staff.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: instant("access_token_expires_at"),
    refreshTokenExpiresAt: instant("refresh_token_expires_at"),
    scope: text(),
    password: text(),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [index("staff_accounts_user_id_idx").on(t.userId)],
);

export const staffVerifications = pgTable(
  "staff_verifications",
  {
    id: text().primaryKey(),
    identifier: text().notNull(),
    value: text().notNull(),
    expiresAt: instant("expires_at").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [index("staff_verifications_identifier_idx").on(t.identifier)],
);

/** Better Auth's per-IP request rate limit (storage: "database"). */
export const authRateLimits = pgTable("auth_rate_limits", {
  id: text().primaryKey(),
  key: text().notNull().unique(),
  count: integer().notNull(),
  lastRequest: bigint("last_request", { mode: "number" }).notNull(),
});

/**
 * Sign-in attempts per email address (known or not, so the answer never tells
 * whether an account exists), counted before the password is checked and
 * cleared by a success: after too many, sign-in is locked for a while. Rows
 * whose window has passed are pruned (db/staff/sign-in-limit.ts).
 */
export const staffSignInFailures = pgTable(
  "staff_sign_in_failures",
  {
    email: text().primaryKey(),
    failures: integer().notNull().default(0),
    lastFailedAt: instant("last_failed_at").notNull().defaultNow(),
    lockedUntil: instant("locked_until"),
  },
  (t) => [index("staff_sign_in_failures_last_failed_at_idx").on(t.lastFailedAt)],
);

/**
 * Sign-in attempts per client address (IPv4, or an IPv6 /64; "unknown" when
 * it cannot be told) in fixed windows: the same limit for the sign-in page's
 * server action and Better Auth's HTTP endpoint.
 */
export const staffSignInClients = pgTable(
  "staff_sign_in_clients",
  {
    client: text().primaryKey(),
    attempts: integer().notNull(),
    windowStartedAt: instant("window_started_at").notNull(),
  },
  (t) => [index("staff_sign_in_clients_window_idx").on(t.windowStartedAt)],
);

export type StaffRow = typeof staff.$inferSelect;
