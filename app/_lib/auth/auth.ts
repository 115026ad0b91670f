/**
 * Staff sign-in with Better Auth (email + password, scrypt hashes, http-only
 * session cookies) over the app's drizzle database. One factory for the app
 * and the tests: `createAuth(db)`; the app's instance is `getAuth()`.
 *
 * Beyond Better Auth's defaults:
 * - no self sign-up: administrators create accounts (/admin/staff, the CLI);
 * - every endpoint the console does not use is disabled;
 * - role and disabled are server-only fields (never accepted as input);
 * - a disabled account cannot get a session (and loses its sessions when
 *   disabled), and is told exactly what a wrong password is told;
 * - sign-in attempts are counted in the database before the password is
 *   checked, per email address and per client address
 *   (db/staff/sign-in-limit.ts), in a hook that runs for the HTTP endpoint and
 *   for the sign-in page's server action alike; the client address comes from
 *   the connection, or from X-Forwarded-For only behind TRUSTED_PROXIES
 *   (app/_lib/auth/client-ip.ts).
 */

import { BASE_ERROR_CODES, betterAuth } from "better-auth";
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
import { beginSignInAttempt, clearSignInFailures } from "@/db/staff/sign-in-limit";
import { normalizeEmail, PASSWORD_MAX, PASSWORD_MIN } from "@/db/staff/staff";
import { clientKey } from "@/lib/auth/client-ip";
import { CLIENT_IP_HEADER, type ClientIpOf, requestClientIp } from "./client-ip";
import { COOKIE_PREFIX } from "./cookie";

/** A working day: sessions end 8 hours after the last refresh; refreshed at most hourly. */
const SESSION_EXPIRES_IN = 8 * 60 * 60;
const SESSION_UPDATE_AGE = 60 * 60;

export const LOCKED_MESSAGE =
  "Too many failed sign-in attempts for this email address. Try again in 15 minutes.";
export const CLIENT_LIMIT_MESSAGE =
  "Too many sign-in attempts from this network. Wait a minute and try again.";

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
  /** Better Auth's own per-IP request limit on the other HTTP endpoints (default: on). */
  rateLimit?: boolean;
  /** The client address of a sign-in attempt (default: none known, one shared bucket). */
  clientIp?: ClientIpOf;
}

/** The attempt's email address, normalised; null when there is none or it cannot be an address (too long to be one, so never stored as a key). */
function bodyEmail(body: unknown): string | null {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" && email.length <= 320 ? normalizeEmail(email) : null;
}

export function createAuth(db: Database, options: CreateAuthOptions = {}) {
  const clientIp: ClientIpOf = options.clientIp ?? (() => null);
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
      // Sign-in has its own limit, in the hook below, so that the server
      // action gets the same one (Better Auth's only sees HTTP requests).
      customRules: { "/sign-in/email": false },
    },
    disabledPaths: DISABLED_PATHS,
    advanced: {
      // Better Auth reads the client address (its rate limit, sessions'
      // ip_address) only from the header our entry points set from the
      // resolved address (route handler and sign-in action), never from
      // X-Forwarded-For as sent.
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
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
            // The same answer as a wrong password: a disabled account's
            // refusal must not confirm that the password was right.
            if (!member || member.disabled) {
              throw APIError.from("UNAUTHORIZED", BASE_ERROR_CODES.INVALID_EMAIL_OR_PASSWORD);
            }
          },
        },
      },
    },
    hooks: {
      // Counted before the password is checked, so parallel attempts cannot
      // all pass a read of the count taken before any of them failed.
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-in/email") return;
        const headers = ctx.headers ?? ctx.request?.headers ?? new Headers();
        const ip = clientIp(headers);
        const attempt = await beginSignInAttempt(db, {
          email: bodyEmail(ctx.body),
          client: ip ? clientKey(ip) : null,
        });
        if (!attempt.allowed) {
          throw new APIError("TOO_MANY_REQUESTS", {
            message: attempt.reason === "client" ? CLIENT_LIMIT_MESSAGE : LOCKED_MESSAGE,
          });
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-in/email") return;
        const email = bodyEmail(ctx.body);
        if (email && !(ctx.context.returned instanceof APIError)) {
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
      clientIp: requestClientIp,
    });
  })().catch((error: unknown) => {
    globalForAuth.loanReplayAuth = undefined;
    throw error;
  });
  return globalForAuth.loanReplayAuth;
}
