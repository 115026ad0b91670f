/**
 * The canonical serialisation an event's hash is computed over (chain of
 * custody). Pure and versioned: a change here must get a new version tag,
 * or every stored hash stops verifying.
 *
 * JSON array of: version tag, loan id, sequence number, event type, the
 * payload with object keys sorted (recursively), effective date, recorded-at
 * as an ISO timestamp with milliseconds, recorded-by, the previous hash.
 */
const CHAIN_VERSION = "loan-replay/event/v1";

export interface ChainedFields {
  loanId: number;
  sequenceNumber: number;
  eventType: string;
  eventData: unknown;
  effectiveDate: string;
  /** ISO 8601 with milliseconds, UTC ("2025-01-01T09:00:00.000Z"). */
  recordedAt: string;
  recordedBy: string;
  prevHash: string | null;
}

export function canonicalEvent(e: ChainedFields): string {
  return JSON.stringify([
    CHAIN_VERSION,
    e.loanId,
    e.sequenceNumber,
    e.eventType,
    sortKeys(e.eventData),
    e.effectiveDate,
    e.recordedAt,
    e.recordedBy,
    e.prevHash,
  ]);
}

/** Object keys sorted recursively, undefined members dropped (the hash and the seals use it). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}
