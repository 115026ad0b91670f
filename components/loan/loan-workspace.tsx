"use client";
import Link from "next/link";
import { Fragment, type ReactNode, useCallback, useRef, useState } from "react";
import type { Action } from "@/app/_lib/action-result";
import { BalanceChart } from "@/components/chart/balance-chart";
import { DelinquencyChart } from "@/components/due/delinquency-chart";
import { DueOverview, type DueProps } from "@/components/due/due-overview";
import { InstallmentsTable } from "@/components/due/installments-table";
import { InterestAccruedPeriod } from "@/components/due/interest-accrued";
import { useDueSection } from "@/components/due/use-due-section";
import { type DetailState, EventDetailPanel } from "@/components/timeline/event-detail-panel";
import { EventTimeline, type TimelinePageRequest } from "@/components/timeline/event-timeline";
import { AsOfPicker } from "@/components/ui/as-of-picker";
import { CopyLinkButton } from "@/components/ui/copy-link-button";
import { Notices } from "@/components/ui/notices";
import type { EventType } from "@/lib/events/event-types";
import type { AsOfView } from "@/lib/presentation/as-of-view";
import type { BalanceSeries } from "@/lib/presentation/balance-series";
import type { EventDetail } from "@/lib/presentation/event-detail";
import type { TimelineFilter, TimelinePage } from "@/lib/presentation/timeline";
import { BalancesPanel } from "./balances-panel";
import { KnowledgePanel } from "./knowledge-panel";
import { KnownAtControl } from "./known-at-control";
import { LoanHeader } from "./loan-header";
import { RecentPayments } from "./recent-payments";
import { type AsOfRequest, replaceQuery, useAsOfView } from "./use-as-of-view";

interface EventDetailRequest extends AsOfRequest {
  sequenceNumber: number;
}

interface LoanWorkspaceProps {
  loan: { loanNumber: string; borrowerName: string; product: string };
  /**
   * The loan's last sequence number. When a write moves it, the server's new
   * data replaces what is shown (the parts below are remounted with it), while
   * the servicing forms (`record`) stay mounted and keep what they say.
   */
  version: number;
  today: string;
  initialView: AsOfView;
  initialDetail: EventDetail | null;
  /** The timeline's first page and counts (the rest is fetched a page at a time). */
  timeline: {
    page: TimelinePage;
    counts: Partial<Record<EventType, number>>;
    total: number;
    /** The URL's filters, which the first page was read with. */
    filter?: TimelineFilter;
    groupAccruals?: boolean;
  };
  /** The balance chart's series (bounded: at most a few hundred points). */
  series: BalanceSeries;
  replayAsOf: Action<AsOfRequest, AsOfView>;
  loadEventDetail: Action<EventDetailRequest, EventDetail>;
  loadTimelinePage: Action<TimelinePageRequest, TimelinePage>;
  /** What the signed-in role may use (the server refuses the rest anyway). */
  allowed?: { review?: boolean; export?: boolean };
  /** What the page's link asked for that could not be shown (e.g. asOf=2025-02-30), and what is shown. */
  linkProblems?: readonly string[];
  /** Amounts due, payoff quote, installments, interest accrued in a period, days past due over time. */
  due?: DueProps;
  /** The servicing forms (for a servicer): under the balances, above the chart and the timeline. */
  record?: ReactNode;
}

