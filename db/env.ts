import { z } from "zod";
import {
  NO_TRUSTED_PROXIES,
  parseTrustedProxies,
  type TrustedProxies,
} from "../lib/auth/client-ip";
import { isIsoDate } from "../lib/dates";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD");
const blankAsUnset = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

/**
 * LOAN_REPLAY_BUSINESS_DATE: the service's "today" for the server and the
 * command line (demos, tests, catching up); unset, today's UTC date.
 */
const businessDateSchema = blankAsUnset(
  z.string().refine(isIsoDate, "must be a real date YYYY-MM-DD (e.g. 2026-12-01)"),
);
const count = (fallback: number) => z.coerce.number().int().min(0).max(100_000).default(fallback);

/**
 * Development-only signing secret for staff sessions. Production refuses to
 * start with it (or with none): set BETTER_AUTH_SECRET.
 */
const DEV_AUTH_SECRET = "loan-replay-development-secret-do-not-use-in-production";

/**
 * Server configuration, validated once at start-up (create-t3-app style), so a
 * typo in an environment variable fails loudly instead of silently using PGlite.
 */
const envSchema = z
  .object({
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    PGLITE_DIR: z.string().min(1).default(".data/pglite"),
    DEMO_SEED: z.enum(["true", "false"]).default("true"),
    DEMO_LOANS: count(50),
    DEMO_YEARS: count(3),
    DEMO_RANDOM_SEED: count(1),
    DEMO_THROUGH: isoDate.optional(),
    /** The business date (YYYY-MM-DD); unset, today's UTC date. */
    LOAN_REPLAY_BUSINESS_DATE: businessDateSchema,
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    /** Signs session cookies; at least 32 characters, required in production. */
    BETTER_AUTH_SECRET: blankAsUnset(
      z.string().min(32, "BETTER_AUTH_SECRET must be at least 32 characters"),
    ),
    /** The app's public URL (https:// in production makes the session cookie Secure). */
    BETTER_AUTH_URL: blankAsUnset(
      z.url("BETTER_AUTH_URL must be a URL such as https://loans.example.com"),
    ),
    /** Create the demo staff accounts on first start (default: outside production). */
    DEMO_STAFF: blankAsUnset(z.enum(["true", "false"])),
    /**
     * The reverse proxies in front of the app (addresses or CIDR ranges, comma
     * separated): X-Forwarded-For is read only on connections from them.
     * Unset: the header is ignored and the connection's address is the client.
     */
    TRUSTED_PROXIES: blankAsUnset(
      z.string().superRefine((value, ctx) => {
        const parsed = parseTrustedProxies(value);
        if (!parsed.ok) {
          ctx.addIssue({
            code: "custom",
            message: `TRUSTED_PROXIES must list IP addresses or CIDR ranges separated by commas (e.g. 10.0.0.0/8,127.0.0.1); ${JSON.stringify(parsed.bad)} is neither`,
          });
        }
      }),
    ),
    /** One password for every demo account (otherwise each gets a random one, printed once). */
    DEMO_STAFF_PASSWORD: blankAsUnset(
      z.string().min(12, "DEMO_STAFF_PASSWORD must be at least 12 characters"),
    ),
  })
  .superRefine((env, ctx) => {
    if (
      env.NODE_ENV === "production" &&
      (!env.BETTER_AUTH_SECRET || env.BETTER_AUTH_SECRET === DEV_AUTH_SECRET)
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["BETTER_AUTH_SECRET"],
        message:
          "production refuses the default session secret: set BETTER_AUTH_SECRET to a random value of at least 32 characters (e.g. `openssl rand -base64 32`)",
      });
    }
    if (env.NODE_ENV === "production" && !env.BETTER_AUTH_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["BETTER_AUTH_URL"],
        message:
          "production needs the public URL: set BETTER_AUTH_URL (e.g. https://loans.example.com); without it sign-in cannot check where requests come from",
      });
    }
  });

export type ServerEnv = z.infer<typeof envSchema>;

/** The session secret to use: the configured one, or the development default outside production. */
export function authSecret(env: ServerEnv): string {
  return env.BETTER_AUTH_SECRET ?? DEV_AUTH_SECRET;
}

/** Demo staff accounts are created in development unless DEMO_STAFF=false; in production only with DEMO_STAFF=true. */
export function demoStaffEnabled(env: ServerEnv): boolean {
  return env.DEMO_STAFF ? env.DEMO_STAFF === "true" : env.NODE_ENV !== "production";
}

/** The configured trusted proxies (none when TRUSTED_PROXIES is unset). */
export function trustedProxies(env: ServerEnv): TrustedProxies {
  const parsed = parseTrustedProxies(env.TRUSTED_PROXIES);
  return parsed.ok ? parsed.proxies : NO_TRUSTED_PROXIES;
}

/**
 * LOAN_REPLAY_BUSINESS_DATE alone (null when unset or blank), validated like
 * the rest of the environment: an invalid value throws an error naming it.
 */
export function readBusinessDateEnv(
  source: Record<string, string | undefined> = process.env,
): string | null {
  const parsed = businessDateSchema.safeParse(source.LOAN_REPLAY_BUSINESS_DATE);
  if (!parsed.success) {
    throw new Error(
      `Invalid environment: LOAN_REPLAY_BUSINESS_DATE: ${parsed.error.issues[0]?.message} (got ${JSON.stringify(source.LOAN_REPLAY_BUSINESS_DATE)})`,
    );
  }
  return parsed.data ?? null;
}

export function readServerEnv(source: NodeJS.ProcessEnv = process.env): ServerEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid environment: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return parsed.data;
}
