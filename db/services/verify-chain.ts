import { asc, eq, gt, inArray, sql } from "drizzle-orm";
import type { Database } from "../client";
import { type LoanEventRow, readChainRowsByLoan } from "../event-store";
import { storedRowHash } from "../event-store/rows";
import { loans } from "../schema";

export interface BrokenLink {
  sequenceNumber: number;
  reason: string;
  expected: string | null;
  found: string | null;
}

export interface ChainReport {
  loanNumber: string;
  events: number;
  status: "verified" | "broken";
  /** The first broken link (later ones follow from it). */
  brokenAt?: BrokenLink;
}

export interface VerifyOptions {
  db: Database;
  loanNumbers?: readonly string[];
  /** Loans read per query (default 200): the book is never held in memory. */
  batchSize?: number;
  onProgress?: (done: number) => void;
}

/**
 * Recompute every loan's hash chain from the stored rows, independently of
 * the database's own constraints: gapless sequence numbers from 1, each
 * prev_hash equal to the previous row's hash, each hash equal to the hash of
 * the row's canonical form. Reports the first broken link per loan.
 */
export async function verifyChains(options: VerifyOptions): Promise<ChainReport[]> {
  const { db } = options;
  const batchSize = options.batchSize ?? 200;
  const reports: ChainReport[] = [];
  let afterId = 0;
  for (;;) {
    const batch = await db
      .select({ id: loans.id, loanNumber: loans.loanNumber })
      .from(loans)
      .where(
        options.loanNumbers
          ? sql`${gt(loans.id, afterId)} and ${inArray(loans.loanNumber, [...options.loanNumbers])}`
          : gt(loans.id, afterId),
      )
      .orderBy(asc(loans.id))
      .limit(batchSize);
    if (batch.length === 0) return reports;
    afterId = batch.at(-1)?.id ?? afterId;
    const byLoan = await readChainRowsByLoan(
      db,
      batch.map((l) => l.id),
    );
    for (const loan of batch) reports.push(verifyLoan(loan.loanNumber, byLoan.get(loan.id) ?? []));
    options.onProgress?.(reports.length);
  }
}

export function verifyLoan(loanNumber: string, rows: readonly LoanEventRow[]): ChainReport {
  let prevHash: string | null = null;
  for (const [i, row] of rows.entries()) {
    const broken = (reason: string, expected: string | null, found: string | null) => ({
      loanNumber,
      events: rows.length,
      status: "broken" as const,
      brokenAt: { sequenceNumber: row.sequenceNumber, reason, expected, found },
    });
    if (row.sequenceNumber !== i + 1) {
      return broken("sequence gap", String(i + 1), String(row.sequenceNumber));
    }
    if (row.prevHash !== prevHash)
      return broken("prev_hash does not match", prevHash, row.prevHash);
    const expected = storedRowHash(row, prevHash);
    if (row.hash !== expected) {
      return broken(
        row.hash === null ? "not sealed" : "hash does not match the row",
        expected,
        row.hash,
      );
    }
    prevHash = row.hash;
  }
  return { loanNumber, events: rows.length, status: "verified" };
}

/** One loan's report (for the UI's per-loan status). */
export async function verifyLoanChain(
  db: Database,
  loanNumber: string,
): Promise<ChainReport | undefined> {
  const [loan] = await db
    .select({ id: loans.id })
    .from(loans)
    .where(eq(loans.loanNumber, loanNumber));
  if (!loan) return undefined;
  const [report] = await verifyChains({ db, loanNumbers: [loanNumber] });
  return report;
}
