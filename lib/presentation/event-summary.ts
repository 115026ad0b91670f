/**
 * Events in words: a one-line summary of each payload for the timeline, and the
 * main amount an event moves. Pure, shared by the server and the browser.
 */
import type { EventType } from "../events/event-types";
import type { LoanEventOf } from "../events/types";
import { adjustsOf, type EventFacts, reappliesOf, replacesOf } from "./corrections";
import { feeTypeLabel } from "./event-labels";
import { formatCurrency, formatExactCurrency, formatRate } from "./format";

/** The fields an event needs to be described (a stored or parsed event). */
export type DescribableEvent = {
  [K in EventType]: Pick<LoanEventOf<K>, "eventType" | "eventData" | "sequenceNumber">;
}[EventType];

const METHOD_NAMES: Record<string, string> = {
  ach: "ACH",
  wire: "wire",
  check: "check",
  card: "card",
  internal: "internal transfer",
  cash: "cash",
};

function method(value: unknown): string | null {
  return typeof value === "string" && value ? (METHOD_NAMES[value] ?? value) : null;
}

/** "Payment of $512.33 applied: $0.00 fees, $40.12 interest, $472.21 principal". */
export function describeAllocation(
  amount: string,
  allocation: { fees: string; interest: string; principal: string; unapplied?: string },
): string {
  const parts = [
    `${formatCurrency(allocation.fees)} fees`,
    `${formatCurrency(allocation.interest)} interest`,
    `${formatCurrency(allocation.principal)} principal`,
  ];
  if (allocation.unapplied && !/^0(\.0+)?$/.test(allocation.unapplied)) {
    parts.push(`${formatCurrency(allocation.unapplied)} unapplied`);
  }
  return `Payment of ${formatCurrency(amount)} applied: ${parts.join(", ")}`;
}

function termsChange(label: string, before: string, after: string): string | null {
  return before === after ? null : `${label} ${before} → ${after}`;
}

/** "Payment of $500.00 reversed by #1140 (it had taken $0.00 fees, ...)": never "applied". */
function describeReversedPayment(
  amount: string,
  allocation: { fees: string; interest: string; principal: string },
  reversedBy: number,
): string {
  return `Payment of ${formatCurrency(amount)} reversed by #${reversedBy} (it had taken ${formatCurrency(allocation.fees)} fees, ${formatCurrency(allocation.interest)} interest, ${formatCurrency(allocation.principal)} principal)`;
}

/** What a reversal undid, by the reversed event's type. */
const REVERSED_NAMES: Partial<Record<EventType, string>> = {
  payment: "Payment",
  fee_assessment: "Fee",
  fee_waiver: "Waiver",
  charge_off: "Charge-off",
};

/** " — reversed by #M" for a fee, waiver or charge-off a later reversal undid. */
function reversedSuffix(facts: EventFacts | undefined): string {
  return facts?.reversedBy ? ` — reversed by #${facts.reversedBy}` : "";
}

/** A readable one-line summary of the event's payload. */
export function summarizeEvent(event: DescribableEvent): string {
  return summarizeEventWith(event);
}

/**
 * The summary with what later events did to the event (`facts`): a payment
 * reversed by #M never reads "applied"; for a reversal, what it reverses
 * (without it, a payment is assumed).
 */
