import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { StepThrough } from "@/components/review/step-through";
import { getDb } from "@/db";
import { isIsoDate } from "@/lib/dates";
import { todayUtc } from "@/lib/presentation/as-of-picks";
import { formatTimestamp } from "@/lib/presentation/format";
import { requireStaff } from "../../../_lib/auth/require-staff";
import {
  asOfParam,
  knownAtParam,
  param,
  positiveIntParam,
  type SearchParams,
} from "../../../_lib/url-params";
import { findLoanWithHistory } from "../_server/loan";

interface ReviewPageProps {
  params: Promise<{ loanNumber: string }>;
  searchParams: Promise<SearchParams>;
}

export async function generateMetadata({ params }: ReviewPageProps): Promise<Metadata> {
  return { title: `Review ${decodeURIComponent((await params).loanNumber)}` };
}

export default async function ReviewPage({ params, searchParams }: ReviewPageProps) {
  await connection();
  await requireStaff("review_disputes");
  const loanNumber = decodeURIComponent((await params).loanNumber);
  const query = await searchParams;
  const found = await findLoanWithHistory(await getDb(), loanNumber);
  if (!found) notFound();
  const { loan, events } = found;
  const asOf = asOfParam(query, todayUtc());
  const knownAt = knownAtParam(query);
  const from = param(query, "from");
  return (
    <>
      <header className="loan-header">
        <div>
          <h1>
            Dispute review{" "}
            <span className="muted">
              · {loan.borrower.name} · {loan.loanNumber}
            </span>
          </h1>
          <p className="muted">
            Replaying events effective through {asOf}
            {knownAt ? `, as known at ${formatTimestamp(knownAt)}` : ""}.{" "}
            <Link href={`/loans/${loan.loanNumber}?asOf=${asOf}`}>Back to the loan</Link>
          </p>
        </div>
      </header>
      <StepThrough
        events={events}
        asOf={asOf}
        knownAt={knownAt}
        at={positiveIntParam(query, "at") ?? null}
        from={from && isIsoDate(from) ? from : null}
      />
    </>
  );
}
