import { eq, sql } from "drizzle-orm";
import type { Database } from "../client";
import { borrowers, loans } from "../schema";

export interface LoanWithBorrower {
  id: number;
  loanNumber: string;
  product: string;
  notes: string | null;
  createdAt: string;
  borrower: { id: number; name: string; email: string | null; phone: string | null };
}

export async function findLoanByNumber(
  db: Database,
  loanNumber: string,
): Promise<LoanWithBorrower | undefined> {
  const [row] = await db
    .select({ loan: loans, borrower: borrowers })
    .from(loans)
    .innerJoin(borrowers, eq(borrowers.id, loans.borrowerId))
    .where(eq(loans.loanNumber, loanNumber))
    .limit(1);
  if (!row) return undefined;
  const { loan, borrower } = row;
  return {
    id: loan.id,
    loanNumber: loan.loanNumber,
    product: loan.product,
    notes: loan.notes,
    createdAt: loan.createdAt,
    borrower: {
      id: borrower.id,
      name: borrower.name,
      email: borrower.email,
      phone: borrower.phone,
    },
  };
}

/** Loan numbers look like LN-000123; the next one follows the highest in use. */
export async function nextLoanNumber(db: Database): Promise<string> {
  const [row] = await db
    .select({ n: sql<number>`coalesce(max(substring(${loans.loanNumber} from 4)::int), 0)::int` })
    .from(loans);
  return formatLoanNumber((row?.n ?? 0) + 1);
}

export function formatLoanNumber(n: number): string {
  return `LN-${String(n).padStart(6, "0")}`;
}
