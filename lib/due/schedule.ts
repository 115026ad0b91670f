/**
 * The installment schedule implied by a loan's events, as of a date D (the
 * caller gives the events in view: effective on or before D and, for "as
 * known at T", recorded at or before T; see view.ts).
 *
 * Rules (docs/due.md):
 * - Due dates: installment k is due on firstPaymentDate + (k - 1 + s) months,
 *   clamped to the end of the month (lib/dates.ts addMonths, always counted
 *   from firstPaymentDate, so a loan first due on the 31st is due on the 30th
 *   of April and the 31st of May). `s` is the sum of the `periods` of every
 *   deferment effective on or before the installment's (already moved) due
 *   date: a deferment moves every due date on or after its effective date out
 *   by its periods, taken in effective-date order.
 * - Installments run through the month of the maturity date in force as of D
 *   (terms.maturityDate, which deferments, extensions and modifications
 *   move); the last one is the final installment. There is always at least one.
 * - Amount of installment k < N: the paymentAmount in force on its due date:
 *   the origination's, or that of the modification with the highest sequence
 *   number effective on or before the due date (what replay as of that date
 *   would show). During forbearance (a forbearance_start effective on or
 *   before the due date, and no forbearance_end effective on or before it)
 *   it is the forbearance's reducedPayment, 0 for `suspension`. A forbearance
 *   still open as of D reaches due dates after D only until its
 *   plannedEndDate (exclusive), if it has one.
 * - The final installment N is what remains: with O = the cash that clears
 *   the balances as of D (payable.ts) and A = what counted payments applied,
 *   the obligation A + O less the amounts of installments 1 .. N-1, never
 *   below 0. It is not reduced by forbearance. Before its due date (D before
 *   it) interest still to accrue is not in O, so it is shown as at least the
 *   paymentAmount in force: max(rest, paymentAmount).
 *   A payment changes A and O by the same amount, so it never changes the rest.
 */
import { levelPayment } from "../amortization";
import { addMonths, parseIsoDate } from "../dates";
import type { LoanEvent, LoanEventOf } from "../events/types";
import { type Dec, maxDec, moneyString, toMoney, ZERO } from "../money";
import type { LoanTerms } from "../replay/state";

/** The event types that shape the schedule (the rest only move balances). */
export const SCHEDULE_EVENT_TYPES = [
  "origination",
  "modification",
  "deferment",
  "forbearance_start",
  "forbearance_end",
] as const;
type ScheduleEventType = (typeof SCHEDULE_EVENT_TYPES)[number];
export type ScheduleEvent = Extract<LoanEvent, { eventType: ScheduleEventType }>;

const SCHEDULE_TYPES: ReadonlySet<string> = new Set(SCHEDULE_EVENT_TYPES);

export function isScheduleEvent(e: LoanEvent): e is ScheduleEvent {
  return SCHEDULE_TYPES.has(e.eventType);
}

/** The schedule-shaping events of a list, in the order given. */
export function scheduleEvents(events: readonly LoanEvent[]): ScheduleEvent[] {
  return events.filter(isScheduleEvent);
}

export type InstallmentKind = "regular" | "reduced" | "suspended" | "final";

export interface ScheduledInstallment {
  /** 1, 2, 3 ... */
  number: number;
  dueDate: string;
  kind: InstallmentKind;
  /** Cash amount (decimal string, 2 places). */
  amount: string;
}

export interface ScheduleInput {
  /** The terms in force as of D (replay's state.terms). */
  terms: LoanTerms;
  /** The events in view as of D (any types; only schedule events are read), in sequence order. */
  events: readonly LoanEvent[];
  asOf: string;
  /** A + O as of D (see the module comment): what the final installment is worked out from. */
  obligation: string | Dec;
}

interface PaymentChange {
  sequenceNumber: number;
  from: string;
  amount: string;
}

interface Deferral {
  from: string;
  periods: number;
}

interface ForbearanceWindow {
  from: string;
  /** Effective date of the forbearance_end (exclusive), or null while open as of D. */
  until: string | null;
  plannedEnd: string | null;
  suspension: boolean;
  reducedPayment: string;
}

const byDateThenSequence = (a: ScheduleEvent, b: ScheduleEvent): number =>
  a.effectiveDate === b.effectiveDate
    ? a.sequenceNumber - b.sequenceNumber
    : a.effectiveDate < b.effectiveDate
      ? -1
      : 1;

/** Year * 12 + month: due dates and maturity are compared by month (clamping can move the day). */
function monthIndex(date: string): number {
  const { year, month } = parseIsoDate(date);
  return year * 12 + month;
}

function originalPayment(events: readonly ScheduleEvent[], terms: LoanTerms): string {
  const o = events.find(
    (e): e is LoanEventOf<"origination"> => e.eventType === "origination",
  )?.eventData;
  if (!o) return terms.paymentAmount;
  return (
    o.paymentAmount ??
    levelPayment({ principal: o.principal, annualRate: o.annualRate, termMonths: o.termMonths })
  );
}

