import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { LoanWorkspace } from "@/components/loan/loan-workspace";
import { RecordChanges } from "@/components/loan/record-changes";
import { RecordEventPanel } from "@/components/servicing/record-event-panel";
import { getDb } from "@/db";
import { listLoanChanges } from "@/db/queries/row-history";
import { can } from "@/lib/auth/permissions";
import { todayUtc } from "@/lib/presentation/as-of-picks";
import { buildAsOfView } from "@/lib/presentation/as-of-view";
import { balanceSeries } from "@/lib/presentation/balance-series";
import { eventDetail } from "@/lib/presentation/event-detail";
import { replay } from "@/lib/replay/replay";
import { requireStaff } from "../../_lib/auth/require-staff";
import {
  asOfParam,
  knownAtParam,
  positiveIntParam,
  type SearchParams,
} from "../../_lib/url-params";
import { findLoanWithHistory } from "./_server/loan";
import {
  eventDetailAction,
  recordChargeOffAction,
  recordDefermentAction,
  recordFeeAction,
  recordForbearanceEndAction,
  recordForbearanceStartAction,
  recordModificationAction,
  recordPaymentAction,
  recordReversalAction,
  recordWaiverAction,
  replayAsOfAction,
} from "./actions";

interface LoanPageProps {
  params: Promise<{ loanNumber: string }>;
  searchParams: Promise<SearchParams>;
}

export async function generateMetadata({ params }: LoanPageProps): Promise<Metadata> {
  const { loanNumber } = await params;
  return { title: decodeURIComponent(loanNumber) };
}

const SERVICING_ACTIONS = {
  payment: recordPaymentAction,
  fee: recordFeeAction,
  waiver: recordWaiverAction,
  reversal: recordReversalAction,
  modification: recordModificationAction,
  forbearanceStart: recordForbearanceStartAction,
  forbearanceEnd: recordForbearanceEndAction,
  deferment: recordDefermentAction,
  chargeOff: recordChargeOffAction,
};

export default async function LoanPage({ params, searchParams }: LoanPageProps) {
  await connection();
  const staff = await requireStaff("view_loans");
  const allowed = {
    review: can(staff.role, "review_disputes"),
    export: can(staff.role, "export_data"),
    record: can(staff.role, "record_events"),
    audit: can(staff.role, "view_audit"),
  };
  const loanNumber = decodeURIComponent((await params).loanNumber);
  const query = await searchParams;
  const db = await getDb();
  const found = await findLoanWithHistory(db, loanNumber);
  if (!found) notFound();
  const { loan, events } = found;
  const changes = allowed.audit
    ? await listLoanChanges(db, { id: loan.id, borrowerId: loan.borrower.id })
    : null;

  const today = todayUtc();
  const asOf = asOfParam(query, today);
  // "As known at" is a reviewer's view: ignored for everyone else.
  const knownAt = allowed.review ? knownAtParam(query) : null;
  const selected = positiveIntParam(query, "event") ?? null;
  const lastSequence = events.at(-1)?.sequenceNumber ?? 0;
  const reversible = !allowed.record
    ? []
    : replay(events, "9999-12-31")
        .state.payments.filter((p) => !p.reversed)
        .slice(-24)
        .reverse()
        .map(({ sequenceNumber, effectiveDate, amount }) => ({
          sequenceNumber,
          effectiveDate,
          amount,
        }));

  return (
    <>
      <LoanWorkspace
        key={lastSequence}
        loan={{
          loanNumber: loan.loanNumber,
          borrowerName: loan.borrower.name,
          product: loan.product,
        }}
        today={today}
        initialView={buildAsOfView(events, asOf, knownAt)}
        initialDetail={selected === null ? null : eventDetail(events, selected, asOf, knownAt)}
        events={events}
        series={balanceSeries(events)}
        replayAsOf={replayAsOfAction}
        loadEventDetail={eventDetailAction}
        allowed={{ review: allowed.review, export: allowed.export }}
      />
      {allowed.record ? (
        <RecordEventPanel
          loanNumber={loan.loanNumber}
          lastSequence={lastSequence}
          today={today}
          payments={reversible}
          actions={SERVICING_ACTIONS}
          actor={staff.actor}
        />
      ) : null}
      {changes ? <RecordChanges changes={changes} /> : null}
    </>
  );
}
