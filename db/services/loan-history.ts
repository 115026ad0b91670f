import { asc, eq, sql } from "drizzle-orm";
import { AppError } from "../../lib/app-error";
import { EventParseError, parseEvent } from "../../lib/events/parse";
import type { LoanEvent } from "../../lib/events/types";
import type { Database } from "../client";
import { toIsoTimestamp } from "../queries/events";
import { loanEvents, loans } from "../schema";

/** A transaction handle (same API as the database). */
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

export interface LockedLoan {
  id: number;
  loanNumber: string;
  product: string;
  /** Hash of the loan's last event (the head of its chain), once loaded. */
  lastHash?: string | null;
}

/** A loan's parsed events and the head of its hash chain. */
export interface LoanChain {
  events: LoanEvent[];
  lastHash: string | null;
}

/**
 * Lock the loan row for the rest of the transaction: appends to one loan are
 * serialised, so sequence numbers stay gapless and duplicate-free.
 */
export async function lockLoan(tx: Tx | Database, loanNumber: string): Promise<LockedLoan> {
  const [loan] = await tx
    .select({ id: loans.id, loanNumber: loans.loanNumber, product: loans.product })
    .from(loans)
    .where(eq(loans.loanNumber, loanNumber))
    .for("update");
  if (!loan) throw new AppError("not_found", `No loan ${loanNumber}.`, { loanNumber });
  return loan;
}

export function rowToEvent(row: typeof loanEvents.$inferSelect): LoanEvent {
  try {
    return parseEvent({
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

/** The loan's events, parsed, in sequence order. */
export async function loadHistory(tx: Tx | Database, loanId: number): Promise<LoanEvent[]> {
  return (await loadChain(tx, loanId)).events;
}

/** The loan's events and its chain head. */
export async function loadChain(tx: Tx | Database, loanId: number): Promise<LoanChain> {
  const rows = await tx
    .select()
    .from(loanEvents)
    .where(eq(loanEvents.loanId, loanId))
    .orderBy(asc(loanEvents.sequenceNumber));
  return { events: rows.map(rowToEvent), lastHash: rows.at(-1)?.hash ?? null };
}

/** Events and chain heads of many loans in one query, keyed by loan id. */
export async function loadChains(
  tx: Tx | Database,
  loanIds: readonly number[],
): Promise<Map<number, LoanChain>> {
  const byLoan = new Map<number, LoanChain>(
    loanIds.map((id) => [id, { events: [], lastHash: null }]),
  );
  if (loanIds.length === 0) return byLoan;
  // One array parameter instead of one parameter per id: a batch of hundreds of
  // loans is one short statement.
  const rows = await tx
    .select()
    .from(loanEvents)
    .where(sql`${loanEvents.loanId} = any(${`{${loanIds.join(",")}}`}::bigint[])`)
    .orderBy(asc(loanEvents.loanId), asc(loanEvents.sequenceNumber));
  for (const row of rows) {
    const chain = byLoan.get(row.loanId);
    if (!chain) continue;
    chain.events.push(rowToEvent(row));
    chain.lastHash = row.hash;
  }
  return byLoan;
}
