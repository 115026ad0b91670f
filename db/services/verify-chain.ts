import { asc, gt, inArray, sql } from "drizzle-orm";
import type { Database } from "../client";
import { type LoanEventRow, readChainRowsByLoan } from "../event-store";
import { checkStoredRow } from "../event-store/integrity";
import { loans } from "../schema";

interface BrokenLink {
  sequenceNumber: number;
  reason: string;
  expected: string | null;
  found: string | null;
}

/** What a broken link says happened to the row (verify names each by loan and sequence). */
type TamperKind = "deleted" | "rewritten" | "forged" | "missing hash";

export interface ChainProblem {
  sequenceNumber: number;
  kind: TamperKind;
  reason: string;
}

export interface ChainReport {
  loanNumber: string;
  events: number;
  status: "verified" | "broken";
  /** The first broken link. */
  brokenAt?: BrokenLink;
  /** Every broken row (when broken), each named: a deletion, a rewrite, a forged row, a missing hash. */
  problems?: ChainProblem[];
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
 * the row's canonical form, each hash signed by a known key (a key outside
 * the database: db/signing-key.ts). Reports the first broken link per loan
 * and every broken row. Reads only.
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
  const problems: ChainProblem[] = [];
  let first: BrokenLink | undefined;
  const note = (
    sequenceNumber: number,
    kind: TamperKind,
    reason: string,
    expected: string | null,
    found: string | null,
  ) => {
    problems.push({ sequenceNumber, kind, reason });
    first ??= { sequenceNumber, reason, expected, found };
  };
  let prevHash: string | null = null;
  let expectedSequence = 1;
  for (const row of rows) {
    if (row.sequenceNumber !== expectedSequence) {
      if (row.sequenceNumber > expectedSequence) {
        for (let s = expectedSequence; s < row.sequenceNumber; s++) {
          problems.push({ sequenceNumber: s, kind: "deleted", reason: "event missing" });
        }
      }
      first ??= {
        sequenceNumber: row.sequenceNumber,
        reason: "sequence gap",
        expected: String(expectedSequence),
        found: String(row.sequenceNumber),
      };
    }
    expectedSequence = row.sequenceNumber + 1;
    const linked = row.prevHash === prevHash;
    const problem = checkStoredRow(row);
    if (problem?.problem === "missing hash") {
      note(row.sequenceNumber, "missing hash", "not sealed", problem.expected, null);
    } else if (!linked && !problems.some((p) => p.sequenceNumber === row.sequenceNumber - 1)) {
      note(row.sequenceNumber, "rewritten", "prev_hash does not match", prevHash, row.prevHash);
    } else if (problem?.problem === "hash does not match the row") {
      note(row.sequenceNumber, "rewritten", problem.problem, problem.expected, row.hash);
    } else if (problem?.problem === "signature does not verify") {
      // The hash recomputes, so the row was re-hashed after it was signed.
      note(row.sequenceNumber, "rewritten", problem.problem, null, row.signature);
    } else if (problem) {
      // A correct hash nobody with the key signed: inserted behind the app's back.
      note(row.sequenceNumber, "forged", problem.problem, null, row.keyId);
    }
    prevHash = row.hash;
  }
  if (!first && problems.length === 0)
    return { loanNumber, events: rows.length, status: "verified" };
  return {
    loanNumber,
    events: rows.length,
    status: "broken",
    brokenAt: first ?? {
      sequenceNumber: problems[0]?.sequenceNumber ?? 0,
      reason: problems[0]?.reason ?? "",
      expected: null,
      found: null,
    },
    problems,
  };
}
