import { AppError } from "../../lib/app-error";
import { isIsoDate } from "../../lib/dates";
import { replay } from "../../lib/replay/replay";
import type { LoanState } from "../../lib/replay/state";
import type { Database } from "../client";
import { engineVersion } from "../engine-version";
import { readChainRows, rowToEvent, toIsoTimestamp } from "../event-store";
import { findLoanByNumber, type LoanWithBorrower } from "../queries/loans";
import { type ChainReport, verifyLoan } from "./verify-chain";

interface EvidenceEvent {
  sequenceNumber: number;
  eventType: string;
  effectiveDate: string;
  recordedAt: string;
  recordedBy: string;
  eventData: Record<string, unknown>;
  prevHash: string | null;
  hash: string | null;
}

/** One loan's file for an auditor: every event with its hash, the chain check, and the replayed state. */
export interface EvidenceBundle {
  format: "loan-replay/evidence/v1";
  generatedAt: string;
  engineVersion: string;
  loan: LoanWithBorrower;
  asOf: string;
  state: LoanState;
  verification: ChainReport;
  events: EvidenceEvent[];
}

export async function buildEvidenceBundle(
  db: Database,
  options: { loanNumber: string; asOf: string; now?: () => Date },
): Promise<EvidenceBundle | null> {
  if (!isIsoDate(options.asOf)) {
    throw new AppError(
      "invalid_input",
      `asOf must be a real date YYYY-MM-DD, got ${JSON.stringify(options.asOf)}.`,
      { field: "asOf" },
    );
  }
  const loan = await findLoanByNumber(db, options.loanNumber);
  if (!loan) return null;
  const rows = await readChainRows(db, loan.id);
  return {
    format: "loan-replay/evidence/v1",
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    engineVersion: engineVersion(),
    loan,
    asOf: options.asOf,
    state: replay(rows.map(rowToEvent), options.asOf).state,
    verification: verifyLoan(loan.loanNumber, rows),
    events: rows.map((r) => ({
      sequenceNumber: r.sequenceNumber,
      eventType: r.eventType,
      effectiveDate: r.effectiveDate,
      recordedAt: toIsoTimestamp(r.recordedAt),
      recordedBy: r.recordedBy,
      eventData: r.eventData,
      prevHash: r.prevHash,
      hash: r.hash,
    })),
  };
}
