/** A loan and its parsed history, or a not_found AppError. */
import type { Database } from "@/db/client";
import { readStream } from "@/db/event-store";
import { findLoanByNumber, type LoanWithBorrower } from "@/db/queries/loans";
import { AppError } from "@/lib/app-error";
import type { LoanEvent } from "@/lib/events/types";

export interface LoanWithHistory {
  loan: LoanWithBorrower;
  events: LoanEvent[];
}

export async function findLoanWithHistory(
  db: Database,
  loanNumber: string,
): Promise<LoanWithHistory | null> {
  const loan = await findLoanByNumber(db, loanNumber);
  if (!loan) return null;
  return { loan, events: await readStream(db, loan.id) };
}

export async function requireLoanWithHistory(
  db: Database,
  loanNumber: string,
): Promise<LoanWithHistory> {
  const found = await findLoanWithHistory(db, loanNumber);
  if (!found) throw new AppError("not_found", `No loan ${loanNumber}.`, { loanNumber });
  return found;
}