export function summarizeEventWith(event: DescribableEvent, facts?: EventFacts): string {
  switch (event.eventType) {
    case "origination": {
      const d = event.eventData;
      const payment = d.paymentAmount ? `, payment ${formatCurrency(d.paymentAmount)}` : "";
      return `Originated ${formatCurrency(d.principal)} at ${formatRate(d.annualRate)} for ${d.termMonths} months (${d.dayCount})${payment}, first due ${d.firstPaymentDate}`;
    }
    case "disbursement":
      return `Disbursed ${formatCurrency(event.eventData.amount)} by ${method(event.eventData.method)}`;
    case "payment": {
      const d = event.eventData;
      const via = [method(d.method), d.reference ? `ref ${d.reference}` : null].filter(Boolean);
      const suffix = via.length > 0 ? ` (${via.join(", ")})` : "";
      const reapplies = reappliesOf(d);
      const replaced = reapplies === null ? "" : `Re-applies #${reapplies}: `;
      const main = facts?.reversedBy
        ? describeReversedPayment(d.amount, d.allocation, facts.reversedBy)
        : describeAllocation(d.amount, d.allocation);
      return `${replaced}${main}${suffix}`;
    }
    case "interest_accrual": {
      const d = event.eventData;
      const days = d.days === 1 ? "1 day" : `${d.days} days`;
      const adjusts = adjustsOf(d);
      if (adjusts !== null) {
        return `Interest adjusted by ${formatExactCurrency(d.amount)}: accrual #${adjusts} restated on ${formatExactCurrency(d.principalBasis)} at ${formatRate(d.rate)} (${d.dayCount})`;
      }
      return `Interest ${formatExactCurrency(d.amount)} for ${days} at ${formatRate(d.rate)} on ${formatExactCurrency(d.principalBasis)} (${d.dayCount})`;
    }
    case "fee_assessment": {
      const d = event.eventData;
      const note = typeof d.note === "string" && d.note ? ` — ${d.note}` : "";
      const related =
        typeof d.relatedSequence === "number" ? ` for returned payment #${d.relatedSequence}` : "";
      return `${feeTypeLabel(d.feeType)} fee of ${formatCurrency(d.amount)} assessed${related}${note}${reversedSuffix(facts)}`;
    }
    case "fee_waiver": {
      const d = event.eventData;
      return `Fees of ${formatCurrency(d.amount)} waived by ${d.waivedBy}${d.reason ? ` — ${d.reason}` : ""}${reversedSuffix(facts)}`;
    }
    case "modification": {
      const { before, after, reason, capitalizedInterest } = event.eventData;
      const changes = [
        termsChange("rate", formatRate(before.annualRate), formatRate(after.annualRate)),
        termsChange("term", `${before.termMonths} months`, `${after.termMonths} months`),
        termsChange(
          "payment",
          formatCurrency(before.paymentAmount),
          formatCurrency(after.paymentAmount),
        ),
        termsChange("maturity", before.maturityDate, after.maturityDate),
      ].filter((c): c is string => c !== null);
      const cap = capitalizedInterest
        ? `; ${formatExactCurrency(capitalizedInterest)} interest capitalized`
        : "";
      return `Terms modified: ${changes.length > 0 ? changes.join(", ") : "no change"}${cap} — ${reason}`;
    }
    case "forbearance_start": {
      const d = event.eventData;
      const end = d.plannedEndDate ? `, planned end ${d.plannedEndDate}` : "";
      return `Forbearance (${d.forbearanceType.replace(/_/g, " ")}) started, reduced payment ${formatCurrency(d.reducedPayment)}${end}`;
    }
    case "forbearance_end": {
      const d = event.eventData;
      const extras = [
        d.capitalizedAmount
          ? `${formatExactCurrency(d.capitalizedAmount)} interest capitalized`
          : null,
        d.extendedMonths ? `term extended ${d.extendedMonths} months` : null,
      ].filter(Boolean);
      return `Forbearance ended (${d.action.replace(/_/g, " ")})${extras.length > 0 ? `: ${extras.join(", ")}` : ""}`;
    }
    case "deferment": {
      const d = event.eventData;
      const periods = d.periods === 1 ? "1 payment" : `${d.periods} payments`;
      const amount = d.capitalizedAmount
        ? `, ${formatExactCurrency(d.capitalizedAmount)} capitalized`
        : d.waivedAmount
          ? `, ${formatExactCurrency(d.waivedAmount)} waived`
          : "";
      return `${periods} deferred, interest ${d.interestTreatment}${amount}`;
    }
    case "charge_off": {
      const d = event.eventData;
      const replaces = replacesOf(d);
      const restates = replaces === null ? "" : ` — restates charge-off #${replaces}`;
      return `Charged off ${formatCurrency(d.amount)}: ${formatCurrency(d.principal)} principal, ${formatCurrency(d.interest)} interest, ${formatCurrency(d.fees)} fees — ${d.reason}${restates}${reversedSuffix(facts)}`;
    }
    case "reversal": {
      const what = REVERSED_NAMES[facts?.reversedType ?? "payment"] ?? "Event";
      return `${what} #${event.eventData.reversedSequence} reversed — ${event.eventData.reason}`;
    }
  }
}

/**
 * The main amount an event moves (a decimal string), or null when it moves none
 * directly. A reversal's amount is the reversed payment's, when `paymentAmounts` knows it.
 */
export function eventAmount(
  event: DescribableEvent,
  paymentAmounts?: ReadonlyMap<number, string>,
): string | null {
  switch (event.eventType) {
    case "origination":
      return event.eventData.principal;
    case "disbursement":
    case "payment":
    case "interest_accrual":
    case "fee_assessment":
    case "fee_waiver":
    case "charge_off":
      return event.eventData.amount;
    case "modification":
      return event.eventData.capitalizedInterest ?? null;
    case "forbearance_end":
      return event.eventData.capitalizedAmount ?? null;
    case "deferment":
      return event.eventData.capitalizedAmount ?? event.eventData.waivedAmount ?? null;
    case "reversal":
      return paymentAmounts?.get(event.eventData.reversedSequence) ?? null;
    case "forbearance_start":
      return null;
  }
}
