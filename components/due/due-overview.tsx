"use client";
import type { Action } from "@/app/_lib/action-result";
import type { PayoffQuote } from "@/lib/due";
import type { DuePageData, DueSection, InterestAccrued } from "@/lib/presentation/due";
import type { DelinquencyPoint } from "@/lib/presentation/due-series";
import type { GapsRequest } from "./delinquency-chart";
import { DuePanel } from "./due-panel";
import type { InterestRequest } from "./interest-accrued";
import { PayoffQuotePanel, type PayoffRequest } from "./payoff-quote";
import type { DueSectionRequest } from "./use-due-section";

/** What the loan workspace needs for the due figures: the page's data and the actions that refresh them. */
export interface DueProps {
  data: DuePageData;
  actions: {
    section: Action<DueSectionRequest, DueSection>;
    payoff: Action<PayoffRequest, PayoffQuote>;
    interest: Action<InterestRequest, InterestAccrued>;
    /** Fills in the days-past-due chart's gaps. */
    gaps?: Action<GapsRequest, DelinquencyPoint[]>;
  };
}

/** The Due panel and the payoff quote, side by side (stacked on a narrow screen). */
export function DueOverview({
  loanNumber,
  section,
  version,
  pending,
  error,
  quote,
}: {
  loanNumber: string;
  section: DueSection;
  /** Bumped when the section is fetched again (the payoff quote starts from the new one). */
  version: number;
  pending: boolean;
  error: string | null;
  quote: DueProps["actions"]["payoff"];
}) {
  const { due } = section;
  const open = due.status === "active" || due.status === "forbearance";
  return (
    <div className="two-columns">
      <DuePanel due={due} chargeOffDate={section.chargeOffDate} pending={pending} error={error} />
      <PayoffQuotePanel
        key={version}
        loanNumber={loanNumber}
        asOf={due.asOf}
        knownAt={due.knownAt}
        maturityDate={due.maturityDate}
        nextDueDate={due.nextDueDate}
        initial={section.payoff}
        open={open}
        quote={quote}
      />
    </div>
  );
}
