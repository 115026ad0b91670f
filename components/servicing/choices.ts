/**
 * The forms' choices, from the lists the commands accept (lib/events), each
 * with its label: a value added to a list needs a label here, and a form can
 * never offer a value the command would refuse.
 */
import { PAYMENT_METHODS, type PaymentMethod } from "@/lib/events/limits";
import {
  FORBEARANCE_END_ACTIONS,
  FORBEARANCE_TYPES,
  INTEREST_TREATMENTS,
  KNOWN_FEE_TYPES,
} from "@/lib/events/schemas";

export interface Choice {
  value: string;
  label: string;
}

function choices<V extends string>(values: readonly V[], labels: Record<V, string>): Choice[] {
  return values.map((value) => ({ value, label: labels[value] }));
}

const METHOD_LABELS: Record<PaymentMethod, string> = {
  ach: "ACH",
  check: "Check",
  card: "Card",
  wire: "Wire",
  cash: "Cash",
};
export const PAYMENT_METHOD_CHOICES = choices(PAYMENT_METHODS, METHOD_LABELS);

export const FEE_TYPE_CHOICES = choices(KNOWN_FEE_TYPES, {
  late: "Late fee",
  nsf: "NSF fee (returned payment)",
  modification: "Modification fee",
  other: "Other",
});

export const FORBEARANCE_TYPE_CHOICES = choices(FORBEARANCE_TYPES, {
  suspension: "Suspension (no payments)",
  reduced_payment: "Reduced payment",
});

export const FORBEARANCE_END_CHOICES = choices(FORBEARANCE_END_ACTIONS, {
  capitalize: "Capitalise accrued interest",
  extend_term: "Extend the term",
  repayment_plan: "Repayment plan",
  lump_sum: "Lump sum",
});

export const INTEREST_TREATMENT_CHOICES = choices(INTEREST_TREATMENTS, {
  accrue: "Keeps accruing",
  capitalize: "Capitalise outstanding interest",
  waive: "Waived during the deferment",
});
