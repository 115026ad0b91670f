/**
 * Chain-of-custody check for the audit page: one loan (the one filtered on) or
 * the whole book, with a summary count. A function of the database; the server
 * action binds the app's.
 */
import type { Database } from "@/db/client";
import { type ChainReport, verifyChains, verifyLoanChain } from "@/db/services/verify-chain";
import { AppError } from "@/lib/app-error";

export interface ChainCheckResult {
  scope: "loan" | "book";
  loans: number;
  events: number;
  verified: number;
  broken: number;
  /** Broken chains first, then loan number order. */
  reports: ChainReport[];
  checkedAt: string;
}

export async function runChainCheck(
  db: Database,
  input: { loanNumber?: string },
  now: () => Date = () => new Date(),
): Promise<ChainCheckResult> {
  let reports: ChainReport[];
  if (input.loanNumber) {
    const report = await verifyLoanChain(db, input.loanNumber);
    if (!report) throw new AppError("not_found", `No loan ${input.loanNumber}.`);
    reports = [report];
  } else {
    reports = await verifyChains({ db });
  }
  const broken = reports.filter((r) => r.status === "broken");
  const byNumber = (a: ChainReport, b: ChainReport) => a.loanNumber.localeCompare(b.loanNumber);
  return {
    scope: input.loanNumber ? "loan" : "book",
    loans: reports.length,
    events: reports.reduce((sum, r) => sum + r.events, 0),
    verified: reports.length - broken.length,
    broken: broken.length,
    reports: [
      ...broken.sort(byNumber),
      ...reports.filter((r) => r.status !== "broken").sort(byNumber),
    ],
    checkedAt: now().toISOString(),
  };
}
