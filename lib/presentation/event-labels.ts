/** Names of event types as staff read them, and the types the UI groups or marks. */
import { EVENT_TYPES, type EventType } from "../events/event-types";

const EVENT_TYPE_LABELS: Record<EventType, string> = {
  origination: "Origination",
  disbursement: "Disbursement",
  payment: "Payment",
  interest_accrual: "Interest accrual",
  fee_assessment: "Fee assessed",
  fee_waiver: "Fee waived",
  modification: "Modification",
  forbearance_start: "Forbearance start",
  forbearance_end: "Forbearance end",
  deferment: "Deferment",
  charge_off: "Charge-off",
  reversal: "Reversal",
};

export function eventTypeLabel(type: EventType): string {
  return EVENT_TYPE_LABELS[type];
}

/** Fee types as staff say them: "NSF" is an abbreviation, not a word to capitalise. */
const FEE_TYPE_LABELS: Partial<Record<string, string>> = {
  late: "Late",
  nsf: "NSF",
  modification: "Modification",
  other: "Other",
};

/** "nsf" -> "NSF", "late" -> "Late"; another fee type token "returned_check" -> "Returned check". */
export function feeTypeLabel(feeType: string): string {
  const known = FEE_TYPE_LABELS[feeType];
  if (known) return known;
  const words = feeType.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Every type with its label, in the contract's order (for filters). */
export const EVENT_TYPE_OPTIONS = EVENT_TYPES.map((type) => ({
  value: type,
  label: EVENT_TYPE_LABELS[type],
}));

/** Event kinds the balance chart marks, each with its own colour. */
export const MARKER_KINDS = {
  payment: { label: "Payment", color: "#1a7f37" },
  fee: { label: "Fee", color: "#bf8700" },
  reversal: { label: "Reversal", color: "#cf222e" },
  modification: { label: "Modification", color: "#8250df" },
  forbearance: { label: "Forbearance", color: "#0969da" },
  deferment: { label: "Deferment", color: "#1b7c83" },
  charge_off: { label: "Charge-off", color: "#6e7781" },
} as const;
export type MarkerKind = keyof typeof MARKER_KINDS;

export function markerKind(type: EventType): MarkerKind | null {
  switch (type) {
    case "payment":
      return "payment";
    case "fee_assessment":
    case "fee_waiver":
      return "fee";
    case "reversal":
      return "reversal";
    case "modification":
      return "modification";
    case "forbearance_start":
    case "forbearance_end":
      return "forbearance";
    case "deferment":
      return "deferment";
    case "charge_off":
      return "charge_off";
    default:
      return null;
  }
}
