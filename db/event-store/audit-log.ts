/**
 * The book-wide audit log over `loan_events`, in recorded time (when each
 * event was written; the id breaks ties): one page at a time (keyset on
 * (recorded_at, id), the cursor being an event id), every matching row in
 * batches for the CSV export in the screen's order, and the recorders to
 * filter by. Recorded time and id order differ for imported and generated
 * histories, whose rows carry the time they were recorded at the source.
 */
import { and, asc, desc, eq, gte, inArray, lt, lte, type SQL, sql } from "drizzle-orm";
import type { EventType } from "../../lib/events/event-types";
import type { Database } from "../client";
import { loanEvents, loans } from "../schema";
import { toIsoTimestamp } from "./rows";

export interface AuditFilter {
  /** Which date the range applies to. */
  dateField?: "effective" | "recorded";
  from?: string;
  to?: string;
  eventTypes?: readonly EventType[];
  loanNumber?: string;
  recordedBy?: string;
}

export interface AuditRow {
  id: number;
  loanNumber: string;
  sequenceNumber: number;
  eventType: EventType;
  effectiveDate: string;
  recordedAt: string;
  recordedBy: string;
  eventData: Record<string, unknown>;
  hash: string | null;
}

export interface AuditPageRequest {
  filter: AuditFilter;
  /** Keyset pagination: rows strictly after this event (in the direction's order). */
  cursor?: number;
  direction?: "newest" | "oldest";
  pageSize?: number;
}

export interface AuditPage {
  rows: AuditRow[];
  /** Cursor for the next page, if there is one. */
  nextCursor: number | null;
  /** Matching events, counted up to COUNT_CAP (then `totalIsCapped`). */
  total: number;
  totalIsCapped: boolean;
}

const COUNT_CAP = 100_000;

function conditions(filter: AuditFilter): SQL[] {
  const where: SQL[] = [];
  const recorded = filter.dateField === "recorded";
  if (filter.from) {
    where.push(
      recorded
        ? gte(loanEvents.recordedAt, `${filter.from}T00:00:00Z`)
        : gte(loanEvents.effectiveDate, filter.from),
    );
  }
  if (filter.to) {
    where.push(
      recorded
        ? lt(loanEvents.recordedAt, sql`(${filter.to}::date + 1)::timestamptz`)
        : lte(loanEvents.effectiveDate, filter.to),
    );
  }
  if (filter.eventTypes && filter.eventTypes.length > 0) {
    where.push(inArray(loanEvents.eventType, [...filter.eventTypes]));
  }
  if (filter.loanNumber) where.push(eq(loans.loanNumber, filter.loanNumber));
  if (filter.recordedBy) where.push(eq(loanEvents.recordedBy, filter.recordedBy));
  return where;
}

/** Rows strictly after event #cursor (an id) in recorded-time order, either way. */
function afterCursor(cursor: number | undefined, newest: boolean): SQL[] {
  if (cursor === undefined) return [];
  const at = sql`(select c.recorded_at from loan_events c where c.id = ${cursor})`;
  return newest
    ? [sql`(${loanEvents.recordedAt}, ${loanEvents.id}) < (${at}, ${cursor})`]
    : [sql`(${loanEvents.recordedAt}, ${loanEvents.id}) > (${at}, ${cursor})`];
}

function recordedOrder(newest: boolean) {
  return newest
    ? [desc(loanEvents.recordedAt), desc(loanEvents.id)]
    : [asc(loanEvents.recordedAt), asc(loanEvents.id)];
}

const auditColumns = {
  id: loanEvents.id,
  loanNumber: loans.loanNumber,
  sequenceNumber: loanEvents.sequenceNumber,
  eventType: loanEvents.eventType,
  effectiveDate: loanEvents.effectiveDate,
  recordedAt: loanEvents.recordedAt,
  recordedBy: loanEvents.recordedBy,
  eventData: loanEvents.eventData,
  hash: loanEvents.hash,
};

/**
 * One page of the book-wide event log, newest first by default. Keyset
 * pagination on (recorded_at, id) keeps every page one range scan of the
 * recorded_at index, however deep, on millions of events.
 */
export async function listAuditEvents(db: Database, request: AuditPageRequest): Promise<AuditPage> {
  const pageSize = Math.min(Math.max(request.pageSize ?? 50, 1), 500);
  const newest = (request.direction ?? "newest") === "newest";
  const where = conditions(request.filter);
  const rows = await db
    .select(auditColumns)
    .from(loanEvents)
    .innerJoin(loans, eq(loans.id, loanEvents.loanId))
    .where(and(...where, ...afterCursor(request.cursor, newest)))
    .orderBy(...recordedOrder(newest))
    .limit(pageSize + 1);
  const [counted] = await db.select({ n: sql<number>`count(*)::int` }).from(
    db
      .select({ one: sql`1` })
      .from(loanEvents)
      .innerJoin(loans, eq(loans.id, loanEvents.loanId))
      .where(and(...where))
      .limit(COUNT_CAP + 1)
      .as("matching"),
  );
  const total = counted?.n ?? 0;
  const page = rows
    .slice(0, pageSize)
    .map((r) => ({ ...r, recordedAt: toIsoTimestamp(r.recordedAt) }));
  return {
    rows: page,
    nextCursor: rows.length > pageSize ? (page.at(-1)?.id ?? null) : null,
    total: Math.min(total, COUNT_CAP),
    totalIsCapped: total > COUNT_CAP,
  };
}

/** Every matching event in the screen's order, in pages: for CSV export without holding the book in memory. */
export async function* streamAuditEvents(
  db: Database,
  filter: AuditFilter,
  batchSize = 2000,
  direction: "newest" | "oldest" = "oldest",
): AsyncGenerator<AuditRow[]> {
  let cursor: number | undefined;
  for (;;) {
    const page = await listAuditEventsOnly(db, filter, cursor, batchSize, direction === "newest");
    if (page.length === 0) return;
    yield page;
    cursor = page.at(-1)?.id;
    if (page.length < batchSize) return;
  }
}

async function listAuditEventsOnly(
  db: Database,
  filter: AuditFilter,
  cursor: number | undefined,
  limit: number,
  newest: boolean,
) {
  const rows = await db
    .select(auditColumns)
    .from(loanEvents)
    .innerJoin(loans, eq(loans.id, loanEvents.loanId))
    .where(and(...conditions(filter), ...afterCursor(cursor, newest)))
    .orderBy(...recordedOrder(newest))
    .limit(limit);
  return rows.map((r) => ({ ...r, recordedAt: toIsoTimestamp(r.recordedAt) }));
}

/** Distinct recorded_by values, for the filter's choices. */
export async function listRecorders(db: Database): Promise<string[]> {
  const rows = await db
    .selectDistinct({ recordedBy: loanEvents.recordedBy })
    .from(loanEvents)
    .orderBy(asc(loanEvents.recordedBy))
    .limit(500);
  return rows.map((r) => r.recordedBy);
}
