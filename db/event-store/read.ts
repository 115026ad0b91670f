/**
 * Reading streams: one loan's events, or many loans' events in one query,
 * always in sequence order and always through the one row mapper.
 */
import { and, asc, count, eq, gt, lte, notLike, sql } from "drizzle-orm";
import type { LoanEvent } from "../../lib/events/types";
import { loanEvents } from "../schema";
import { type Reader, resultRows, rowToEvent } from "./rows";

export interface StreamRange {
  /** Only events effective after this date. */
  effectiveAfter?: string;
  /** Only events effective on or before this date. */
  asOf?: string;
  /** Only events with a sequence number above this. */
  afterSequence?: number;
}

function rangeFilter(range: StreamRange) {
  return and(
    range.effectiveAfter ? gt(loanEvents.effectiveDate, range.effectiveAfter) : undefined,
    range.asOf ? lte(loanEvents.effectiveDate, range.asOf) : undefined,
    range.afterSequence !== undefined
      ? gt(loanEvents.sequenceNumber, range.afterSequence)
      : undefined,
  );
}

/** One loan's events (in a range), parsed, in sequence order. */
export async function readStream(
  db: Reader,
  loanId: number,
  range: StreamRange = {},
): Promise<LoanEvent[]> {
  const rows = await db
    .select()
    .from(loanEvents)
    .where(and(eq(loanEvents.loanId, loanId), rangeFilter(range)))
    .orderBy(asc(loanEvents.sequenceNumber));
  return rows.map(rowToEvent);
}

/** Many loans' events (each in the same range), one query, keyed by loan id. */
export async function readStreams(
  db: Reader,
  loanIds: readonly number[],
  range: StreamRange = {},
): Promise<Map<number, LoanEvent[]>> {
  const byLoan = new Map<number, LoanEvent[]>(loanIds.map((id) => [id, []]));
  if (loanIds.length === 0) return byLoan;
  // One array parameter instead of one parameter per id.
  const rows = await db
    .select()
    .from(loanEvents)
    .where(
      and(
        sql`${loanEvents.loanId} = any(${`{${loanIds.join(",")}}`}::bigint[])`,
        rangeFilter(range),
      ),
    )
    .orderBy(asc(loanEvents.loanId), asc(loanEvents.sequenceNumber));
  for (const row of rows) byLoan.get(row.loanId)?.push(rowToEvent(row));
  return byLoan;
}

export interface StreamHead {
  sequenceNumber: number;
  hash: string | null;
}

/**
 * The last event of each loan (sequence number and hash): what a cache must
 * cover to be current. One backward index probe per loan (a LATERAL ... LIMIT
 * 1), not a scan of the loans' events.
 */
export async function readHeads(
  db: Reader,
  loanIds: readonly number[],
): Promise<Map<number, StreamHead>> {
  if (loanIds.length === 0) return new Map();
  const result = await db.execute(sql`
    select ids.id as loan_id, h.sequence_number, h.hash
    from unnest(${`{${loanIds.join(",")}}`}::bigint[]) as ids(id)
    join lateral (
      select e.sequence_number, e.hash from ${loanEvents} e
      where e.loan_id = ids.id order by e.sequence_number desc limit 1
    ) h on true`);
  return new Map(
    resultRows<{ loan_id: number | string; sequence_number: number; hash: string | null }>(
      result,
    ).map((r) => [Number(r.loan_id), { sequenceNumber: r.sequence_number, hash: r.hash }]),
  );
}

/** Events recorded by anyone whose recorded_by starts with none of `prefixes`. */
export async function countEventsNotRecordedBy(
  db: Reader,
  prefixes: readonly string[],
): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(loanEvents)
    .where(and(...prefixes.map((p) => notLike(loanEvents.recordedBy, `${p}%`))));
  return row?.n ?? 0;
}
