/**
 * The due basis: what a loan's days past due are read from without replaying
 * anything (docs/due.md for the rules; lib/due computes them, this module
 * caches what lib/due needs and answers from the cache).
 *
 * Days past due change with the date and with no event: the loan that was
 * current yesterday is 1 day late today. What does NOT change between two
 * events is the installment they are counted from. With the state fixed (no
 * event after its latest effective date L), for every date D >= L:
 *
 *   daysPastDue(D) = D - since   when since < D, else 0
 *
 * where `since` is the due date of the oldest installment not paid within the
 * tolerance in the schedule "as realized": every installment with the amount
 * it has once it is due (lib/due's schedule as of a date after all of them).
 * Proof sketch: as of D, the installments due before D have their realized
 * amounts (a forbearance open as of D covers every due date up to D; the
 * final installment is "what remains" once due), payments fill installments
 * oldest first, so which of those are unpaid depends only on the total the
 * counted payments applied (A) and the amounts before them, not on D.
 *
 * The basis carries, besides `since`:
 *  - `applied` (A), the schedule events and the tolerance: what a full
 *    recompute with lib/due's amountsDue needs (the payment log is not
 *    needed: which installments are unpaid depends only on A);
 *  - the `frontier`: the installments from `since` on (up to FRONTIER_SIZE,
 *    never the final one), so a payment moves `since` without a recompute;
 *  - the late fees assessed, by installment due date (lib/due/late-fees.ts).
 *
 * It evolves event by event beside the engine state (evolveBasis). An event
 * that can only raise what is owed (an accrual, a fee, a disbursement that
 * keeps the status) leaves `since` where it is: it grows the final
 * installment alone, and an unpaid installment stays unpaid. A payment is
 * applied to the frontier. Anything else (schedule events, reversals,
 * waivers, a status change, a frontier used up) marks the basis `pending`,
 * and settleBasis recomputes it with amountsDue once, after the last event
 * of a write. tests/unit/delinquency/basis.test.ts checks every figure
 * against lib/due's dueFromEvents on random histories.
 */
import { daysBetween, isIsoDate, parseIsoDate } from "../dates";
import { amountsDue, hasInstallmentsDue } from "../due";
import { countedPayments, totalApplied } from "../due/payable";
import { isScheduleEvent, type ScheduleEvent } from "../due/schedule";
import type { LoanEvent } from "../events/types";
import { type Dec, minDec, moneyString, toMoney } from "../money";
import { applyEvent, foldAccrualRun, KEEP_ALL } from "../replay/handlers";
import type { EngineState, LoanStatus, LoanTerms, PaymentView } from "../replay/state";
import { paymentViews } from "../replay/state";

/** Bumped when the shape or the meaning of the basis changes (stored bases are then rebuilt). */
export const DUE_BASIS_FORMAT = 1;

/** Installments kept after `since` for payments to be applied to without a recompute. */
const FRONTIER_SIZE = 12;

/**
 * A write refills a frontier shorter than this (payments use it up from the
 * front): a month-end snapshot then always carries enough of it for the
 * payments of the quarter after it, so reads from a snapshot and its tail
 * never recompute for them.
 */
const FRONTIER_REFILL = 6;

/** An installment of the frontier: [due date, amount, paid] (cash strings). */
type FrontierRow = [dueDate: string, amount: string, paid: string];

export interface DueBasis {
  format: typeof DUE_BASIS_FORMAT;
  /** The delinquency tolerance the figures were computed with (lib/due toleranceFor). */
  tolerance: string;
  /** What the counted payments applied: amount less unapplied, not reversed, not recoveries. */
  applied: string;
  /** Every schedule-shaping event folded, in sequence order (lib/due SCHEDULE_EVENT_TYPES). */
  schedule: ScheduleEvent[];
  /** Due dates of the installments a late fee was assessed for (reversed or not), ascending. */
  lateFees: string[];
  /** Due date of the oldest installment not paid within the tolerance; null: none (or closed). */
  since: string | null;
  /** The installments from `since` on, at most FRONTIER_SIZE, never the final one. */
  frontier: FrontierRow[];
  /** Due date of the first installment after the frontier (the final one included); null: none. */
  afterDue: string | null;
  /** The frontier runs up to the final installment (no other installment after it). */
  toFinal?: boolean;
  /** since / frontier / afterDue are out of date: settleBasis recomputes them. */
  pending: boolean;
}

