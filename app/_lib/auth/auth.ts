/**
 * Staff sign-in with Better Auth (email + password, scrypt hashes, http-only
 * session cookies) over the app's drizzle database. One factory for the app
 * and the tests: `createAuth(db)`; the app's instance is `getAuth()`.
 *
 * Beyond Better Auth's defaults:
 * - no self sign-up: administrators create accounts (/admin/staff, the CLI);
 * - every endpoint the console does not use is disabled;
 * - role and disabled are server-only fields (never accepted as input);
 * - a disabled account cannot get a session (and loses its sessions when disabled);
 * - failed sign-ins are limited per email address (db/staff/sign-in-limit.ts),
 *   on top of Better Auth's per-IP rate limit, stored in the database.
 */

import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import {
  authRateLimits,
  staff,
  staffAccounts,
  staffSessions,
  staffVerifications,
} from "@/db/auth-schema";
import type { Database } from "@/db/client";
import { authSecret, readServerEnv } from "@/db/env";
import { clearSignInFailures, recordSignInFailure, signInLock } from "@/db/staff/sign-in-limit";
import { normalizeEmail, PASSWORD_MAX, PASSWORD_MIN } from "@/db/staff/staff";
import { COOKIE_PREFIX } from "./cookie";

/** A working day: sessions end 8 hours after the last refresh; refreshed at most hourly. */
export const SESSION_EXPIRES_IN = 8 * 60 * 60;
export const SESSION_UPDATE_AGE = 60 * 60;

export const LOCKED_MESSAGE =
  "Too many failed sign-in attempts for this email address. Try again in 15 minutes.";

/** Endpoints the console never calls: off, so the catch-all route does not expose them. */
const DISABLED_PATHS = [
  "/sign-up/email",
  "/update-user",
  "/delete-user",
  "/change-email",
  "/change-password",
  "/set-password",
  "/request-password-reset",
  "/reset-password",
  "/send-verification-email",
  "/verify-email",
  "/link-social",
  "/unlink-account",
  "/list-accounts",
  "/refresh-token",
  "/get-access-token",
  "/account-info",
  "/sign-in/social",
];

export interface CreateAuthOptions {
  secret?: string;
  baseURL?: string;
  /** Set cookies through next/headers from server actions (the app); off in tests. */
  nextCookies?: boolean;
  /** Per-IP request limit on the HTTP endpoints (default: on). */
  rateLimit?: boolean;
}

function bodyEmail(body: unknown): string | null {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" ? normalizeEmail(email) : null;
}

export function createAuth(db: Database, options: CreateAuthOptions = {}) {
  return betterAuth({
    appName: "loan-replay",
    secret: options.secret,
    baseURL: options.baseURL,
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: {
        staff,
        staff_sessions: staffSessions,
        staff_accounts: staffAccounts,
        staff_verifications: staffVerifications,
        auth_rate_limits: authRateLimits,
      },
    }),
    user: {
      modelName: "staff",
      additionalFields: {
        role: { type: "string", required: true, defaultValue: "agent", input: false },
        disabled: { type: "boolean", required: true, defaultValue: false, input: false },
      },
    },
    session: {
      modelName: "staff_sessions",
      expiresIn: SESSION_EXPIRES_IN,
      updateAge: SESSION_UPDATE_AGE,
      // No cookie cache: every request reads the session and the account, so
      // a disabled account or a changed role takes effect at once.
      cookieCache: { enabled: false },
    },
    account: { modelName: "staff_accounts" },
    verification: { modelName: "staff_verifications" },
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: PASSWORD_MIN,
      maxPasswordLength: PASSWORD_MAX,
    },
    rateLimit: {
      enabled: options.rateLimit ?? true,
      storage: "database",
      modelName: "auth_rate_limits",
      window: 60,
      max: 100,
      customRules: { "/sign-in/email": { window: 60, max: 30 } },
    },
    disabledPaths: DISABLED_PATHS,
    advanced: {
      cookiePrefix: COOKIE_PREFIX,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", path: "/" },
    },
    telemetry: { enabled: false },
    databaseHooks: {
      session: {
        create: {
          before: async (session) => {
            const [member] = await db
              .select({ disabled: staff.disabled })
              .from(staff)
              .where(eq(staff.id, session.userId));
            if (!member || member.disabled) {
              throw new APIError("FORBIDDEN", {
                message: "This account is disabled. Ask an administrator.",
              });
            }
          },
        },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-in/email") return;
        const email = bodyEmail(ctx.body);
        if (email && (await signInLock(db, email)).locked) {
          throw new APIError("TOO_MANY_REQUESTS", { message: LOCKED_MESSAGE });
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-in/email") return;
        const email = bodyEmail(ctx.body);
        if (!email) return;
        const returned = ctx.context.returned;
        if (returned instanceof APIError) {
          if (returned.statusCode === 401) await recordSignInFailure(db, email);
        } else {
          await clearSignInFailures(db, email);
        }
      }),
    },
    plugins: options.nextCookies === false ? [] : [nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const globalForAuth = globalThis as unknown as { loanReplayAuth?: Promise<Auth> };

/** The app's Better Auth instance over the process-wide database. */
export function getAuth(): Promise<Auth> {
  globalForAuth.loanReplayAuth ??= (async () => {
    const env = readServerEnv();
    return createAuth(await getDb(), {
      secret: authSecret(env),
      baseURL: env.BETTER_AUTH_URL,
    });
  })().catch((error: unknown) => {
    globalForAuth.loanReplayAuth = undefined;
    throw error;
  });
  return globalForAuth.loanReplayAuth;
}
