/**
 * One stored event as the audit table shows it: plain strings only, computed
 * on the server (the browser gets no payload parsing or money code for it).
 */
import type { AuditRow } from "@/db/event-store/audit-log";
import type { EventType } from "@/lib/events/event-types";
import { parsePayload } from "@/lib/events/parse";
import { factsFor, type ReversalFacts } from "@/lib/presentation/corrections";
import { eventTypeLabel } from "@/lib/presentation/event-labels";
import { type DescribableEvent, summarizeEventWith } from "@/lib/presentation/event-summary";
import { formatTimestamp } from "@/lib/presentation/format";

export interface AuditRowView {
  id: number;
  loanNumber: string;
  sequenceNumber: number;
  eventType: EventType;
  typeLabel: string;
  effectiveDate: string;
  /** ISO instant (for <time dateTime>) and its UTC display. */
  recordedAt: string;
  recordedAtText: string;
  recordedBy: string;
  /** eventData.amount when the payload has one (a decimal string). */
  amount: string | null;
  summary: string;
  /** The first 12 characters of the event hash, or null when the row is not sealed. */
  hashPrefix: string | null;
  hash: string | null;
}

const SUMMARY_LENGTH = 140;

/**
 * The payload in words; a stored row that no longer parses is shown as its
 * JSON. With the loan's reversals, a reversed payment says so (never "applied")
 * and a reversal names what it reverses.
 */
export function eventSummary(
  row: Pick<AuditRow, "eventType" | "eventData" | "sequenceNumber">,
  reversals?: ReversalFacts,
) {
  try {
    const eventData = parsePayload(row.eventType, row.eventData);
    const event = {
      eventType: row.eventType,
      eventData,
      sequenceNumber: row.sequenceNumber,
    } as DescribableEvent;
    return summarizeEventWith(event, reversals ? factsFor(event, reversals) : undefined);
  } catch {
    return JSON.stringify(row.eventData);
  }
}

export function eventDataAmount(eventData: Record<string, unknown>): string | null {
  const amount = eventData.amount;
  return typeof amount === "string" && /^-?\d+(\.\d+)?$/.test(amount) ? amount : null;
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function toAuditRowView(row: AuditRow, reversals?: ReversalFacts): AuditRowView {
  return {
    id: row.id,
    loanNumber: row.loanNumber,
    sequenceNumber: row.sequenceNumber,
    eventType: row.eventType,
    typeLabel: eventTypeLabel(row.eventType),
    effectiveDate: row.effectiveDate,
    recordedAt: row.recordedAt,
    recordedAtText: formatTimestamp(row.recordedAt),
    recordedBy: row.recordedBy,
    amount: eventDataAmount(row.eventData),
    summary: shorten(eventSummary(row, reversals), SUMMARY_LENGTH),
    hashPrefix: row.hash ? row.hash.slice(0, 12) : null,
    hash: row.hash,
  };
}
