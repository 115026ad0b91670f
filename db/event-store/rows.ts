/**
 * The one mapping between a `loan_events` row and the engine's LoanEvent.
 */
import { type SQL, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { AppError } from "../../lib/app-error";
import { EventParseError, parseStoredEvent, type TypedColumnsEvent } from "../../lib/events/parse";
import type { LoanEvent } from "../../lib/events/types";
import { eventHash } from "../chain";
import type { Database } from "../client";
import type { loanEvents } from "../schema";

/** A transaction handle (same API as the database). */
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Reader = Database | Tx;

export type LoanEventRow = typeof loanEvents.$inferSelect;

/** The columns rowToEvent and rowToStored read (a whole LoanEventRow is one too). */
export type EventRow = Pick<
  LoanEventRow,
  | "id"
  | "loanId"
  | "sequenceNumber"
  | "eventType"
  | "effectiveDate"
  | "eventData"
  | "recordedAt"
  | "recordedBy"
>;

/** Postgres prints timestamptz as "2026-01-05 10:00:00.123+00"; the contract uses ISO 8601. */
export function toIsoTimestamp(value: string): string {
  // A UTC session prints "+00": the ISO string is a rearrangement, with no Date in between
  // (this runs for every row read, and a Date round trip was the costliest step of a read).
  const utc = UTC_TIMESTAMP.exec(value);
  if (utc) return `${utc[1]}T${utc[2]}.${(utc[3] ?? "").padEnd(3, "0")}Z`;
  const iso = value.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00");
  return new Date(iso).toISOString();
}
const UTC_TIMESTAMP = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,3}))?\+00$/;

/** A stored row at the contract's boundary (camelCase, ISO recordedAt), not yet parsed. */
export function rowToStored(row: EventRow) {
  return {
    id: row.id,
    sequenceNumber: row.sequenceNumber,
    eventType: row.eventType,
    effectiveDate: row.effectiveDate,
    eventData: row.eventData,
    recordedAt: toIsoTimestamp(row.recordedAt),
    recordedBy: row.recordedBy,
  };
}

/** A stored row as the engine's LoanEvent (validated by its payload schema). */
export function rowToEvent(row: EventRow): LoanEvent {
  return parseRow(rowToStored(row));
}

function parseRow(row: TypedColumnsEvent): LoanEvent {
  try {
    return parseStoredEvent(row);
  } catch (error) {
    if (error instanceof EventParseError) {
      throw new AppError("internal", `Stored history is unreadable: ${error.message}`);
    }
    throw error;
  }
}

/** The columns columnsToEvent reads, selected from `alias`, as text where the drivers differ. */
export function eventColumnsSql(alias: string): SQL {
  const a = sql.raw(alias);
  return sql`${a}.sequence_number, ${a}.event_type::text as event_type,
    ${a}.effective_date::text as effective_date, ${a}.recorded_at::text as recorded_at,
    ${a}.recorded_by, ${a}.event_data`;
}

/** A row of a raw statement selecting eventColumnsSql. */
export interface EventColumns {
  sequence_number: number | string;
  event_type: string;
  effective_date: string;
  recorded_at: string;
  recorded_by: string;
  event_data: Record<string, unknown> | string;
}

/**
 * rowToEvent for a raw statement's row (eventColumnsSql): the reads of whole
 * streams use it, since the query builder's per-column mapping of every row
 * cost more than the row's parse.
 */
export function columnsToEvent(r: EventColumns): LoanEvent {
  return parseRow({
    sequenceNumber: Number(r.sequence_number),
    eventType: r.event_type,
    effectiveDate: r.effective_date,
    // A JSON text (some drivers' jsonb) is parsed by parseStoredEvent.
    eventData: r.event_data,
    recordedAt: toIsoTimestamp(r.recorded_at),
    recordedBy: r.recorded_by,
  });
}

/** Rows of a raw `execute`: postgres.js returns them as the result, PGlite as `{ rows }`. */
export function resultRows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? [])) as T[];
}

const dialect = new PgDialect();

/**
 * Run a raw statement as a named prepared statement (what `execute` returns).
 * Postgres then parses and plans it once per connection (the pool forces the
 * generic plan: db/client.ts); an unnamed statement is planned on every run,
 * which for the write path's one-loan statements cost more than executing
 * them. The text under one `name` must never vary
 * (only its parameters): callers name each shape. PGlite ignores the name.
 */
export function executeNamed(db: Reader, name: string, query: SQL): Promise<unknown> {
  return db._.session.prepareQuery(dialect.sqlToQuery(query), undefined, name, false).execute();
}

/** The chain hash a stored row should carry, given the previous row's hash. */
export function storedRowHash(row: LoanEventRow, prevHash: string | null): string {
  return eventHash({
    loanId: row.loanId,
    sequenceNumber: row.sequenceNumber,
    eventType: row.eventType,
    eventData: row.eventData,
    effectiveDate: row.effectiveDate,
    recordedAt: toIsoTimestamp(row.recordedAt),
    recordedBy: row.recordedBy,
    prevHash,
  });
}
