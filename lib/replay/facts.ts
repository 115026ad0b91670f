/**
 * Write-side facts: what the servicing rules and the accrual planner need to
 * know about a loan's history besides its balances, folded event by event
 * beside the balances so a decision reads them from state instead of scanning
 * the history. Plain JSON (strings and numbers): snapshots and the live
 * projection store them as they are.
 *
 * They record what the events say, whether or not a handler could apply them
 * (an accrual a handler ignored still counts as accrued: it is history).
 */
import { addMonths } from "../dates";
import type { LoanEvent } from "../events/types";

/** A deferment whose interest is waived: no interest accrues from `from` until the day before `until`. */
interface WaivedWindow {
  readonly from: string;
  readonly until: string;
}

export interface LoanFacts {
  /** Principal committed by the (first) origination event. */
  readonly committedPrincipal: string | null;
  /** The earliest disbursement's effective date. */
  readonly firstDisbursementDate: string | null;
  /** The latest effective date of an interest accrual (the last day accrued). */
  readonly accruedThrough: string | null;
  /** The latest effective date of any event folded. */
  readonly lastEffectiveDate: string | null;
  /** The latest effective date of an event other than an interest accrual. */
  readonly lastChangeDate: string | null;
  readonly waivedWindows: readonly WaivedWindow[];
}

export const NO_FACTS: LoanFacts = {
  committedPrincipal: null,
  firstDisbursementDate: null,
  accruedThrough: null,
  lastEffectiveDate: null,
  lastChangeDate: null,
  waivedWindows: [],
};

const later = (a: string | null, b: string): string => (a === null || b > a ? b : a);

export function trackFacts(f: LoanFacts, e: LoanEvent): LoanFacts {
  const date = e.effectiveDate;
  const lastEffectiveDate = later(f.lastEffectiveDate, date);
  switch (e.eventType) {
    case "interest_accrual":
      return { ...f, lastEffectiveDate, accruedThrough: later(f.accruedThrough, date) };
    case "origination":
      return {
        ...f,
        lastEffectiveDate,
        lastChangeDate: later(f.lastChangeDate, date),
        committedPrincipal: f.committedPrincipal ?? e.eventData.principal,
      };
    case "disbursement":
      return {
        ...f,
        lastEffectiveDate,
        lastChangeDate: later(f.lastChangeDate, date),
        firstDisbursementDate:
          f.firstDisbursementDate === null || date < f.firstDisbursementDate
            ? date
            : f.firstDisbursementDate,
      };
    case "deferment":
      return {
        ...f,
        lastEffectiveDate,
        lastChangeDate: later(f.lastChangeDate, date),
        waivedWindows:
          e.eventData.interestTreatment === "waive"
            ? [...f.waivedWindows, { from: date, until: addMonths(date, e.eventData.periods) }]
            : f.waivedWindows,
      };
    default:
      return { ...f, lastEffectiveDate, lastChangeDate: later(f.lastChangeDate, date) };
  }
}

/** Is `day` inside a deferment whose interest is waived? */
export function inWaivedWindow(f: LoanFacts, day: string): boolean {
  return f.waivedWindows.some((w) => w.from <= day && day < w.until);
}
