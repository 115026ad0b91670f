import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { StepThrough } from "@/components/review/step-through";
import { CopyLinkButton } from "@/components/ui/copy-link-button";
import { Notices } from "@/components/ui/notices";
import { getDb } from "@/db";
import { businessDate } from "@/db/services/context";
import { isIsoDate } from "@/lib/dates";
import { formatTimestamp } from "@/lib/presentation/format";
import { SKIP_ACCRUALS_QUERY } from "@/lib/presentation/share-link";
import { requireStaff } from "../../../_lib/auth/require-staff";
import {
  asOfFromLink,
  knownAtFromLink,
  param,
  positiveIntParam,
  type SearchParams,
} from "../../../_lib/url-params";
import { findLoan } from "../_server/loan";
import { reviewStep, stepTargetOf } from "../_server/review";
import { reviewStepAction } from "../actions";

interface ReviewPageProps {
  params: Promise<{ loanNumber: string }>;
  searchParams: Promise<SearchParams>;
}

export async function generateMetadata({ params }: ReviewPageProps): Promise<Metadata> {
  return { title: `Review ${decodeURIComponent((await params).loanNumber)}` };
}

/**
 * The dispute step-through. The page replays the step the URL names (at= an
 * event, or from= the first event effective on or after a date) on the
 * server; each further step is one server action (reviewStepAction), so the
 * browser never holds the history.
 */
export default async function ReviewPage({ params, searchParams }: ReviewPageProps) {
  await connection();
  await requireStaff("review_disputes");
  const loanNumber = decodeURIComponent((await params).loanNumber);
  const query = await searchParams;
  const db = await getDb();
  const loan = await findLoan(db, loanNumber);
  if (!loan) notFound();
  const link = { asOf: asOfFromLink(query, businessDate()), knownAt: knownAtFromLink(query) };
  const { asOf } = link.asOf;
  const { knownAt } = link.knownAt;
  const from = param(query, "from");
  const validFrom = from !== undefined && isIsoDate(from) ? from : undefined;
  const fromProblem =
    from && validFrom === undefined
      ? `The link's start date “${from.slice(0, 40)}” is not a real date (YYYY-MM-DD), so the step-through starts at the first event.`
      : null;
  const problems = [link.asOf.problem, link.knownAt.problem, fromProblem].filter(
    (p): p is string => p !== null,
  );
  const at = positiveIntParam(query, "at");
  const skipAccruals = param(query, SKIP_ACCRUALS_QUERY) === "1";
  const initial = await reviewStep(
    db,
    loan.id,
    { asOf, knownAt, skipAccruals },
    stepTargetOf({ at, date: at === undefined ? validFrom : undefined }),
  );
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
            <Link href={backToLoan(loan.loanNumber, asOf, knownAt)}>Back to the loan</Link>{" "}
            <CopyLinkButton asOf={asOf} knownAt={knownAt} />
          </p>
        </div>
      </header>
      <Notices messages={problems} testId="link-problems" />
      <StepThrough
        loanNumber={loan.loanNumber}
        asOf={asOf}
        knownAt={knownAt}
        initial={initial}
        initialSkipAccruals={skipAccruals}
        loadStep={reviewStepAction}
      />
    </>
  );
}

/** The loan page at the same date and, for "as known at", the same instant. */
function backToLoan(loanNumber: string, asOf: string, knownAt: string | null): string {
  const query = new URLSearchParams({ asOf });
  if (knownAt) query.set("knownAt", knownAt);
  return `/loans/${loanNumber}?${query}`;
}