/** The basis of a loan with no event yet. */
export function emptyBasis(tolerance = "0.00"): DueBasis {
  return {
    format: DUE_BASIS_FORMAT,
    tolerance,
    applied: "0.00",
    schedule: [],
    lateFees: [],
    since: null,
    frontier: [],
    afterDue: null,
    pending: false,
  };
}

/** Is this a stored basis this code can read? */
export function isDueBasis(value: unknown): value is DueBasis {
  const b = value as DueBasis | null;
  return (
    typeof b === "object" &&
    b !== null &&
    b.format === DUE_BASIS_FORMAT &&
    typeof b.applied === "string" &&
    Array.isArray(b.schedule) &&
    Array.isArray(b.frontier) &&
    Array.isArray(b.lateFees)
  );
}

const isOpen = (status: LoanStatus) => hasInstallmentsDue(status);

function closed(b: DueBasis): DueBasis {
  return { ...b, since: null, frontier: [], afterDue: null, toFinal: true, pending: false };
}

/** The payment record a payment event added to the state's log (null if none). */
function addedPayment(before: EngineState, after: EngineState, e: LoanEvent) {
  if (after.payments.length <= before.payments.length) return null;
  const rec = after.payments.items[after.payments.length - 1];
  return rec && rec.sequenceNumber === e.sequenceNumber ? rec : null;
}

/** What the counted payments of a state applied (its payment log must be loaded). */
function appliedOf(state: EngineState): string {
  return moneyString(totalApplied(countedPayments(paymentViews(state))));
}

/**
 * Apply `amount` more of payments to the frontier (oldest first, as amountsDue
 * does). Null when the frontier cannot say where `since` lands (every row in it
 * is paid within the tolerance, or money is left over): a recompute is needed.
 */
function payFrontier(
  b: DueBasis,
  amount: Dec,
): Pick<DueBasis, "since" | "frontier" | "afterDue" | "toFinal"> | null {
  const tolerance = toMoney(b.tolerance);
  // Rows are converted only as far as the money reaches; the rest keep their strings.
  const frontier: FrontierRow[] = [...b.frontier];
  let left = amount;
  let touched = 0;
  for (; touched < frontier.length && left.greaterThan(0); touched++) {
    const [d, a, p] = frontier[touched] as FrontierRow;
    const owed = toMoney(a);
    const paid = toMoney(p);
    const take = minDec(left, owed.minus(paid));
    left = left.minus(take);
    frontier[touched] = [d, a, moneyString(paid.plus(take))];
  }
  if (left.greaterThan(0)) return null;
  const first = frontier.findIndex(([, a, p]) =>
    toMoney(a).minus(toMoney(p)).greaterThan(tolerance),
  );
  if (first < 0) return null;
  const kept = frontier.slice(first);
  return {
    since: (kept[0] as FrontierRow)[0],
    frontier: kept,
    afterDue: b.afterDue,
    toFinal: b.toFinal,
  };
}

/**
 * The basis after `e`, given the engine state before and after it (in the
 * order replay folds: sequence order). A payment or reversal needs the payment
 * log in `after` (only they read it); every other event decides without it.
 */
export function evolveBasis(
  b: DueBasis,
  e: LoanEvent,
  before: EngineState,
  after: EngineState,
): DueBasis {
  let next: DueBasis = b;
  if (isScheduleEvent(e)) {
    next = { ...next, schedule: [...next.schedule, e], pending: true };
  }
  if (e.eventType === "fee_assessment" && e.eventData.feeType === "late") {
    const due = (e.eventData as Record<string, unknown>).dueDate;
    if (isIsoDate(due) && !next.lateFees.includes(due)) {
      next = { ...next, lateFees: [...next.lateFees, due].sort() };
    }
  }
  if (!isOpen(after.status)) return closed(next);
  if (before.status !== after.status) return { ...next, pending: true };

  switch (e.eventType) {
    case "payment": {
      const rec = addedPayment(before, after, e);
      if (rec?.kind !== "payment") return next;
      const applied = rec.amount.minus(rec.unapplied);
      if (!applied.greaterThan(0)) return next;
      next = { ...next, applied: moneyString(toMoney(next.applied).plus(applied)) };
      // Nothing unpaid: more money is paid ahead, nothing moves.
      if (next.pending || next.since === null) return next;
      const paid = payFrontier(next, applied);
      return paid ? { ...next, ...paid } : { ...next, pending: true };
    }
    case "reversal":
      // A payment (A falls) or a fee, waiver or charge-off (the balances move): recompute.
      return { ...next, applied: appliedOf(after), pending: true };
    case "fee_waiver":
      // Less owed: the final installment may now be paid.
      return { ...next, pending: true };
    case "interest_accrual":
      if (e.eventData.amount.startsWith("-")) return { ...next, pending: true };
      return next.since === null ? { ...next, pending: true } : next;
    case "fee_assessment":
    case "disbursement":
      // More owed: an unpaid installment stays unpaid; only "nothing unpaid" can change.
      return next.since === null ? { ...next, pending: true } : next;
    default:
      return next;
  }
}

