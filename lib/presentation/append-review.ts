/**
 * The Review step of a servicing form: what posting would append, grouped,
 * and every figure it changes, today and on each date it touches, before ->
 * after (lib/servicing/preview.ts computes it; nothing is written). Pure:
 * the server builds it, the browser shows it.
 *
 * Groups, in the order a reviewer reads them: the command's own events (the
 * correction), the later payments re-applied (each reversal beside its
 * re-posted payment, with the allocation it had and the one it gets), a
 * restated charge-off, the accrual adjustments (summed, collapsed), and the
 * days of interest accrued first (summed, collapsed).
 */
import type { EventType } from "../events/event-types";
import { moneyString, toMoney, ZERO } from "../money";
import type { FieldChange } from "../replay/replay";
import type { AppendPreview, PreviewedEvent } from "../servicing/preview";
import type { RestatementSummary } from "../servicing/restatement";
import { describeCause, describeRestatementCounts, reappliesOf } from "./corrections";
import { eventTypeLabel } from "./event-labels";
import { type DescribableEvent, eventAmount, summarizeEventWith } from "./event-summary";
import { formatCurrency } from "./format";
import { ALL_FIGURES, type FigureFormat } from "./standing-figures";

interface ReviewedEvent {
  sequenceNumber: number;
  eventType: EventType;
  typeLabel: string;
  effectiveDate: string;
  amount: string | null;
  summary: string;
  /** For a re-applied payment: how the payment it replaces was split, and how it is split now. */
  allocationChange?: string;
}

type ReviewGroupKind = "correction" | "reapplied" | "charge_off" | "adjustments" | "catch_up";

export interface ReviewGroup {
  key: ReviewGroupKind;
  /** "The payment", "2 payments re-applied", "54 accrual adjustments" */
  title: string;
  /** One line under the title (what the group does). */
  note: string | null;
  /** Events in it. */
  count: number;
  /** Sum of the amounts, for accrual groups (exact decimal string). */
  total: string | null;
  /** Shown closed until the reviewer opens it (long runs of accruals). */
  collapsed: boolean;
  events: ReviewedEvent[];
}

interface ReviewFigureChange {
  field: string;
  label: string;
  format: FigureFormat;
  before: string | number | null;
  after: string | number | null;
  /** "+$12.00" for money, else null. */
  delta: string | null;
}

export interface ReviewDate {
  date: string;
  kind: "today" | "affected";
  /** "Today, 2026-12-01" / "On 2025-02-01: payment #34" */
  heading: string;
  changes: ReviewFigureChange[];
}

export interface AppendReview {
  loanNumber: string;
  /** Post with this as the expected sequence: a change in between is a conflict. */
  lastSequence: number;
  /** "Posting appends 30 events: ..." */
  headline: string;
  /** The correction's restatement in words, or null when nothing later changes. */
  restatement: { cause: number; causeLabel: string; what: string } | null;
  groups: ReviewGroup[];
  dates: ReviewDate[];
  /** Nothing would be appended (posting does nothing). */
  empty: boolean;
  /** What to check before posting (an overpayment, a paid-off loan, an amount far above the balance). */
  warnings: string[];
}

/** Where the loan stands now, before the command: what the warnings are judged against. */
export interface LoanStanding {
  status: string;
  /** principal + interest + fees now (exact decimal string). */
  totalOutstanding: string;
}

/** A payment this many times what the loan owes, or more, is probably mistyped. */
const FAR_ABOVE_FACTOR = 2;

/**
 * What a servicer should look at twice before posting (pure): the command's
 * own payments that would leave money unapplied (an overpayment), that land
 * on a loan already paid off or charged off, or whose amount is far above
 * what the loan owes. Posting stays possible: these are warnings, not refusals.
 */
export function reviewWarnings(
  events: readonly PreviewedEvent[],
  standing: LoanStanding | null,
): string[] {
  const warnings: string[] = [];
  const owed = standing ? toMoney(standing.totalOutstanding) : null;
  for (const e of events) {
    if (e.role !== "correction" || e.eventType !== "payment") continue;
    const data = e.eventData as { amount?: string; allocation?: Partial<Allocation> };
    if (!data.amount) continue;
    const amount = toMoney(data.amount);
    const unapplied = toMoney(data.allocation?.unapplied ?? "0");
    const paidOff = standing?.status === "paid_off";
    if (paidOff) {
      warnings.push(
        `This loan is paid off: it owes nothing, so all ${formatCurrency(data.amount)} would be held as unapplied funds. A refund is not recorded here.`,
      );
    } else if (standing?.status === "charged_off") {
      warnings.push(
        `This loan is charged off: the ${formatCurrency(data.amount)} is recorded as a recovery and pays no balance.`,
      );
    } else if (unapplied.greaterThan(0)) {
      warnings.push(
        `Overpayment: ${formatCurrency(moneyString(unapplied))} of this ${formatCurrency(data.amount)} payment pays no balance and would be held as unapplied funds.`,
      );
    }
    if (
      !paidOff &&
      owed &&
      owed.greaterThan(0) &&
      amount.greaterThanOrEqualTo(owed.times(FAR_ABOVE_FACTOR))
    ) {
      warnings.push(
        `The amount, ${formatCurrency(data.amount)}, is ${amount.dividedBy(owed).toDecimalPlaces(0, 1).toString()} times what the loan owes today (${formatCurrency(standing?.totalOutstanding ?? "0")}): check it was typed right.`,
      );
    }
  }
  return warnings;
}

