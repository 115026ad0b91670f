/**
 * Runs and shards of the sharded jobs, in the database (batch_runs,
 * batch_shards): which loan-id ranges a run covers, which are done, and what
 * each produced. The queue (graphile-worker, or in-process on PGlite) only
 * says which shard to work on next; everything a restart or a second worker
 * needs to know is here.
 */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../client";
import { batchRuns, batchShards } from "../schema";

interface ShardRange {
  shard: number;
  fromLoanId: number;
  toLoanId: number;
  loans: number;
}

export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** Default number of shards per run (ranges of about equal loan counts). */
export const DEFAULT_SHARDS = 16;

/**
 * The book split into at most `shards` loan-id ranges of about equal loan
 * counts (ntile over the loans in id order); fewer when there are fewer loans.
 */
async function planShards(db: Database, shards: number): Promise<ShardRange[]> {
  const rows = await db.execute<{
    shard: number;
    from_id: string;
    to_id: string;
    loans: string;
  }>(sql`
    select shard, min(id) as from_id, max(id) as to_id, count(*) as loans
    from (select id, ntile(${Math.max(1, shards)}) over (order by id) - 1 as shard from loans) t
    group by shard order by shard`);
  return rowsOf<{ shard: number; from_id: string; to_id: string; loans: string }>(rows).map(
    (r) => ({
      shard: Number(r.shard),
      fromLoanId: Number(r.from_id),
      toLoanId: Number(r.to_id),
      loans: Number(r.loans),
    }),
  );
}

/** drizzle's execute answers an array (postgres.js) or { rows } (PGlite, node-postgres). */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

export interface RunRow {
  key: string;
  kind: string;
  params: Record<string, unknown>;
  shards: number;
  finishedAt: string | null;
  result: Record<string, unknown> | null;
}

/**
 * The run under `key`, created with its shards if it does not exist yet
 * (one statement each, ON CONFLICT DO NOTHING: two workers or a re-run
 * starting the same run find the same rows; the shards are the ones planned
 * first, so a loan never moves to another shard of the same run).
 */
export async function ensureRun(
  db: Database,
  key: string,
  kind: string,
  params: Record<string, unknown>,
  shards: number,
): Promise<{ run: RunRow; shards: ShardState[] }> {
  return db.transaction(async (tx) => {
    const existing = await readRunFor(tx, key, true);
    if (!existing) {
      const ranges = await planShards(tx as unknown as Database, shards);
      // A second caller creating the same run at the same moment waits on the
      // key, inserts nothing and adds no shards: the first caller's stand.
      const created = await tx
        .insert(batchRuns)
        .values({ key, kind, params, shards: ranges.length })
        .onConflictDoNothing()
        .returning({ key: batchRuns.key });
      if (created.length > 0 && ranges.length > 0) {
        await tx
          .insert(batchShards)
          .values(ranges.map((r) => ({ runKey: key, ...r })))
          .onConflictDoNothing();
      }
    }
    const run = (await readRunFor(tx, key, false)) as RunRow;
    return { run, shards: await shardsOf(tx, key) };
  });
}

async function readRunFor(tx: Transaction, key: string, lock: boolean): Promise<RunRow | null> {
  const q = tx.select().from(batchRuns).where(eq(batchRuns.key, key));
  const [row] = lock ? await q.for("update") : await q;
  return row ?? null;
}

export interface ShardState extends ShardRange {
  loansDone: number;
  attempts: number;
  doneAt: string | null;
  result: Record<string, unknown> | null;
}

export async function shardsOf(db: Database | Transaction, key: string): Promise<ShardState[]> {
  return db
    .select({
      shard: batchShards.shard,
      fromLoanId: batchShards.fromLoanId,
      toLoanId: batchShards.toLoanId,
      loans: batchShards.loans,
      loansDone: batchShards.loansDone,
      attempts: batchShards.attempts,
      doneAt: batchShards.doneAt,
      result: batchShards.result,
    })
    .from(batchShards)
    .where(eq(batchShards.runKey, key))
    .orderBy(asc(batchShards.shard));
}

