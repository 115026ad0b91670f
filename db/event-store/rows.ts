/**
 * The one mapping between a `loan_events` row and the engine's LoanEvent.
 */
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { AppError } from "../../lib/app-error";
import { EventParseError, parseStoredEvent } from "../../lib/events/parse";
import type { LoanEvent } from "../../lib/events/types";
import { eventHash } from "../chain";
import type { Database } from "../client";
import { loanEvents } from "../schema";

/** A transaction handle (same API as the database). */
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Reader = Database | Tx;

export type LoanEventRow = typeof loanEvents.$inferSelect;

/**
 * The columns a read for replay selects: what the mapper reads, without the
 * chain's hash, previous hash, key id and signature (a third of each row's
 * bytes, which only the chain checks read).
 */
export const EVENT_COLUMNS = {
  id: loanEvents.id,
  loanId: loanEvents.loanId,
  sequenceNumber: loanEvents.sequenceNumber,
  eventType: loanEvents.eventType,
  effectiveDate: loanEvents.effectiveDate,
  eventData: loanEvents.eventData,
  recordedAt: loanEvents.recordedAt,
  recordedBy: loanEvents.recordedBy,
};
/** A row as EVENT_COLUMNS selects it (a whole LoanEventRow is one too). */
export type EventRow = Pick<LoanEventRow, keyof typeof EVENT_COLUMNS>;

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
  try {
    return parseStoredEvent({
      sequenceNumber: row.sequenceNumber,
      eventType: row.eventType,
      effectiveDate: row.effectiveDate,
      eventData: row.eventData,
      recordedAt: toIsoTimestamp(row.recordedAt),
      recordedBy: row.recordedBy,
    });
  } catch (error) {
    if (error instanceof EventParseError) {
      throw new AppError("internal", `Stored history is unreadable: ${error.message}`);
    }
    throw error;
  }
}

/** Rows of a raw `execute`: postgres.js returns them as the result, PGlite as `{ rows }`. */
export function resultRows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? [])) as T[];
}

const dialect = new PgDialect();

/**
 * Run a raw statement as a named prepared statement (what `execute` returns).
 * Postgres then parses it once per connection and, after a few runs, keeps a
 * generic plan; an unnamed statement is planned on every run, which for
 * the write path's one-loan statements over 16 partitions of three tables
 * cost more than executing them. The text under one `name` must never vary
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
