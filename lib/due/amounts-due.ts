/**
 * Amounts due and delinquency as of D (DOMAIN.md "Derived views"):
 *
 * - The installments are the schedule's (schedule.ts). A loan that is not
 *   active or in forbearance as of D (paid off, charged off, not yet
 *   disbursed) has no installments due: every figure is zero, no next due
 *   date, and the list is empty.
 * - Payments pay installments oldest first: every payment not reversed as of
 *   the view, not a recovery, for its amount less its unapplied part, in
 *   effective-date order (payable.ts countedPayments); money beyond the last
 *   installment is paid ahead.
 * - amountDue: unpaid of installments due on or before D; amountPastDue:
 *   unpaid of those due before D; daysPastDue: D minus the due date of the
 *   oldest installment due before D whose unpaid part exceeds the tolerance
 *   (0 if none); bucket from daysPastDue (buckets.ts); nextDueDate /
 *   nextDueAmount: the first installment due after D and what is unpaid of
 *   it; paidAhead: what payments put on installments due after D plus
 *   anything beyond the last installment.
 * - Per installment: paid, unpaid, paidDate (the effective date of the
 *   payment that completed it), daysLate (days from its due date until its
 *   unpaid part was within the tolerance, or until D while it is not; 0 if it
 *   is not yet due or was paid on time).
 *
 * Pure and linear in installments + payments. `amountsDue` takes the replayed
 * state and the schedule events in view; from-events.ts folds a list of events.
 */
import { daysBetween } from "../dates";
import type { LoanEvent } from "../events/types";
import { type Dec, minDec, moneyString, toMoney, ZERO } from "../money";
import type { LoanState } from "../replay/state";
import { bucketFor, type DelinquencyBucket } from "./buckets";
import { countedPayments, payableBalance, totalApplied } from "./payable";
import { type InstallmentKind, installmentSchedule } from "./schedule";
import { DEFAULT_TOLERANCE } from "./tolerance";

/** What amountsDue reads of a replayed state (a LoanState has all of it). */
export type DueState = Pick<
  LoanState,
  "status" | "principal" | "interest" | "fees" | "terms" | "payments"
>;

export interface DueOptions {
  asOf: string;
  knownAt?: string | null;
  /** Delinquency tolerance (cash, decimal string); default "0.00". See tolerance.ts toleranceFor. */
  tolerance?: string;
}

export interface InstallmentView {
  dueDate: string;
  amount: string;
  paid: string;
  number: number;
  kind: InstallmentKind;
  unpaid: string;
  /** The date the installment became fully paid (null while it is not, and for a 0 installment). */
  paidDate: string | null;
  daysLate: number;
}

export interface DueView {
  asOf: string;
  amountDue: string;
  amountPastDue: string;
  daysPastDue: number;
  bucket: DelinquencyBucket;
  nextDueDate: string | null;
  nextDueAmount: string;
  installments: InstallmentView[];
  // Extras (after the contract's fields).
  paidAhead: string;
  knownAt: string | null;
  status: LoanState["status"];
  tolerance: string;
  maturityDate: string | null;
}

/** Open loans have installments due; paid-off, charged-off and undisbursed ones do not. */
export function hasInstallmentsDue(status: LoanState["status"]): boolean {
  return status === "active" || status === "forbearance";
}

function closedView(state: DueState, options: DueOptions, tolerance: string): DueView {
  return {
    asOf: options.asOf,
    amountDue: "0.00",
    amountPastDue: "0.00",
    daysPastDue: 0,
    bucket: "current",
    nextDueDate: null,
    nextDueAmount: "0.00",
    installments: [],
    paidAhead: "0.00",
    knownAt: options.knownAt ?? null,
    status: state.status,
    tolerance,
    maturityDate: state.terms?.maturityDate ?? null,
  };
}

interface Working {
  number: number;
  dueDate: string;
  kind: InstallmentKind;
  amount: Dec;
  /** `amount` as the schedule wrote it (a money string). */
  amountText: string;
  paid: Dec;
  paidDate: string | null;
  /** When the unpaid part came within the tolerance ("" = from the start). */
  satisfiedOn: string | null;
}

/**
 * Amounts due as of `options.asOf` from the state replayed as of that date
 * (and as known at options.knownAt) and the events in the same view (only the
 * schedule events are read: origination, modification, deferment, forbearance).
 */
