/**
 * Report progress in the database (table report_progress), so a second app
 * instance or a restarted one sees the same indicator as the one computing.
 */
import { and, eq, gt, sql } from "drizzle-orm";
import type { Database } from "../client";
import { reportProgress } from "../schema";

export interface Progress {
  done: number;
  total: number;
}

/** A row not updated for this long belongs to a report whose process died. */
const STALE_AFTER_SECONDS = 60;
/** At most one progress write per this many milliseconds (the report is the work). */
const WRITE_EVERY_MS = 250;

/**
 * Run `work` with an onProgress callback whose figures are published under
 * `key` (throttled), and removed when the work ends either way.
 */
export async function trackReportProgress<T>(
  db: Database,
  key: string,
  work: (onProgress: (done: number, total: number) => void) => Promise<T>,
): Promise<T> {
  await publish(db, key, { done: 0, total: 0 });
  let lastWrite = 0;
  let pending: Promise<void> = Promise.resolve();
  try {
    return await work((done, total) => {
      const now = Date.now();
      if (now - lastWrite < WRITE_EVERY_MS && done < total) return;
      lastWrite = now;
      // Chained, never awaited by the report: a slow write cannot hold it up.
      pending = pending.then(() => publish(db, key, { done, total })).catch(() => {});
    });
  } finally {
    await pending;
    await db.delete(reportProgress).where(eq(reportProgress.key, key));
  }
}

async function publish(db: Database, key: string, p: Progress): Promise<void> {
  await db
    .insert(reportProgress)
    .values({ key, done: p.done, total: p.total })
    .onConflictDoUpdate({
      target: reportProgress.key,
      set: { done: p.done, total: p.total, updatedAt: sql`now()` },
    });
}

/** The progress of a report being computed now for `key`, or null. */
export async function readReportProgress(db: Database, key: string): Promise<Progress | null> {
  const [row] = await db
    .select({ done: reportProgress.done, total: reportProgress.total })
    .from(reportProgress)
    .where(
      and(
        eq(reportProgress.key, key),
        gt(reportProgress.updatedAt, sql`now() - make_interval(secs => ${STALE_AFTER_SECONDS})`),
      ),
    );
  return row ?? null;
}
