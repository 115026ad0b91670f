/**
 * Limits on sign-in attempts, counted in the database BEFORE the password is
 * checked, one atomic statement per counter (INSERT … ON CONFLICT DO UPDATE …
 * RETURNING: concurrent attempts queue on the row and each sees its own
 * count). So however many requests arrive at once, at most MAX_FAILURES
 * passwords are checked per address per window, and at most CLIENT_MAX
 * attempts are made per client address per CLIENT_WINDOW_MS.
 *
 * - Per email address (known or not, so the answer never tells whether an
 *   account exists): attempts within LOCK_MS of the previous counted one add
 *   up; the MAX_FAILURES-th is still checked, any later one is refused
 *   without a check until LOCK_MS after the last counted attempt. A success
 *   clears the count (the attempts already in flight stay counted).
 * - Per client (lib/auth/client-ip.ts: IPv4 address or IPv6 /64, "unknown"
 *   when it cannot be told): CLIENT_MAX attempts per fixed window, whatever
 *   the addresses tried.
 *
 * Each attempt also prunes up to PRUNE_BATCH rows whose window has passed, so
 * the tables hold only the addresses and clients seen in the last window.
 */
import { and, eq, inArray, lt, lte, ne, sql } from "drizzle-orm";
import { staffSignInClients, staffSignInFailures } from "../auth-schema";
import type { Database } from "../client";

export const MAX_FAILURES = 5;
export const LOCK_MS = 15 * 60 * 1000;
export const CLIENT_MAX = 30;
export const CLIENT_WINDOW_MS = 60 * 1000;
const PRUNE_BATCH = 100;
/** The client key when the address cannot be told (all such attempts share it). */
export const UNKNOWN_CLIENT = "unknown";

export type SignInAttempt =
  | { allowed: true }
  | { allowed: false; reason: "client" | "email"; until: Date };

export interface SignInLock {
  locked: boolean;
  until: Date | null;
}

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * Count one attempt for `client` and (if the client is within its limit) for
 * `email`; refuse it when either limit is reached. Call before checking the
 * password.
 */
export async function beginSignInAttempt(
  db: Database,
  attempt: { email: string | null; client: string | null },
  now = new Date(),
): Promise<SignInAttempt> {
  const client = attempt.client || UNKNOWN_CLIENT;
  await pruneSignInRecords(db, now, { keepEmail: attempt.email, keepClient: client });

  const c = staffSignInClients;
  const windowStart = new Date(now.getTime() - CLIENT_WINDOW_MS);
  const expired = sql`${c.windowStartedAt} <= ${ts(windowStart)}`;
  const [counted] = await db
    .insert(c)
    .values({ client, attempts: 1, windowStartedAt: now })
    .onConflictDoUpdate({
      target: c.client,
      set: {
        // Capped so a flood cannot overflow the integer.
        attempts: sql`case when ${expired} then 1 else least(${c.attempts} + 1, ${CLIENT_MAX + 1}) end`,
        windowStartedAt: sql`case when ${expired} then ${ts(now)} else ${c.windowStartedAt} end`,
      },
    })
    .returning({ attempts: c.attempts, windowStartedAt: c.windowStartedAt });
  if (!counted || counted.attempts > CLIENT_MAX) {
    const started = counted?.windowStartedAt ?? now;
    return {
      allowed: false,
      reason: "client",
      until: new Date(started.getTime() + CLIENT_WINDOW_MS),
    };
  }

  if (!attempt.email) return { allowed: true };
  const f = staffSignInFailures;
  const lockStart = new Date(now.getTime() - LOCK_MS);
  const fresh = sql`${f.lastFailedAt} < ${ts(lockStart)}`;
  // Within the limit (this attempt is checked): it moves the window on.
  const checked = sql`(${fresh} or ${f.failures} < ${MAX_FAILURES})`;
  const failures = sql`case when ${fresh} then 1 else least(${f.failures} + 1, ${MAX_FAILURES + 1}) end`;
  const lastFailedAt = sql`case when ${checked} then ${ts(now)} else ${f.lastFailedAt} end`;
  const [row] = await db
    .insert(f)
    .values({
      email: attempt.email,
      failures: 1,
      lastFailedAt: now,
      lockedUntil: MAX_FAILURES <= 1 ? new Date(now.getTime() + LOCK_MS) : null,
    })
    .onConflictDoUpdate({
      target: f.email,
      set: {
        failures,
        lastFailedAt,
        lockedUntil: sql`case when ${failures} >= ${MAX_FAILURES} then (${lastFailedAt}) + interval '${sql.raw(String(LOCK_MS))} milliseconds' else null end`,
      },
    })
    .returning({ failures: f.failures, lastFailedAt: f.lastFailedAt });
  if (!row || row.failures > MAX_FAILURES) {
    const last = row?.lastFailedAt ?? now;
    return { allowed: false, reason: "email", until: new Date(last.getTime() + LOCK_MS) };
  }
  return { allowed: true };
}

/** Whether sign-in for `email` is refused now (read only). */
export async function signInLock(
  db: Database,
  email: string,
  now = new Date(),
): Promise<SignInLock> {
  const [row] = await db
    .select({ failures: staffSignInFailures.failures, last: staffSignInFailures.lastFailedAt })
    .from(staffSignInFailures)
    .where(eq(staffSignInFailures.email, email));
  if (!row || row.failures < MAX_FAILURES) return { locked: false, until: null };
  const until = new Date(row.last.getTime() + LOCK_MS);
  return until > now ? { locked: true, until } : { locked: false, until: null };
}

/**
 * A success: the address's count starts again, unless more than MAX_FAILURES
 * attempts were counted meanwhile (a burst the success was part of stays
 * locked out: a right password does not buy the attempts after it a check).
 */
export async function clearSignInFailures(db: Database, email: string): Promise<void> {
  await db
    .delete(staffSignInFailures)
    .where(
      and(eq(staffSignInFailures.email, email), lte(staffSignInFailures.failures, MAX_FAILURES)),
    );
}

/**
 * Delete up to `batch` rows of each table whose window has passed (an
 * address's lock ends LOCK_MS after its last counted attempt; a client's
 * window after CLIENT_WINDOW_MS). Returns how many went.
 */
export async function pruneSignInRecords(
  db: Database,
  now = new Date(),
  options: { batch?: number; keepEmail?: string | null; keepClient?: string | null } = {},
): Promise<{ emails: number; clients: number }> {
  const batch = options.batch ?? PRUNE_BATCH;
  const f = staffSignInFailures;
  const c = staffSignInClients;
  const emailCutoff = new Date(now.getTime() - LOCK_MS);
  const clientCutoff = new Date(now.getTime() - CLIENT_WINDOW_MS);
  const staleEmails = db
    .select({ email: f.email })
    .from(f)
    .where(and(lt(f.lastFailedAt, emailCutoff), ne(f.email, options.keepEmail ?? "")))
    .limit(batch);
  const staleClients = db
    .select({ client: c.client })
    .from(c)
    .where(and(lt(c.windowStartedAt, clientCutoff), ne(c.client, options.keepClient ?? "")))
    .limit(batch);
  const emails = await db
    .delete(f)
    .where(inArray(f.email, staleEmails))
    .returning({ email: f.email });
  const clients = await db
    .delete(c)
    .where(inArray(c.client, staleClients))
    .returning({ client: c.client });
  return { emails: emails.length, clients: clients.length };
}
