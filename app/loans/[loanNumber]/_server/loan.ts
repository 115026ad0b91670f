/** A loan by its number (never its history: the page reads the stream a bounded piece at a time). */
import type { Database } from "@/db/client";
import { findLoanByNumber, type LoanWithBorrower } from "@/db/queries/loans";
import { AppError } from "@/lib/app-error";

export type { LoanWithBorrower };

export function findLoan(db: Database, loanNumber: string): Promise<LoanWithBorrower | undefined> {
  return findLoanByNumber(db, loanNumber);
}

/** The loan, or a not_found AppError in words. */
export async function requireLoan(db: Database, loanNumber: string): Promise<LoanWithBorrower> {
  const loan = await findLoanByNumber(db, loanNumber);
  if (!loan) throw new AppError("not_found", `No loan ${loanNumber}.`, { loanNumber });
  return loan;
}
