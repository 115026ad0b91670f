import { asc, eq, max, sql } from "drizzle-orm";
import type { Database } from "../client";
import { borrowers, loanEvents, loans } from "../schema";

export interface LoanListRow {
  loanNumber: string;
  borrowerName: string;
  product: string;
  eventCount: number;
  lastEventDate: string | null;
}

export async function listLoans(db: Database): Promise<LoanListRow[]> {
  return db
    .select({
      loanNumber: loans.loanNumber,
      borrowerName: borrowers.name,
      product: loans.product,
      eventCount: sql<number>`count(${loanEvents.id})::int`,
      lastEventDate: max(loanEvents.effectiveDate),
    })
    .from(loans)
    .innerJoin(borrowers, eq(borrowers.id, loans.borrowerId))
    .leftJoin(loanEvents, eq(loanEvents.loanId, loans.id))
    .groupBy(loans.id, borrowers.id)
    .orderBy(asc(loans.loanNumber));
}

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

export async function countLoans(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(loans);
  return row?.n ?? 0;
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
