/**
 * Reading streams: one loan's events, or many loans' events in one query,
 * always in sequence order and always through the one row mapper. Also the
 * reads of the whole book a report needs: its high-water mark, and the events
 * recorded after it that change a past date (a report's compare-with-now);
 * and one loan's events as stored, for export.
 */
import { and, asc, count, eq, gt, inArray, lte, max, notLike, sql } from "drizzle-orm";
import type { LoanEvent } from "../../lib/events/types";
import { loanEvents, loans } from "../schema";
import { partitionOf } from "./partitions";
import {
  columnsToEvent,
  type EventColumns,
  eventColumnsSql,
  type Reader,
  resultRows,
  rowToStored,
  toIsoTimestamp,
} from "./rows";

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
  // Its partition named: planned over one table, not sixteen.
  const rows = resultRows<EventColumns>(
    await db.execute(sql`
      select ${eventColumnsSql("loan_events")}
      from ${sql.raw(`loan_events_${partitionOf(loanId)}`)} as loan_events
      where ${and(eq(loanEvents.loanId, loanId), rangeFilter(range))}
      order by loan_events.sequence_number`),
  );
  return rows.map(columnsToEvent);
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
  const rows = resultRows<EventColumns & { loan_id: number | string }>(
    await db.execute(sql`
      select loan_events.loan_id, ${eventColumnsSql("loan_events")}
      from loan_events
      where ${and(
        sql`${loanEvents.loanId} = any(${`{${loanIds.join(",")}}`}::bigint[])`,
        rangeFilter(range),
      )}
      order by loan_events.loan_id, loan_events.sequence_number`),
  );
  let loanId = Number.NaN;
  let events: LoanEvent[] | undefined;
  for (const row of rows) {
    // Rows arrive grouped by loan: the map is looked up once per loan.
    if (Number(row.loan_id) !== loanId) {
      loanId = Number(row.loan_id);
      events = byLoan.get(loanId);
    }
    events?.push(columnsToEvent(row));
  }
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

/** A stored event as the engine's boundary expects it (camelCase, ISO recordedAt). */
export interface StoredEvent {
  id: number;
  sequenceNumber: number;
  eventType: string;
  effectiveDate: string;
  eventData: Record<string, unknown>;
  recordedAt: string;
  recordedBy: string;
}

/**
 * One loan's events as recorded, unparsed, in sequence order (served by the
 * (loan_id, sequence_number) unique index): the events.json export and the
 * input of `cli replay --loan`, which parse them as they parse a file.
 */
export async function readStoredEvents(db: Reader, loanId: number): Promise<StoredEvent[]> {
  const rows = await db
    .select()
    .from(loanEvents)
    .where(eq(loanEvents.loanId, loanId))
    .orderBy(asc(loanEvents.sequenceNumber));
  return rows.map(rowToStored);
}

export interface HighWaterMark {
  eventId: number;
  recordedAt: string | null;
}

/** The newest event (id and recorded_at), overall or among those recorded by `knownAt`. */
export async function highWaterMark(db: Reader, knownAt?: string | null): Promise<HighWaterMark> {
  const [row] = await db
    .select({ id: max(loanEvents.id), at: max(loanEvents.recordedAt) })
    .from(loanEvents)
    .where(knownAt ? lte(loanEvents.recordedAt, knownAt) : undefined);
  return { eventId: row?.id ?? 0, recordedAt: row?.at ? toIsoTimestamp(row.at) : null };
}

/** Whether the store holds the event with this id (a replica that has caught up with it does). */
export async function holdsEvent(db: Reader, eventId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: loanEvents.id })
    .from(loanEvents)
    .where(eq(loanEvents.id, eventId));
  return row !== undefined;
}

/** An event recorded after a report's "as known at" that is effective on or before its date. */
export interface LateRecordedEvent {
  sequenceNumber: number;
  eventType: string;
  effectiveDate: string;
  recordedAt: string;
  recordedBy: string;
}

/**
 * The given loans' late events: effective on or before `asOf` but recorded
 * after `knownAt` (the backdated events that moved a filed report's figures),
 * keyed by loan number, each loan's in sequence order. A loan without any is
 * absent from the map.
 */
export async function readLateEvents(
  db: Reader,
  loanNumbers: readonly string[],
  asOf: string,
  knownAt: string,
): Promise<Map<string, LateRecordedEvent[]>> {
  const byLoan = new Map<string, LateRecordedEvent[]>();
  if (loanNumbers.length === 0) return byLoan;
  const rows = await db
    .select({
      loanNumber: loans.loanNumber,
      sequenceNumber: loanEvents.sequenceNumber,
      eventType: loanEvents.eventType,
      effectiveDate: loanEvents.effectiveDate,
      recordedAt: loanEvents.recordedAt,
      recordedBy: loanEvents.recordedBy,
    })
    .from(loanEvents)
    .innerJoin(loans, eq(loans.id, loanEvents.loanId))
    .where(
      and(
        inArray(loans.loanNumber, [...loanNumbers]),
        lte(loanEvents.effectiveDate, asOf),
        gt(loanEvents.recordedAt, knownAt),
      ),
    )
    .orderBy(asc(loans.loanNumber), asc(loanEvents.sequenceNumber));
  for (const r of rows) {
    const list = byLoan.get(r.loanNumber) ?? [];
    list.push({ ...r, recordedAt: toIsoTimestamp(r.recordedAt) });
    byLoan.set(r.loanNumber, list);
  }
  return byLoan;
}

/**
 * The hashes of some events by (loan id, sequence number), keyed
 * "loanId/sequenceNumber" (what a snapshot records as the last event it covers).
 */
export async function readHashesAt(
  db: Reader,
  at: readonly { loanId: number; sequenceNumber: number }[],
): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  if (at.length === 0) return out;
  const result = await db.execute(sql`
    select e.loan_id, e.sequence_number, e.hash
    from jsonb_to_recordset(${JSON.stringify(at.map((a) => ({ l: a.loanId, s: a.sequenceNumber })))}::jsonb)
      as w(l bigint, s int)
    join ${loanEvents} e on e.loan_id = w.l and e.sequence_number = w.s`);
  for (const r of resultRows<{
    loan_id: number | string;
    sequence_number: number;
    hash: string | null;
  }>(result)) {
    out.set(`${Number(r.loan_id)}/${Number(r.sequence_number)}`, r.hash);
  }
  return out;
}

/** How many events the store holds. */
export async function eventCount(db: Reader): Promise<number> {
  const [row] = await db.select({ n: count() }).from(loanEvents);
  return Number(row?.n ?? 0);
}
