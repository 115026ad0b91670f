import { and, asc, eq, lte, max } from "drizzle-orm";
import type { Database } from "../client";
import { loanEvents } from "../schema";

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

/** Postgres prints timestamptz as "2026-01-05 10:00:00.123+00"; the contract uses ISO 8601. */
export function toIsoTimestamp(value: string): string {
  const iso = value.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00");
  return new Date(iso).toISOString();
}

/** One loan's events in sequence order (served by the (loan_id, sequence_number) unique index). */
export async function listLoanEvents(db: Database, loanId: number): Promise<StoredEvent[]> {
  const rows = await db
    .select()
    .from(loanEvents)
    .where(eq(loanEvents.loanId, loanId))
    .orderBy(asc(loanEvents.sequenceNumber));
  return rows.map((row) => ({
    id: row.id,
    sequenceNumber: row.sequenceNumber,
    eventType: row.eventType,
    effectiveDate: row.effectiveDate,
    eventData: row.eventData,
    recordedAt: toIsoTimestamp(row.recordedAt),
    recordedBy: row.recordedBy,
  }));
}

/** The latest effective date among a loan's events in effect on `asOf`. */
export async function lastEffectiveDateOf(
  db: Database,
  loanId: number,
  asOf: string,
): Promise<string | null> {
  const [row] = await db
    .select({ last: max(loanEvents.effectiveDate) })
    .from(loanEvents)
    .where(and(eq(loanEvents.loanId, loanId), lte(loanEvents.effectiveDate, asOf)));
  return row?.last ?? null;
}
