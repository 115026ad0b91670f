/**
 * Stored rows exactly as written, chain columns (prev_hash, hash) included,
 * in sequence order: what the hash-chain check recomputes and what an
 * evidence bundle exports. Everything else reads parsed events (read.ts).
 */
import { asc, eq, inArray } from "drizzle-orm";
import { loanEvents } from "../schema";
import type { LoanEventRow, Reader } from "./rows";

/** One loan's stored rows in sequence order. */
export async function readChainRows(db: Reader, loanId: number): Promise<LoanEventRow[]> {
  return db
    .select()
    .from(loanEvents)
    .where(eq(loanEvents.loanId, loanId))
    .orderBy(asc(loanEvents.sequenceNumber));
}

/**
 * Several loans' stored rows in one query, keyed by loan id, each loan's in
 * sequence order. A loan without events is absent from the map.
 */
export async function readChainRowsByLoan(
  db: Reader,
  loanIds: readonly number[],
): Promise<Map<number, LoanEventRow[]>> {
  const byLoan = new Map<number, LoanEventRow[]>();
  if (loanIds.length === 0) return byLoan;
  const rows = await db
    .select()
    .from(loanEvents)
    .where(inArray(loanEvents.loanId, [...loanIds]))
    .orderBy(asc(loanEvents.loanId), asc(loanEvents.sequenceNumber));
  for (const row of rows) {
    const list = byLoan.get(row.loanId) ?? [];
    list.push(row);
    byLoan.set(row.loanId, list);
  }
  return byLoan;
}