/** What settleBasis reads of a state (an EngineState has all of it). */
export interface BasisState {
  status: LoanStatus;
  principal: Dec | string;
  interest: Dec | string;
  fees: Dec | string;
  terms: LoanTerms | null;
  facts?: { lastEffectiveDate: string | null };
}

/** After every due date: amountsDue as of it sees every installment as realized. */
const FAR_FUTURE = "9999-12-31";

function synthetic(state: BasisState, applied: string, terms: LoanTerms, maturityDate: string) {
  const payment: PaymentView = {
    sequenceNumber: 0,
    effectiveDate: "0001-01-01",
    kind: "payment",
    amount: applied,
    allocation: { fees: "0.00", interest: "0.00", principal: "0.00", unapplied: "0.00" },
    reversed: false,
    reversedBy: null,
  };
  return {
    status: state.status,
    principal: state.principal.toString(),
    interest: state.interest.toString(),
    fees: state.fees.toString(),
    terms: maturityDate === terms.maturityDate ? terms : { ...terms, maturityDate },
    payments: toMoney(applied).greaterThan(0) ? [payment] : [],
  };
}

function monthIndex(date: string): number {
  const { year, month } = parseIsoDate(date);
  return year * 12 + month;
}

function monthStart(index: number): string {
  const year = Math.floor((index - 1) / 12);
  const month = index - year * 12;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-01`;
}

type Figures = Pick<DueBasis, "since" | "frontier" | "afterDue" | "toFinal">;

/**
 * since / frontier / afterDue from amountsDue as of a date after every
 * installment. With `truncateAt` (a month, as year * 12 + month) the schedule
 * is cut there: every installment before the cut is exact (amounts and
 * allocation never depend on later ones), the last one is not (it becomes
 * "the final"); null when the answer needs the rows past the cut.
 */
function figuresFrom(
  b: DueBasis,
  state: BasisState,
  terms: LoanTerms,
  truncateAt: number | null,
): Figures | null {
  const maturity = truncateAt === null ? terms.maturityDate : monthStart(truncateAt);
  const view = amountsDue(synthetic(state, b.applied, terms, maturity), b.schedule, {
    asOf: FAR_FUTURE,
    tolerance: b.tolerance,
  });
  const rows = view.installments;
  const tolerance = toMoney(view.tolerance);
  const first = rows.findIndex((r) => toMoney(r.unpaid).greaterThan(tolerance));
  // The rows before the last are exact (the last is the final, or the cut's stand-in).
  const exact = rows.length - 1;
  if (truncateAt !== null && (first < 0 || first + FRONTIER_SIZE > exact)) return null;
  if (first < 0) return { since: null, frontier: [], afterDue: null, toFinal: true };
  // The frontier never holds the final installment (its amount moves with the balances).
  const end = Math.min(first + FRONTIER_SIZE, exact);
  const frontier: FrontierRow[] = rows.slice(first, end).map((r) => [r.dueDate, r.amount, r.paid]);
  return {
    since: (rows[first] as { dueDate: string }).dueDate,
    frontier,
    afterDue: rows[end]?.dueDate ?? null,
    toFinal: truncateAt === null && end === exact,
  };
}

/**
 * Recompute since / frontier / afterDue when pending (or, with `refill`, when
 * the frontier is running short: what the write paths ask), from the state
 * the basis was folded to (its status, balances and terms) with lib/due's
 * amountsDue.
 * The schedule is first cut a little after the loan's latest event (cheaper on
 * long loans: the work is the installments up to it), then computed whole if
 * the answer lies beyond the cut.
 */
export function settleBasis(
  b: DueBasis,
  state: BasisState,
  options: { refill?: boolean } = {},
): DueBasis {
  const short =
    options.refill === true &&
    b.since !== null &&
    b.toFinal !== true &&
    b.frontier.length < FRONTIER_REFILL;
  if (!b.pending && !short) return b;
  const terms = state.terms;
  if (!terms || !isOpen(state.status)) return closed(b);
  const reference = state.facts?.lastEffectiveDate ?? terms.firstPaymentDate;
  const cut = Math.max(monthIndex(reference), monthIndex(terms.firstPaymentDate)) + 2;
  const byMonths = cut + FRONTIER_SIZE < monthIndex(terms.maturityDate);
  const figures =
    (byMonths ? figuresFrom(b, state, terms, cut + FRONTIER_SIZE) : null) ??
    (figuresFrom(b, state, terms, null) as Figures);
  return { ...b, ...figures, pending: false };
}

/**
 * Fold events (in the order replay folds them) onto a state and its basis,
 * with the engine's own handler: the state is the fold replay would make.
 * The basis is left unsettled (settleBasis once, after the last event).
 */
export function foldWithBasis(
  start: EngineState,
  basis: DueBasis,
  events: readonly LoanEvent[],
): { state: EngineState; basis: DueBasis } {
  let state = start;
  let b = basis;
  for (let i = 0; i < events.length; ) {
    // A run of plain accruals (foldAccrualRun: an open loan whose status
    // stays) leaves the basis, or marks it pending when nothing is unpaid:
    // what evolveBasis does for each of them.
    const run = foldAccrualRun(state, events, i, KEEP_ALL);
    if (run.next > i) {
      state = run.state;
      if (b.since === null) b = { ...b, pending: true };
    }
    const e = events[run.next];
    if (e === undefined) break;
    i = run.next + 1;
    const next = applyEvent(state, e);
    b = evolveBasis(b, e, state, next);
    state = next;
  }
  return { state, basis: b };
}

/**
 * Days past due as of `asOf` from a settled basis: valid for any date on or
 * after the latest effective date among the events folded into it.
 */
export function daysPastDueOn(b: Pick<DueBasis, "since">, asOf: string): number {
  return b.since !== null && b.since < asOf ? daysBetween(b.since, asOf) : 0;
}

/**
 * The installments due on or before `dueBy` that are not paid within the
 * tolerance, from a settled basis and the state it was folded to (what the
 * late-fee rule reads; valid as of any date on or after the loan's latest
 * event). From the frontier when it reaches past `dueBy`, else from
 * amountsDue (the schedule cut after `dueBy` when that is before maturity).
 */
export function unpaidInstallments(
  b: DueBasis,
  state: BasisState,
  dueBy: string,
): { dueDate: string; unpaid: string }[] {
  const terms = state.terms;
  if (!terms || !isOpen(state.status) || b.pending) {
    if (b.pending && terms && isOpen(state.status))
      return unpaidInstallments(settleBasis(b, state), state, dueBy);
    return [];
  }
  if (b.since === null || b.since > dueBy) return [];
  const tolerance = toMoney(b.tolerance);
  if (b.afterDue === null || b.afterDue > dueBy) {
    return b.frontier
      .filter(([d, a, p]) => d <= dueBy && toMoney(a).minus(toMoney(p)).greaterThan(tolerance))
      .map(([d, a, p]) => ({ dueDate: d, unpaid: moneyString(toMoney(a).minus(toMoney(p))) }));
  }
  const cut = monthIndex(dueBy) + 1;
  const view = (maturity: string) =>
    amountsDue(synthetic(state, b.applied, terms, maturity), b.schedule, {
      asOf: FAR_FUTURE,
      tolerance: b.tolerance,
    }).installments;
  let rows = cut < monthIndex(terms.maturityDate) ? view(monthStart(cut)) : null;
  // A cut schedule is exact but for its last row: that one must be after dueBy.
  if (rows === null || (rows.at(-1)?.dueDate ?? "") <= dueBy) rows = view(terms.maturityDate);
  return rows
    .filter((r) => r.dueDate <= dueBy && toMoney(r.unpaid).greaterThan(tolerance))
    .map((r) => ({ dueDate: r.dueDate, unpaid: r.unpaid }));
}
