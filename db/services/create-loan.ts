import { sql } from "drizzle-orm";
import type { z } from "zod";
import { levelPayment } from "../../lib/amortization";
import { AppError } from "../../lib/app-error";
import { isIsoDate } from "../../lib/dates";
import type { DayCountConvention } from "../../lib/day-count";
import { annualRate, positiveCashAmount, termMonths } from "../../lib/events/schemas";
import { DEFAULT_PRODUCT, isLoanProduct, unknownProductMessage } from "../../lib/products";
import { type AppendResult, appendToNewLoan } from "../event-store";
import { nextLoanNumber } from "../queries/loans";
import { borrowers, loans } from "../schema";
import { setActor, type WriteContext } from "./context";

export interface CreateLoanOptions extends WriteContext {
  borrower: { name: string; email?: string; phone?: string } | { id: number };
  product?: string;
  notes?: string;
  principal: string;
  annualRate: string;
  termMonths: number;
  dayCount: DayCountConvention;
  firstPaymentDate: string;
  /** Computed (level payment, half-up to cents) when absent, and stored either way. */
  paymentAmount?: string;
  originatedOn: string;
  /** Omit to originate without funding; the disbursement can follow later. */
  disbursement?: { on: string; amount?: string; method?: "ach" | "wire" | "check" | "internal" };
}

export interface CreateLoanResult extends AppendResult {
  loanId: number;
  borrowerId: number;
}

/** Serialises loan-number allocation across writers (any constant key works). */
const LOAN_NUMBER_LOCK = 7_300_001;

/** Create the borrower (or reuse one), the loan, its origination and disbursement: all or nothing. */
export async function createLoan(options: CreateLoanOptions): Promise<CreateLoanResult> {
  checkField(positiveCashAmount, options.principal, "principal");
  checkField(annualRate, options.annualRate, "annualRate");
  checkField(termMonths, options.termMonths, "termMonths");
  checkDate(options.originatedOn, "originatedOn");
  checkDate(options.firstPaymentDate, "firstPaymentDate");
  if (options.disbursement) checkDate(options.disbursement.on, "disbursedOn");
  if ("name" in options.borrower && !options.borrower.name.trim()) {
    throw new AppError("invalid_input", "Borrower name must not be empty.", { field: "borrower" });
  }
  if (options.product !== undefined && !isLoanProduct(options.product)) {
    throw new AppError("invalid_input", `${unknownProductMessage(options.product)}.`, {
      field: "product",
    });
  }

  return options.db.transaction(async (tx) => {
    await setActor(tx, options.actor);
    let borrowerId: number;
    if ("id" in options.borrower) {
      borrowerId = options.borrower.id;
    } else {
      const [row] = await tx
        .insert(borrowers)
        .values({
          name: options.borrower.name.trim(),
          email: options.borrower.email,
          phone: options.borrower.phone,
        })
        .returning({ id: borrowers.id });
      if (!row) throw new AppError("internal", "Could not create the borrower.");
      borrowerId = row.id;
    }
    await tx.execute(sql`select pg_advisory_xact_lock(${LOAN_NUMBER_LOCK})`);
    const loanNumber = await nextLoanNumber(tx);
    const [loan] = await tx
      .insert(loans)
      .values({
        loanNumber,
        borrowerId,
        product: options.product ?? DEFAULT_PRODUCT,
        notes: options.notes,
      })
      .returning({ id: loans.id, loanNumber: loans.loanNumber, product: loans.product });
    if (!loan) throw new AppError("internal", "Could not create the loan.");

    const paymentAmount =
      options.paymentAmount ??
      levelPayment({
        principal: options.principal,
        annualRate: options.annualRate,
        termMonths: options.termMonths,
      });
    const events = [
      {
        eventType: "origination" as const,
        effectiveDate: options.originatedOn,
        eventData: {
          principal: options.principal,
          annualRate: options.annualRate,
          termMonths: options.termMonths,
          dayCount: options.dayCount,
          firstPaymentDate: options.firstPaymentDate,
          paymentAmount,
        },
      },
    ];
    const d = options.disbursement;
    const withDisbursement = d
      ? [
          ...events,
          {
            eventType: "disbursement" as const,
            effectiveDate: d.on,
            eventData: { amount: d.amount ?? options.principal, method: d.method ?? "ach" },
          },
        ]
      : events;
    const result = await appendToNewLoan(tx, loan, { ...options, events: withDisbursement });
    return { ...result, loanId: loan.id, borrowerId };
  });
}

function checkDate(value: unknown, field: string): string {
  if (!isIsoDate(value)) {
    throw new AppError(
      "invalid_input",
      `${field} must be a real date in the form YYYY-MM-DD, got ${JSON.stringify(value)}.`,
      { field },
    );
  }
  return value;
}

function checkField<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new AppError(
      "invalid_input",
      `${field} ${parsed.error.issues[0]?.message ?? "is invalid"} (got ${JSON.stringify(value)}).`,
      { field },
    );
  }
  return parsed.data;
}