export function amountsDue(
  state: DueState,
  events: readonly LoanEvent[],
  options: DueOptions,
): DueView {
  const asOf = options.asOf;
  const toleranceText = toMoney(options.tolerance ?? DEFAULT_TOLERANCE);
  const tolerance = toleranceText.isNegative() ? ZERO : toleranceText;
  const toleranceOut = moneyString(tolerance);
  const terms = state.terms;
  if (!terms || !hasInstallmentsDue(state.status)) return closedView(state, options, toleranceOut);

  const payments = countedPayments(state.payments);
  const obligation = totalApplied(payments).plus(payableBalance(state));
  const schedule = installmentSchedule({ terms, events, asOf, obligation });

  // The schedule's amounts repeat: parse each distinct one once.
  const parsed = new Map<string, Dec>();
  const rows: Working[] = schedule.map((s) => {
    let amount = parsed.get(s.amount);
    if (!amount) {
      amount = toMoney(s.amount);
      parsed.set(s.amount, amount);
    }
    return {
      number: s.number,
      dueDate: s.dueDate,
      kind: s.kind,
      amount,
      amountText: s.amount,
      paid: ZERO,
      paidDate: null,
      satisfiedOn: amount.lessThanOrEqualTo(tolerance) ? "" : null,
    };
  });

  // Oldest unpaid installment first.
  let next = 0;
  let beyond = ZERO;
  for (const p of payments) {
    let left = p.applied;
    while (left.greaterThan(0)) {
      while (
        next < rows.length &&
        (rows[next] as Working).paid.equals((rows[next] as Working).amount)
      )
        next++;
      const row = rows[next];
      if (!row) {
        beyond = beyond.plus(left);
        break;
      }
      const take = minDec(left, row.amount.minus(row.paid));
      row.paid = row.paid.plus(take);
      left = left.minus(take);
      if (row.satisfiedOn === null && row.amount.minus(row.paid).lessThanOrEqualTo(tolerance)) {
        row.satisfiedOn = p.effectiveDate;
      }
      if (row.paid.equals(row.amount)) row.paidDate = p.effectiveDate;
    }
  }

  let amountDue = ZERO;
  let amountPastDue = ZERO;
  let paidAhead = beyond;
  let daysPastDue = 0;
  let nextDue: Working | null = null;
  const installments: InstallmentView[] = rows.map((row) => {
    const unpaid = row.amount.minus(row.paid);
    let daysLate = 0;
    if (row.dueDate <= asOf) {
      amountDue = amountDue.plus(unpaid);
      if (row.dueDate < asOf) amountPastDue = amountPastDue.plus(unpaid);
      if (row.satisfiedOn === null) {
        daysLate = daysBetween(row.dueDate, asOf);
        if (daysPastDue === 0) daysPastDue = daysLate;
      } else if (row.satisfiedOn !== "") {
        daysLate = Math.max(0, daysBetween(row.dueDate, row.satisfiedOn));
      }
    } else {
      paidAhead = paidAhead.plus(row.paid);
      if (nextDue === null) nextDue = row;
    }
    // Most installments are unpaid or paid in full: their strings are the schedule's.
    const none = row.paid.isZero();
    const full = !none && unpaid.isZero();
    return {
      dueDate: row.dueDate,
      amount: row.amountText,
      paid: none ? "0.00" : full ? row.amountText : moneyString(row.paid),
      number: row.number,
      kind: row.kind,
      unpaid: none ? row.amountText : full ? "0.00" : moneyString(unpaid),
      paidDate: row.amount.isZero() ? null : row.paidDate,
      daysLate,
    };
  });
  const upcoming = nextDue as Working | null;

  return {
    asOf,
    amountDue: moneyString(amountDue),
    amountPastDue: moneyString(amountPastDue),
    daysPastDue,
    bucket: bucketFor(daysPastDue),
    nextDueDate: upcoming ? upcoming.dueDate : null,
    nextDueAmount: upcoming ? moneyString(upcoming.amount.minus(upcoming.paid)) : "0.00",
    installments,
    paidAhead: moneyString(paidAhead),
    knownAt: options.knownAt ?? null,
    status: state.status,
    tolerance: toleranceOut,
    maturityDate: terms.maturityDate,
  };
}