/** The loan page's interactive part: as-of figures, chart, timeline and event detail. */
export function LoanWorkspace(props: LoanWorkspaceProps) {
  const { loan, today, timeline, series } = props;
  const canReview = props.allowed?.review === true;
  const canExport = props.allowed?.export === true;
  const { view, asOf, knownAt, error, pending, load } = useAsOfView(
    loan.loanNumber,
    props.initialView,
    props.replayAsOf,
    props.version,
  );
  const due = useDueSection(
    loan.loanNumber,
    props.due?.data.section,
    props.due?.actions.section,
    asOf,
    knownAt,
    props.version,
  );
  const initialDetail = (): DetailState =>
    props.initialDetail ? { status: "ready", detail: props.initialDetail } : { status: "idle" };
  const [detail, setDetail] = useState<DetailState>(initialDetail);
  const detailTicket = useRef(0);
  const detailRef = useRef<HTMLDivElement>(null);
  const { loadEventDetail } = props;

  const select = useCallback(
    async (sequenceNumber: number, date = asOf, instant = knownAt) => {
      const ticket = ++detailTicket.current;
      setDetail({ status: "loading", sequenceNumber });
      replaceQuery({ event: String(sequenceNumber) });
      const result = await loadEventDetail({
        loanNumber: loan.loanNumber,
        sequenceNumber,
        asOf: date,
        knownAt: instant,
      });
      if (ticket !== detailTicket.current) return;
      setDetail(
        result.ok
          ? { status: "ready", detail: result.data }
          : { status: "error", sequenceNumber, message: result.error },
      );
      detailRef.current?.scrollIntoView({ block: "nearest", behavior: "smooth" });
    },
    [asOf, knownAt, loadEventDetail, loan.loanNumber],
  );

  const selected =
    detail.status === "ready"
      ? detail.detail.event.sequenceNumber
      : detail.status === "idle"
        ? null
        : detail.sequenceNumber;

  // A balance's breakdown asks the timeline for the events that made it.
  const [show, setShow] = useState<{ filter: TimelineFilter; key: number } | null>(null);
  const showEvents = useCallback(
    (filter: TimelineFilter) => setShow((prev) => ({ filter, key: (prev?.key ?? 0) + 1 })),
    [],
  );

  // Said until the reader picks a date or instant of their own.
  const [linkProblems, setLinkProblems] = useState(props.linkProblems ?? []);

  // After a write the server renders the page again: its data replaces this state.
  const [shownVersion, setShownVersion] = useState(props.version);
  if (shownVersion !== props.version) {
    setShownVersion(props.version);
    setDetail(initialDetail());
    setShow(null);
    setLinkProblems([]);
  }

  const change = (nextAsOf: string, nextKnownAt: string | null) => {
    setLinkProblems([]);
    load(nextAsOf, nextKnownAt);
    if (selected !== null) void select(selected, nextAsOf, nextKnownAt);
  };

  return (
    <>
      <Fragment key={`top-${props.version}`}>
        <LoanHeader
          loanNumber={loan.loanNumber}
          borrowerName={loan.borrowerName}
          product={loan.product}
          snapshot={view.snapshot}
          asOf={view.asOf}
        />
        <Notices messages={linkProblems} testId="link-problems" />
        <div className="toolbar as-of-bar">
          <AsOfPicker
            value={asOf}
            today={today}
            pending={pending}
            onChange={(d) => change(d, knownAt)}
          />
          {canReview ? (
            <KnownAtControl asOf={asOf} knownAt={knownAt} onChange={(k) => change(asOf, k)} />
          ) : null}
          <div className="links">
            <CopyLinkButton asOf={asOf} knownAt={knownAt} />
            {canReview ? (
              <Link href={reviewHref(loan.loanNumber, asOf, knownAt, selected)}>
                Step through events
              </Link>
            ) : null}
            {canExport ? (
              <>
                <a href={`/loans/${loan.loanNumber}/events.json`} download>
                  Export events (JSON)
                </a>
                <a href={`/loans/${loan.loanNumber}/evidence.json?asOf=${asOf}`} download>
                  Download evidence
                </a>
              </>
            ) : null}
          </div>
        </div>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        {view.knowledge ? <KnowledgePanel knowledge={view.knowledge} asOf={view.asOf} /> : null}
        {props.due && due.section ? (
          <DueOverview
            loanNumber={loan.loanNumber}
            section={due.section}
            version={due.version}
            pending={due.pending}
            error={due.error}
            quote={props.due.actions.payoff}
          />
        ) : null}
        <div className="two-columns">
          <BalancesPanel view={view} pending={pending} onShowEvents={showEvents}>
            {props.due ? (
              <InterestAccruedPeriod
                loanNumber={loan.loanNumber}
                asOf={view.asOf}
                knownAt={knownAt}
                today={today}
                toDate={view.snapshot.totals.interestAccrued}
                initial={props.due.data.interest}
                load={props.due.actions.interest}
              />
            ) : null}
          </BalancesPanel>
          <RecentPayments payments={view.recentPayments} total={view.paymentCount} />
        </div>
      </Fragment>
      {props.record}
      <Fragment key={`bottom-${props.version}`}>
        <BalanceChart series={series} asOf={view.asOf} onPickDate={(d) => change(d, knownAt)} />
        {props.due ? (
          <DelinquencyChart
            series={props.due.data.delinquency}
            asOf={view.asOf}
            loanNumber={loan.loanNumber}
            fill={props.due.actions.gaps}
          />
        ) : null}
        {due.section ? (
          <InstallmentsTable
            loanNumber={loan.loanNumber}
            due={due.section.due}
            pending={due.pending}
          />
        ) : null}
        <EventTimeline
          loanNumber={loan.loanNumber}
          asOf={view.asOf}
          selected={selected}
          onSelect={(n) => void select(n)}
          initial={timeline.page}
          counts={timeline.counts}
          total={timeline.total}
          loadPage={props.loadTimelinePage}
          initialFilter={timeline.filter}
          initialGroupAccruals={timeline.groupAccruals}
          show={show}
        />
        <div ref={detailRef}>
          <EventDetailPanel
            state={detail}
            loanNumber={loan.loanNumber}
            asOf={view.asOf}
            canReview={canReview}
            onClose={() => {
              detailTicket.current++;
              setDetail({ status: "idle" });
              replaceQuery({ event: null });
            }}
          />
        </div>
      </Fragment>
    </>
  );
}

/** The step-through at the page's date and instant, starting at the selected event if any. */
function reviewHref(
  loanNumber: string,
  asOf: string,
  knownAt: string | null,
  selected: number | null,
): string {
  const query = new URLSearchParams({ asOf });
  if (knownAt) query.set("knownAt", knownAt);
  if (selected !== null) query.set("at", String(selected));
  return `/loans/${loanNumber}/review?${query}`;
}
