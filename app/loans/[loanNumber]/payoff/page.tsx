import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import styles from "@/components/due/due.module.css";
import { QuoteFigures } from "@/components/due/payoff-quote";
import { PrintButton } from "@/components/due/print-button";
import { getDb } from "@/db";
import { businessDate } from "@/db/services/context";
import { isAppError } from "@/lib/app-error";
import { mayReceive } from "@/lib/auth/permissions";
import { isIsoDate, isIsoTimestamp } from "@/lib/dates";
import type { PayoffQuote } from "@/lib/due";
import { formatTimestamp } from "@/lib/presentation/format";
import { requireStaff } from "../../../_lib/auth/require-staff";
import { param, type SearchParams } from "../../../_lib/url-params";
import { loadPayoffQuote } from "../_server/due";
import { findLoan } from "../_server/loan";

interface PayoffPageProps {
  params: Promise<{ loanNumber: string }>;
  searchParams: Promise<SearchParams>;
}

export async function generateMetadata({ params }: PayoffPageProps): Promise<Metadata> {
  const { loanNumber } = await params;
  return { title: `Payoff quote ${decodeURIComponent(loanNumber)}` };
}

/**
 * /loans/LN/payoff?on=Q[&asOf=D][&knownAt=T]: the payoff quote as a printable
 * document (the print stylesheet hides the app's header and these controls).
 * asOf defaults to the earlier of Q and the business date; knownAt is a
 * reviewer's view, ignored for everyone else.
 */
export default async function PayoffPage({ params, searchParams }: PayoffPageProps) {
  await connection();
  const staff = await requireStaff("view_loans");
  const loanNumber = decodeURIComponent((await params).loanNumber);
  const query = await searchParams;
  const db = await getDb();
  const loan = await findLoan(db, loanNumber);
  if (!loan) notFound();
  const today = businessDate();
  const rawOn = param(query, "on");
  const on = rawOn && isIsoDate(rawOn) ? rawOn : today;
  const rawAsOf = param(query, "asOf");
  // biome-ignore lint/complexity/useMathMinMax: ISO dates compare as strings, not numbers
  const asOf = rawAsOf && isIsoDate(rawAsOf) ? rawAsOf : on < today ? on : today;
  const rawKnownAt = param(query, "knownAt");
  const knownAt =
    mayReceive(staff.role, "knownAtHistory") && rawKnownAt && isIsoTimestamp(rawKnownAt)
      ? rawKnownAt
      : null;

  let quote: PayoffQuote | null = null;
  let problem: string | null = null;
  try {
    quote = await loadPayoffQuote(db, { loanNumber, on, asOf, knownAt });
  } catch (error) {
    if (!isAppError(error)) throw error;
    problem = error.message;
  }
  const back = new URLSearchParams({ asOf, payoff: on });
  if (knownAt) back.set("knownAt", knownAt);
  const download = new URLSearchParams({ on, asOf });
  if (knownAt) download.set("knownAt", knownAt);

  return (
    <article className={styles.printPage} aria-labelledby="quote-heading">
      <div className={styles.printActions}>
        {quote ? <PrintButton /> : null}
        <Link href={`/loans/${loan.loanNumber}?${back.toString()}`}>Back to the loan</Link>
        {quote ? (
          <>
            <a href={`/loans/${loan.loanNumber}/payoff.csv?${download.toString()}`} download>
              Download CSV
            </a>
            <a href={`/loans/${loan.loanNumber}/payoff.json?${download.toString()}`} download>
              Download JSON
            </a>
          </>
        ) : null}
      </div>
      <h1 id="quote-heading">Payoff quote</h1>
      <dl className={styles.printMeta}>
        <dt>Loan</dt>
        <dd>{loan.loanNumber}</dd>
        <dt>Borrower</dt>
        <dd>{loan.borrower.name}</dd>
        <dt>Payoff date</dt>
        <dd>{on}</dd>
        <dt>Quoted as of</dt>
        <dd>
          {asOf}
          {knownAt ? `, as known at ${formatTimestamp(knownAt)}` : ""}
        </dd>
        <dt>Prepared</dt>
        <dd>
          {today} by {staff.name}
        </dd>
      </dl>
      {quote ? (
        <QuoteFigures quote={quote} />
      ) : (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </article>
  );
}
