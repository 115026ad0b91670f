import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { LoanWorkspace } from "@/components/loan/loan-workspace";
import { RecordChanges } from "@/components/loan/record-changes";
import { RecordEventPanel } from "@/components/servicing/record-event-panel";
import { getDb } from "@/db";
import { listLoanChanges } from "@/db/queries/row-history";
import { businessDate } from "@/db/services/context";
import { can, fieldAccessOf, ROLE_LABELS } from "@/lib/auth/permissions";
import { defaultInterestPeriod, interestPeriodParam, payoffParam } from "@/lib/presentation/due";
import { shapeEventDetail, shapeTimelinePage } from "@/lib/presentation/field-access";
import { knownAtNotForRole, timelineViewFromLink } from "@/lib/presentation/share-link";
import { requireStaff } from "../../_lib/auth/require-staff";
import {
  asOfFromLink,
  knownAtFromLink,
  param,
  positiveIntParam,
  type SearchParams,
} from "../../_lib/url-params";
import {
  delinquencyGapsAction,
  dueSectionAction,
  interestAccruedAction,
  payoffQuoteAction,
} from "./_due/actions";
import { loadLoanPage } from "./_server/page-data";
import {
  eventDetailAction,
  previewChargeOffAction,
  previewDefermentAction,
  previewFeeAction,
  previewForbearanceEndAction,
  previewForbearanceStartAction,
  previewModificationAction,
  previewPaymentAction,
  previewReversalAction,
  previewReverseEventAction,
  previewWaiverAction,
  recordChargeOffAction,
  recordDefermentAction,
  recordFeeAction,
  recordForbearanceEndAction,
  recordForbearanceStartAction,
  recordModificationAction,
  recordPaymentAction,
  recordReversalAction,
  recordReverseEventAction,
  recordWaiverAction,
  replayAsOfAction,
  timelinePageAction,
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
  reverseEvent: recordReverseEventAction,
};

/** Each form's Review step: the same command previewed, nothing written. */
const SERVICING_PREVIEWS = {
  payment: previewPaymentAction,
  fee: previewFeeAction,
  waiver: previewWaiverAction,
  reversal: previewReversalAction,
  modification: previewModificationAction,
  forbearanceStart: previewForbearanceStartAction,
  forbearanceEnd: previewForbearanceEndAction,
  deferment: previewDefermentAction,
  chargeOff: previewChargeOffAction,
  reverseEvent: previewReverseEventAction,
};

/**
 * The loan page, rendered from the loan's aggregate and bounded reads (see
 * _server/page-data.ts): the browser gets the balances as of the URL's date,
 * one page of the timeline and a series of at most a few hundred points,
 * never the whole history. The timeline fetches further pages, the as-of
 * picker replays and the event panel steps through server actions; the URL
 * keeps asOf, knownAt and the selected event.
 */
export default async function LoanPage({ params, searchParams }: LoanPageProps) {
  await connection();
  const staff = await requireStaff("view_loans");
  const allowed = {
    review: can(staff.role, "review_disputes"),
    export: can(staff.role, "export_data"),
    record: can(staff.role, "record_events"),
  };
  // What this role's page may carry (the permission table's FIELD_PERMISSIONS):
  // the rest is left out here, before anything is rendered or serialised.
  const access = fieldAccessOf(staff.role);
  const loanNumber = decodeURIComponent((await params).loanNumber);
  const query = await searchParams;
  const db = await getDb();
  // The business date (LOAN_REPLAY_BUSINESS_DATE, else today UTC): the default
  // as-of date and the servicing forms' default and latest effective date.
  const today = businessDate();
  const link = asOfFromLink(query, today);
  const { asOf } = link;
  // "As known at" is a reviewer's view: for everyone else a link's instant is set aside, and said so.
  const linkedKnownAt = knownAtFromLink(query);
  const knownAtLink = access.knownAtHistory
    ? linkedKnownAt
    : {
        knownAt: null,
        problem: linkedKnownAt.knownAt
          ? knownAtNotForRole(linkedKnownAt.knownAt, ROLE_LABELS[staff.role])
          : null,
      };
  const { knownAt } = knownAtLink;
  const timelineView = timelineViewFromLink((name) => param(query, name));
  const linkProblems = [link.problem, knownAtLink.problem, ...timelineView.problems].filter(
    (p): p is string => p !== null,
  );
  const selected = positiveIntParam(query, "event") ?? null;
  const data = await loadLoanPage(db, {
    loanNumber,
    asOf,
    knownAt,
    selected,
    timeline: timelineView,
    reversible: allowed.record,
    due: {
      payoffOn: payoffParam(query),
      interestPeriod: interestPeriodParam(query) ?? defaultInterestPeriod(asOf, today),
      today,
    },
  });
  if (!data) notFound();
  const { loan } = data;
  const changes = access.recordChanges
    ? await listLoanChanges(db, { id: loan.id, borrowerId: loan.borrower.id })
    : null;

  return (
    <>
      <LoanWorkspace
        version={data.lastSequence}
        loan={{
          loanNumber: loan.loanNumber,
          borrowerName: loan.borrower.name,
          product: loan.product,
        }}
        today={today}
        initialView={data.view}
        initialDetail={shapeEventDetail(data.detail, access)}
        timeline={{
          ...data.timeline,
          page: shapeTimelinePage(data.timeline.page, access),
          filter: timelineView.filter,
          groupAccruals: timelineView.groupAccruals,
        }}
        series={data.series}
        replayAsOf={replayAsOfAction}
        loadEventDetail={eventDetailAction}
        loadTimelinePage={timelinePageAction}
        allowed={{ review: allowed.review, export: allowed.export }}
        linkProblems={linkProblems}
        due={{
          data: data.due,
          actions: {
            section: dueSectionAction,
            payoff: payoffQuoteAction,
            interest: interestAccruedAction,
            gaps: delinquencyGapsAction,
          },
        }}
        record={
          allowed.record ? (
            <RecordEventPanel
              loanNumber={loan.loanNumber}
              lastSequence={data.lastSequence}
              today={today}
              payments={data.reversible}
              reversibleEvents={data.reversibleEvents}
              actions={SERVICING_ACTIONS}
              previews={SERVICING_PREVIEWS}
              actor={staff.actor}
            />
          ) : null
        }
      />
      {changes ? <RecordChanges changes={changes} /> : null}
    </>
  );
}
