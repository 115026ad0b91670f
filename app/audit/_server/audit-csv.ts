/**
 * The audit log as CSV, streamed: a header row, then the matching events in
 * batches from streamAuditEvents (oldest first), so the whole book is never in
 * memory. Every text cell goes through csvCell (quoting and formula-injection
 * protection); figures the app wrote go through csvNumber.
 */

import type { Database } from "@/db/client";
import { type AuditFilter, type AuditRow, streamAuditEvents } from "@/db/event-store/audit-log";
import { csvCell, csvNumber, csvRow } from "@/lib/csv";
import { eventDataAmount, eventSummary } from "./row-view";

export const AUDIT_CSV_COLUMNS = [
  "loan_number",
  "sequence_number",
  "event_type",
  "effective_date",
  "recorded_at",
  "recorded_by",
  "amount",
  "summary",
  "event_data",
  "hash",
] as const;

function auditCsvRow(row: AuditRow): string {
  const amount = eventDataAmount(row.eventData);
  return csvRow([
    csvCell(row.loanNumber),
    csvNumber(String(row.sequenceNumber)),
    csvCell(row.eventType),
    csvCell(row.effectiveDate),
    csvCell(row.recordedAt),
    csvCell(row.recordedBy),
    amount === null ? "" : csvNumber(amount),
    csvCell(eventSummary(row)),
    csvCell(JSON.stringify(row.eventData)),
    csvCell(row.hash),
  ]);
}

/** The CSV text in chunks: the header, then one chunk per batch of rows. */
export async function* auditCsvChunks(
  db: Database,
  filter: AuditFilter,
  batchSize = 2000,
  direction: "newest" | "oldest" = "oldest",
): AsyncGenerator<string> {
  yield csvRow(AUDIT_CSV_COLUMNS.map(csvCell));
  for await (const batch of streamAuditEvents(db, filter, batchSize, direction)) {
    yield batch.map(auditCsvRow).join("");
  }
}

/** The chunks as a byte stream for a Response; a cancelled download stops the reads. */
export function auditCsvStream(
  db: Database,
  filter: AuditFilter,
  batchSize?: number,
  direction: "newest" | "oldest" = "oldest",
): ReadableStream<Uint8Array> {
  const chunks = auditCsvChunks(db, filter, batchSize, direction);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        console.error("[audit export] failed while streaming", error);
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/** "audit-log-2026-01-15.csv", or "audit-log-LN-000042-2026-01-15.csv" for one loan. */
export function auditCsvFilename(filter: AuditFilter, today: string): string {
  return `audit-log-${filter.loanNumber ? `${filter.loanNumber}-` : ""}${today}.csv`;
}