/** A payment the restatement re-applies, as stored (its allocation before the correction). */
export interface OriginalPayment {
  sequenceNumber: number;
  eventData: { amount: string; allocation: Allocation };
}

interface Allocation {
  fees: string;
  interest: string;
  principal: string;
  unapplied?: string;
}

const FIGURES = new Map(ALL_FIGURES.map((f) => [f.field, f]));

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function reviewed(e: PreviewedEvent, reversedType?: EventType | null): ReviewedEvent {
  const event = e as unknown as DescribableEvent;
  return {
    sequenceNumber: e.sequenceNumber,
    eventType: e.eventType as EventType,
    typeLabel: eventTypeLabel(e.eventType as EventType),
    effectiveDate: e.effectiveDate,
    amount: eventAmount(event),
    summary: summarizeEventWith(event, reversedType ? { reversedType } : undefined),
  };
}

function split(a: Allocation): string {
  return `${formatCurrency(a.fees)} fees, ${formatCurrency(a.interest)} interest, ${formatCurrency(a.principal)} principal`;
}

function sumAmounts(events: readonly PreviewedEvent[]): string {
  let total = ZERO;
  for (const e of events) {
    total = total.plus(toMoney((e.eventData as { amount?: string }).amount ?? "0"));
  }
  return moneyString(total);
}