export async function readRun(db: Database, key: string): Promise<RunRow | null> {
  const [row] = await db.select().from(batchRuns).where(eq(batchRuns.key, key));
  return row ?? null;
}

/** Count an attempt at a shard (a retry after a crash shows as attempts > 1). */
export async function startShard(db: Database, key: string, shard: number): Promise<ShardState> {
  const [row] = await db
    .update(batchShards)
    .set({ attempts: sql`${batchShards.attempts} + 1` })
    .where(and(eq(batchShards.runKey, key), eq(batchShards.shard, shard)))
    .returning();
  if (!row) throw new Error(`No shard ${shard} in run ${key}.`);
  return row;
}

/**
 * A shard's progress, written inside the transaction of the work it counts;
 * with `tally`, its counts are added to the shard's result, so the result
 * counts every committed batch of every attempt (a batch rolled back by a
 * crash adds nothing, a retry adds only what it did).
 */
export async function shardProgress(
  tx: Transaction,
  key: string,
  shard: number,
  loansDone: number,
  tally?: Record<string, number>,
): Promise<void> {
  const entries = Object.entries(tally ?? {});
  const added = entries.map(
    ([name, n]) =>
      sql`jsonb_build_object(${name}::text, coalesce((${batchShards.result}->>${name}::text)::bigint, 0) + ${n}::bigint)`,
  );
  await tx
    .update(batchShards)
    .set({
      // Batches in flight commit in any order, and a retry counts from 0 again.
      loansDone: sql`greatest(${batchShards.loansDone}, ${loansDone})`,
      ...(added.length > 0
        ? {
            result: sql`coalesce(${batchShards.result}, '{}'::jsonb) || ${sql.join(added, sql` || `)}`,
          }
        : {}),
    })
    .where(and(eq(batchShards.runKey, key), eq(batchShards.shard, shard)));
}

/**
 * Mark a shard done with its result. The run row is locked first, so shard
 * completions are serialized: exactly one of them sees every shard done and
 * runs `finish` (in the same transaction) with every shard's result.
 */
export async function completeShard(
  db: Database,
  key: string,
  shard: number,
  result: Record<string, unknown>,
  finish: (tx: Transaction, run: RunRow, shards: ShardState[]) => Promise<Record<string, unknown>>,
): Promise<{ finished: boolean }> {
  return db.transaction(async (tx) => {
    const run = await readRunFor(tx, key, true);
    if (!run) throw new Error(`No run ${key}.`);
    await tx
      .update(batchShards)
      // The first completion's result stands (a shard run twice at once keeps
      // the figures of the run that did the work).
      .set({
        doneAt: sql`coalesce(${batchShards.doneAt}, now())`,
        result: sql`coalesce(${batchShards.result}, ${JSON.stringify(result)}::jsonb)`,
      })
      .where(and(eq(batchShards.runKey, key), eq(batchShards.shard, shard)));
    if (run.finishedAt) return { finished: false };
    const open = await tx
      .select({ shard: batchShards.shard })
      .from(batchShards)
      .where(and(eq(batchShards.runKey, key), isNull(batchShards.doneAt)));
    if (open.length > 0) return { finished: false };
    const merged = await finish(tx, run, await shardsOf(tx, key));
    await tx
      .update(batchRuns)
      .set({ finishedAt: sql`now()`, result: merged })
      .where(eq(batchRuns.key, key));
    return { finished: true };
  });
}

/** Finish a run that has no shards (an empty book). */
export async function finishEmptyRun(
  db: Database,
  key: string,
  result: Record<string, unknown>,
): Promise<void> {
  await db
    .update(batchRuns)
    .set({ finishedAt: sql`now()`, result })
    .where(and(eq(batchRuns.key, key), isNull(batchRuns.finishedAt)));
}
