import { count, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { readStream as loadHistory } from "../../db/event-store";
import { loanEvents, loans } from "../../db/schema";
import { createLoan } from "../../db/services/create-loan";
import { replay } from "../../lib/replay/replay";

/** A frozen clock: every write in a test is recorded at this instant. */
export const fixedClock =
  (iso = "2026-01-15T12:00:00.000Z") =>
  () =>
    new Date(iso);

export const TEST_ACTOR = "test:servicer";

/** A $12,000, 6%, 12-month actual/365 loan originated and disbursed on 2025-01-01. */
export async function givenLoan(
  db: Database,
  overrides: Partial<Parameters<typeof createLoan>[0]> = {},
): Promise<string> {
  const result = await createLoan({
    db,
    actor: TEST_ACTOR,
    clock: fixedClock(),
    borrower: { name: "Test Borrower" },
    principal: "12000.00",
    annualRate: "0.0600",
    termMonths: 12,
    dayCount: "actual/365",
    firstPaymentDate: "2025-02-01",
    originatedOn: "2025-01-01",
    disbursement: { on: "2025-01-01" },
    ...overrides,
  });
  return result.loanNumber;
}

export async function eventCount(db: Database, loanNumber?: string): Promise<number> {
  const query = db.select({ n: count() }).from(loanEvents);
  const [row] = loanNumber
    ? await query
        .innerJoin(loans, eq(loans.id, loanEvents.loanId))
        .where(eq(loans.loanNumber, loanNumber))
    : await query;
  return row?.n ?? 0;
}

export async function historyOf(db: Database, loanNumber: string) {
  const [loan] = await db.select().from(loans).where(eq(loans.loanNumber, loanNumber));
  if (!loan) throw new Error(`no loan ${loanNumber}`);
  return loadHistory(db, loan.id);
}

export async function stateOf(db: Database, loanNumber: string, asOf = "9999-12-31") {
  return replay(await historyOf(db, loanNumber), asOf).state;
}