function paymentChanges(events: readonly ScheduleEvent[]): PaymentChange[] {
  const out: PaymentChange[] = [];
  for (const e of events) {
    if (e.eventType === "modification") {
      out.push({
        sequenceNumber: e.sequenceNumber,
        from: e.effectiveDate,
        amount: e.eventData.after.paymentAmount,
      });
    }
  }
  return out;
}

/** The paymentAmount replay as of `date` shows: the latest (by sequence) modification effective by then. */
function paymentInForce(original: string, changes: readonly PaymentChange[], date: string): string {
  let best: PaymentChange | null = null;
  for (const c of changes) {
    if (c.from <= date && (best === null || c.sequenceNumber > best.sequenceNumber)) best = c;
  }
  return best ? best.amount : original;
}

function deferrals(events: readonly ScheduleEvent[]): Deferral[] {
  return events
    .filter((e): e is LoanEventOf<"deferment"> => e.eventType === "deferment")
    .sort(byDateThenSequence)
    .map((e) => ({ from: e.effectiveDate, periods: e.eventData.periods }));
}

function forbearanceWindows(events: readonly ScheduleEvent[]): ForbearanceWindow[] {
  const windows: ForbearanceWindow[] = [];
  let open: ForbearanceWindow | null = null;
  const sorted = events
    .filter((e) => e.eventType === "forbearance_start" || e.eventType === "forbearance_end")
    .sort(byDateThenSequence);
  for (const e of sorted) {
    if (e.eventType === "forbearance_start") {
      // A new start while in forbearance replaces its terms (as replay does).
      if (open) open.until = e.effectiveDate;
      open = {
        from: e.effectiveDate,
        until: null,
        plannedEnd: e.eventData.plannedEndDate ?? null,
        suspension: e.eventData.forbearanceType === "suspension",
        reducedPayment: e.eventData.reducedPayment,
      };
      windows.push(open);
    } else if (e.eventType === "forbearance_end" && open) {
      open.until = e.effectiveDate;
      open = null;
    }
  }
  return windows;
}

function forbearanceOn(
  windows: readonly ForbearanceWindow[],
  date: string,
  asOf: string,
): ForbearanceWindow | null {
  for (const w of windows) {
    if (date < w.from) continue;
    if (w.until !== null) {
      if (date < w.until) return w;
    } else if (date <= asOf || w.plannedEnd === null || date < w.plannedEnd) {
      return w;
    }
  }
  return null;
}

/** Guard against a maturity absurdly far out (100 years of monthly installments). */
const MAX_INSTALLMENTS = 1200;

/** The due dates of the schedule (before amounts): firstPaymentDate + k months, moved by deferments. */
export function dueDates(terms: LoanTerms, events: readonly LoanEvent[]): string[] {
  const defs = deferrals(scheduleEvents(events));
  const last = monthIndex(terms.maturityDate);
  const dates: string[] = [];
  let shift = 0;
  let d = 0;
  for (let k = 1; k <= MAX_INSTALLMENTS; k++) {
    let date = addMonths(terms.firstPaymentDate, k - 1 + shift);
    while (d < defs.length && (defs[d] as Deferral).from <= date) {
      shift += (defs[d] as Deferral).periods;
      d++;
      date = addMonths(terms.firstPaymentDate, k - 1 + shift);
    }
    const month = monthIndex(date);
    if (k > 1 && month > last) break;
    dates.push(date);
    if (month >= last) break;
  }
  return dates;
}

/** The installments as of `asOf` (see the module comment for every rule). */
export function installmentSchedule(input: ScheduleInput): ScheduledInstallment[] {
  const { terms, asOf } = input;
  const events = scheduleEvents(input.events);
  const original = originalPayment(events, terms);
  const changes = paymentChanges(events);
  const windows = forbearanceWindows(events);
  const dates = dueDates(terms, events);

  const out: ScheduledInstallment[] = [];
  // Hundreds of installments share a handful of amounts: parse and format each once.
  const parsed = new Map<string, [Dec, string]>();
  const cash = (text: string): [Dec, string] => {
    let hit = parsed.get(text);
    if (!hit) {
      const value = toMoney(text);
      hit = [value, moneyString(value)];
      parsed.set(text, hit);
    }
    return hit;
  };
  let scheduled = ZERO;
  dates.forEach((dueDate, i) => {
    const number = i + 1;
    const regular = paymentInForce(original, changes, dueDate);
    if (number < dates.length) {
      const f = forbearanceOn(windows, dueDate, asOf);
      const [amount, text] = cash(f ? (f.suspension ? "0.00" : f.reducedPayment) : regular);
      const kind: InstallmentKind = f ? (f.suspension ? "suspended" : "reduced") : "regular";
      scheduled = scheduled.plus(amount);
      out.push({ number, dueDate, kind, amount: text });
      return;
    }
    const rest = maxDec(toMoney(input.obligation).minus(scheduled), ZERO);
    const amount = dueDate > asOf ? maxDec(rest, toMoney(regular)) : rest;
    out.push({ number, dueDate, kind: "final", amount: moneyString(amount) });
  });
  return out;
}
