/**
 * What the caches derived from the streams cover, asked of `loan_events`
 * itself (this module owns every read of that table): which loans' live
 * projections do not cover their whole stream.
 */
import { sql } from "drizzle-orm";
import { DUE_BASIS_FORMAT } from "../../lib/delinquency/basis";
import { loanEvents, loanProjections, loans } from "../schema";
import type { Reader } from "./rows";

/** postgres.js returns rows as the result; PGlite returns { rows }. */
function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? [])) as T[];
}

/** The highest event id and loan id: what a later check need not look below. */
export async function streamHighWater(db: Reader): Promise<{ eventId: number; loanId: number }> {
  const result = await db.execute(sql`
    select (select coalesce(max(id), 0) from ${loanEvents}) as event_id,
           (select coalesce(max(id), 0) from ${loans}) as loan_id`);
  const [row] = rowsOf<{ event_id: number | string; loan_id: number | string }>(result);
  return { eventId: Number(row?.event_id ?? 0), loanId: Number(row?.loan_id ?? 0) };
}

/**
 * Loans whose projection is missing or behind its stream (an event with a
 * higher sequence number exists) or has no current due basis (written before
 * it existed), in id order after `afterId`, at most
 * `limit`. One index probe per loan on (loan_id, sequence_number): the
 * projections written by the append path are never behind, so this finds
 * loans never written since the projection existed and rows inserted by
 * tools that bypass the append path. With `since`, only loans created after
 * `since.loanId` or with an event after `since.eventId` are looked at (a
 * range of the primary keys).
 */
export async function loansBehindProjection(
  db: Reader,
  options: {
    afterId?: number;
    limit: number;
    since?: { eventId: number; loanId: number };
    /** Only the next `scan` loans after `afterId` are looked at (a slice of the book). */
    scan?: number;
  },
): Promise<number[]> {
  const { since, scan } = options;
  const scope = since
    ? sql`and (l.id > ${since.loanId} or l.id in (
        select e.loan_id from ${loanEvents} e where e.id > ${since.eventId}))`
    : scan !== undefined
      ? sql`and l.id in (
        select id from ${loans} where id > ${options.afterId ?? 0} order by id limit ${scan})`
      : sql``;
  const result = await db.execute(sql`
    select l.id
    from ${loans} l
    left join ${loanProjections} p on p.loan_id = l.id
    where l.id > ${options.afterId ?? 0} ${scope}
      and (p.loan_id is null
        or p.due_basis is null
        or p.due_basis->>'format' is distinct from ${String(DUE_BASIS_FORMAT)}
        or exists (
          select 1 from ${loanEvents} e
          where e.loan_id = l.id and e.sequence_number > p.through_sequence))
    order by l.id
    limit ${options.limit}`);
  return rowsOf<{ id: number | string }>(result).map((r) => Number(r.id));
}

/** The id of the `scan`-th loan after `afterId` (null: fewer loans are left, the slice reaches the end). */
export async function sliceEnd(db: Reader, afterId: number, scan: number): Promise<number | null> {
  const result = await db.execute(sql`
    select id from ${loans} where id > ${afterId} order by id offset ${scan - 1} limit 1`);
  const [row] = rowsOf<{ id: number | string }>(result);
  return row ? Number(row.id) : null;
}
