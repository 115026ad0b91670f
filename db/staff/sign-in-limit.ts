/**
 * A limit on failed sign-ins, per email address: after MAX_FAILURES failures
 * within LOCK_MS of each other, sign-in for that address is refused for
 * LOCK_MS, whatever the password. Counted for unknown addresses too, so the
 * answer never reveals whether an account exists. A success clears the count.
 */
import { eq, sql } from "drizzle-orm";
import { staffSignInFailures } from "../auth-schema";
import type { Database } from "../client";

export const MAX_FAILURES = 5;
export const LOCK_MS = 15 * 60 * 1000;

export interface SignInLock {
  locked: boolean;
  until: Date | null;
}

export async function signInLock(
  db: Database,
  email: string,
  now = new Date(),
): Promise<SignInLock> {
  const [row] = await db
    .select({ lockedUntil: staffSignInFailures.lockedUntil })
    .from(staffSignInFailures)
    .where(eq(staffSignInFailures.email, email));
  const until = row?.lockedUntil ?? null;
  return until && until > now ? { locked: true, until } : { locked: false, until: null };
}

/** Count one failure; returns the lock now in force (if this failure set it). */
export async function recordSignInFailure(
  db: Database,
  email: string,
  now = new Date(),
): Promise<SignInLock> {
  const windowStart = new Date(now.getTime() - LOCK_MS);
  const lockUntil = new Date(now.getTime() + LOCK_MS);
  const fresh = sql`${staffSignInFailures.lastFailedAt} < ${windowStart.toISOString()}::timestamptz`;
  const failures = sql`case when ${fresh} then 1 else ${staffSignInFailures.failures} + 1 end`;
  const [row] = await db
    .insert(staffSignInFailures)
    .values({ email, failures: 1, lastFailedAt: now, lockedUntil: null })
    .onConflictDoUpdate({
      target: staffSignInFailures.email,
      set: {
        failures,
        lastFailedAt: now,
        lockedUntil: sql`case when ${failures} >= ${MAX_FAILURES} then ${lockUntil.toISOString()}::timestamptz else ${staffSignInFailures.lockedUntil} end`,
      },
    })
    .returning({ lockedUntil: staffSignInFailures.lockedUntil });
  const until = row?.lockedUntil ?? null;
  return until && until > now ? { locked: true, until } : { locked: false, until: null };
}

export async function clearSignInFailures(db: Database, email: string): Promise<void> {
  await db.delete(staffSignInFailures).where(eq(staffSignInFailures.email, email));
}