function humanField(field: string): string {
  const words = field
    .split(".")
    .map((part) => part.replace(/([A-Z])/g, " $1").toLowerCase())
    .join(" · ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function figureChange(c: FieldChange): ReviewFigureChange {
  const figure = FIGURES.get(c.field);
  const format = figure?.format ?? "text";
  let delta: string | null = null;
  if (format === "money" && typeof c.before === "string" && typeof c.after === "string") {
    const d = toMoney(c.after).minus(toMoney(c.before));
    delta = d.isZero() ? null : moneyString(d);
  }
  return {
    field: c.field,
    label: figure?.label ?? humanField(c.field),
    format,
    before: c.before,
    after: c.after,
    delta,
  };
}

const ORDER = new Map(ALL_FIGURES.map((f, i) => [f.field, i]));

/** The figures staff read first, in their order; anything else after them. */
function orderChanges(changes: readonly FieldChange[]): ReviewFigureChange[] {
  return [...changes]
    .sort((a, b) => (ORDER.get(a.field) ?? 999) - (ORDER.get(b.field) ?? 999))
    .map(figureChange);
}

/** What happens on each affected date, for its heading. */
function dateNotes(preview: AppendPreview): Map<string, string[]> {
  const notes = new Map<string, string[]>();
  const add = (date: string, note: string) => {
    const list = notes.get(date) ?? [];
    if (!list.includes(note)) list.push(note);
    notes.set(date, list);
  };
  for (const e of preview.events) {
    if (e.role === "correction") add(e.effectiveDate, "the correction's date");
    const reapplies = reappliesOf(e.eventData);
    if (e.role === "reapplied" && reapplies !== null) add(e.effectiveDate, `payment #${reapplies}`);
    if (e.role === "restated") add(e.effectiveDate, "the charge-off");
  }
  return notes;
}

/**
 * The Review panel's content for a preview. `originals` are the stored
 * payments the restatement re-applies (for "was ... now ..."), when read;
 * `targetTypes` the types of the stored events the command's own reversals
 * reverse (a fee's reversal is not a payment's); `standing` where the loan
 * stands now, for the warnings.
 */
export function reviewOfPreview(
  preview: AppendPreview & { loanNumber: string },
  originals: readonly OriginalPayment[] = [],
  targetTypes: ReadonlyMap<number, EventType> = new Map(),
  standing: LoanStanding | null = null,
): AppendReview {
  const restatement: RestatementSummary | null = preview.restatement;
  const byRole = (role: PreviewedEvent["role"]) => preview.events.filter((e) => e.role === role);
  const reversals = byRole("reversal");
  const coReversal =
    restatement?.restatedChargeOff != null
      ? reversals.filter(
          (e) =>
            (e.eventData as { reversedSequence?: number }).reversedSequence ===
            restatement.restatedChargeOff,
        )
      : [];
  const paymentReversals = reversals.filter((e) => !coReversal.includes(e));
  const original = new Map(originals.map((p) => [p.sequenceNumber, p.eventData]));
  const groups: ReviewGroup[] = [];

  const correction = byRole("correction");
  if (correction.length > 0) {
    const cause = correction[0] as PreviewedEvent;
    groups.push({
      key: "correction",
      title:
        correction.length === 1
          ? `The ${eventTypeLabel(cause.eventType as EventType).toLowerCase()}`
          : `The ${eventTypeLabel(cause.eventType as EventType).toLowerCase()} and ${plural(correction.length - 1, "event")} with it`,
      note: null,
      count: correction.length,
      total: null,
      collapsed: false,
      events: correction.map((e) =>
        reviewed(
          e,
          e.eventType === "reversal"
            ? targetTypes.get((e.eventData as { reversedSequence?: number }).reversedSequence ?? 0)
            : undefined,
        ),
      ),
    });
  }

  const reposts = byRole("reapplied");
  if (reposts.length > 0) {
    const events: ReviewedEvent[] = [];
    for (const repost of reposts) {
      const replaced = reappliesOf(repost.eventData);
      const reversal = paymentReversals.find(
        (r) => (r.eventData as { reversedSequence?: number }).reversedSequence === replaced,
      );
      if (reversal) events.push(reviewed(reversal, "payment"));
      const row = reviewed(repost);
      const was = replaced === null ? undefined : original.get(replaced);
      const now = (repost.eventData as { allocation?: Allocation }).allocation;
      if (was && now) {
        row.allocationChange = `Was ${split(was.allocation)}; now ${split(now)}.`;
      }
      events.push(row);
    }
    // Reversals of payments without a re-post (none are expected): shown, never hidden.
    for (const r of paymentReversals) {
      if (!events.some((e) => e.sequenceNumber === r.sequenceNumber)) {
        events.push(reviewed(r, "payment"));
      }
    }
    groups.push({
      key: "reapplied",
      title: `${plural(reposts.length, "payment")} re-applied`,
      note: "Each later payment whose split changes is reversed on its date and posted again with the new split.",
      count: events.length,
      total: null,
      collapsed: false,
      events,
    });
  }

  const restated = byRole("restated");
  if (coReversal.length > 0 || restated.length > 0) {
    groups.push({
      key: "charge_off",
      title: "Charge-off restated",
      note: "The charge-off is reversed and written again for the amounts outstanding then.",
      count: coReversal.length + restated.length,
      total: null,
      collapsed: false,
      events: [
        ...coReversal.map((e) => reviewed(e, "charge_off")),
        ...restated.map((e) => reviewed(e)),
      ],
    });
  }

  const adjustments = byRole("accrual_adjustment");
  if (adjustments.length > 0) {
    const first = adjustments[0] as PreviewedEvent;
    const last = adjustments.at(-1) as PreviewedEvent;
    groups.push({
      key: "adjustments",
      title: plural(adjustments.length, "accrual adjustment"),
      note: `Each day from ${first.effectiveDate} to ${last.effectiveDate} whose interest changes gets the difference, signed.`,
      count: adjustments.length,
      total: sumAmounts(adjustments),
      collapsed: true,
      events: adjustments.map((e) => reviewed(e)),
    });
  }

  const catchUp = byRole("catch_up");
  if (catchUp.length > 0) {
    groups.push({
      key: "catch_up",
      title: `${plural(catchUp.length, "day")} of interest accrued first`,
      note: "Interest not yet accrued up to the day before, as the nightly job would have.",
      count: catchUp.length,
      total: sumAmounts(catchUp),
      collapsed: true,
      events: catchUp.map((e) => reviewed(e)),
    });
  }

  const notes = dateNotes(preview);
  const dates: ReviewDate[] = preview.figures.map((f) => {
    const what = notes.get(f.date);
    return {
      date: f.date,
      kind: f.kind,
      heading:
        f.kind === "today"
          ? `Today, ${f.date}`
          : `On ${f.date}${what && what.length > 0 ? `: ${what.join(", ")}` : ""}`,
      changes: orderChanges(f.changes),
    };
  });

  const cause = correction[0];
  const restatementView =
    restatement && cause
      ? {
          cause: restatement.cause,
          causeLabel: describeCause({
            sequenceNumber: restatement.cause,
            eventType: cause.eventType as EventType,
            effectiveDate: cause.effectiveDate,
          }),
          what: describeRestatementCounts({
            reappliedPayments: restatement.reappliedPayments.length,
            accrualAdjustments: restatement.adjustedAccrualDays + restatement.addedAccrualDays,
            chargeOffRestated: restatement.restatedChargeOff !== null,
          }),
        }
      : null;

  const parts = groups.map((g) =>
    g.key === "correction" ? g.title.replace(/^The /, "the ") : g.title,
  );
  const headline =
    preview.events.length === 0
      ? "Posting this would record nothing: nothing on the loan changes."
      : `Posting appends ${plural(preview.events.length, "event")}: ${parts.join(", ")}.`;

  return {
    loanNumber: preview.loanNumber,
    lastSequence: preview.lastSequence,
    headline,
    restatement: restatementView,
    groups,
    dates,
    empty: preview.events.length === 0,
    warnings: reviewWarnings(preview.events, standing),
  };
}
