import Decimal from "decimal.js";
import type { Database } from "../client";
import { countLoans, formatLoanNumber } from "../queries/loans";
import { borrowers, loanEvents, loans, type NewLoanEventRow } from "../schema";

/**
 * A small, deterministic placeholder portfolio so a fresh checkout has
 * something to show. Each loan: origination, disbursement, then monthly
 * interest accruals and level payments whose allocation is stored in the event.
 */
const DEMO_BORROWERS = [
  "Ada Lovelace",
  "Grace Hopper",
  "Alan Turing",
  "Katherine Johnson",
  "Edsger Dijkstra",
  "Barbara Liskov",
  "Donald Knuth",
  "Frances Allen",
];

const SEED_ACTOR = "system:demo-seed";

export async function seedDemoPortfolioIfEmpty(db: Database): Promise<boolean> {
  if ((await countLoans(db)) > 0) return false;
  await seedDemoPortfolio(db);
  return true;
}

export async function seedDemoPortfolio(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    for (const [i, name] of DEMO_BORROWERS.entries()) {
      const [borrower] = await tx
        .insert(borrowers)
        .values({ name, email: `${name.toLowerCase().replace(/\s+/g, ".")}@example.com` })
        .returning({ id: borrowers.id });
      if (!borrower) throw new Error("borrower insert returned nothing");
      const [loan] = await tx
        .insert(loans)
        .values({
          loanNumber: formatLoanNumber(i + 1),
          borrowerId: borrower.id,
          product: "standard",
        })
        .returning({ id: loans.id });
      if (!loan) throw new Error("loan insert returned nothing");
      await tx.insert(loanEvents).values(demoEvents(loan.id, i));
    }
  });
}

function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1 + months, d));
  return date.toISOString().slice(0, 10);
}

function demoEvents(loanId: number, index: number): NewLoanEventRow[] {
  const principal = new Decimal(10_000 + index * 2_500);
  const annualRate = new Decimal("0.0500").plus(new Decimal("0.0025").times(index));
  const termMonths = 36 + (index % 3) * 12;
  const start = addMonths("2025-01-15", index % 4);
  const monthlyRate = annualRate.div(12);
  const payment = principal
    .times(monthlyRate)
    .div(new Decimal(1).minus(monthlyRate.plus(1).pow(-termMonths)))
    .toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

  const events: NewLoanEventRow[] = [];
  const push = (
    eventType: NewLoanEventRow["eventType"],
    effectiveDate: string,
    eventData: object,
  ) =>
    events.push({
      loanId,
      sequenceNumber: events.length + 1,
      eventType,
      effectiveDate,
      eventData: eventData as Record<string, unknown>,
      recordedAt: `${effectiveDate}T12:00:00.000Z`,
      recordedBy: SEED_ACTOR,
    });

  push("origination", start, {
    principal: principal.toFixed(2),
    annualRate: annualRate.toFixed(4),
    termMonths,
    dayCount: "30/360",
    firstPaymentDate: addMonths(start, 1),
    paymentAmount: payment.toFixed(2),
  });
  push("disbursement", start, { amount: principal.toFixed(2), method: "ach" });

  let balance = principal;
  const months = 6 + (index % 5);
  for (let k = 1; k <= months; k++) {
    const due = addMonths(start, k);
    // One month of 30/360 interest on the balance, kept to 6 places as accruals are.
    const interest = balance.times(annualRate).times(30).div(360).toDecimalPlaces(6);
    push("interest_accrual", due, {
      amount: interest.toFixed(6),
      rate: annualRate.toFixed(4),
      dayCount: "30/360",
      days: 30,
      principalBasis: balance.toFixed(2),
    });
    // The cash side is cents: the payment covers the interest rounded up to a cent at most.
    const interestPaid = Decimal.min(interest.toDecimalPlaces(2, Decimal.ROUND_DOWN), payment);
    const principalPaid = payment.minus(interestPaid);
    push("payment", due, {
      amount: payment.toFixed(2),
      allocation: {
        fees: "0.00",
        interest: interestPaid.toFixed(2),
        principal: principalPaid.toFixed(2),
      },
      method: "ach",
      reference: `DEMO-${loanId}-${k}`,
    });
    balance = balance.minus(principalPaid);
  }
  return events;
}
