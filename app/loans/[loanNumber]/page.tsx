import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RawEventTable } from "@/components/loans/raw-event-table";
import { getDb } from "@/db";
import { listLoanEvents } from "@/db/queries/events";
import { findLoanByNumber } from "@/db/queries/loans";

interface LoanPageProps {
  params: Promise<{ loanNumber: string }>;
}

export async function generateMetadata({ params }: LoanPageProps): Promise<Metadata> {
  const { loanNumber } = await params;
  return { title: decodeURIComponent(loanNumber) };
}

export default async function LoanPage({ params }: LoanPageProps) {
  const loanNumber = decodeURIComponent((await params).loanNumber);
  const db = await getDb();
  const loan = await findLoanByNumber(db, loanNumber);
  if (!loan) notFound();
  const events = await listLoanEvents(db, loan.id);
  return (
    <>
      <h1>
        {loan.loanNumber} <span className="muted">· {loan.borrower.name}</span>
      </h1>
      <section className="panel" aria-label="Loan details">
        Product: {loan.product} · Events: {events.length}
      </section>
      <RawEventTable events={events} />
    </>
  );
}
