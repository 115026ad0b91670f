/**
 * Servicing commands as data: what a servicer asks for, before any amount is
 * computed. One zod schema per command; the loan page's forms, their server
 * actions, the CLI and the services all parse with these, so there is one set
 * of limits (lib/events/limits.ts) and one list of choices.
 *
 * `decide` (decide.ts) turns a parsed command and the loan's state into the
 * events to append.
 */
import { z } from "zod";
import { LIMITS, PAYMENT_METHODS } from "../events/limits";
import {
  FORBEARANCE_END_ACTIONS,
  FORBEARANCE_TYPES,
  INTEREST_TREATMENTS,
  KNOWN_FEE_TYPES,
} from "../events/schemas";
import {
  dateField,
  flagField,
  moneyField,
  optionalTextField,
  percentField,
  textField,
  wholeNumberField,
} from "./fields";

const recordPaymentSchema = z.object({
  type: z.literal("record_payment"),
  amount: moneyField("the amount received"),
  effectiveDate: dateField("the date the payment was received"),
  method: z.enum(PAYMENT_METHODS, { error: "Choose how it was paid." }).optional(),
  reference: optionalTextField("the reference", 64),
});

const assessFeeSchema = z.object({
  type: z.literal("assess_fee"),
  amount: moneyField("the fee amount"),
  effectiveDate: dateField("the fee date"),
  feeType: z.enum(KNOWN_FEE_TYPES, { error: "Choose the fee type." }),
  note: optionalTextField("the note"),
});

const waiveFeeSchema = z.object({
  type: z.literal("waive_fee"),
  amount: moneyField("the amount to waive"),
  effectiveDate: dateField("the waiver date"),
  reason: textField("a reason"),
});

const reversePaymentSchema = z.object({
  type: z.literal("reverse_payment"),
  paymentSequence: wholeNumberField("the payment to reverse", 1, 2_000_000_000),
  effectiveDate: dateField("the reversal date"),
  reason: textField("a reason"),
  nsfFee: moneyField("the NSF fee", { allowZero: true }).optional(),
});

/** Reverse a fee assessment, a fee waiver or a charge-off (or a payment, without an NSF fee). */
const reverseEventSchema = z.object({
  type: z.literal("reverse_event"),
  targetSequence: wholeNumberField("the event to reverse", 1, 2_000_000_000),
  effectiveDate: dateField("the reversal date"),
  reason: textField("a reason"),
});

const modifyTermsSchema = z
  .object({
    type: z.literal("modify_terms"),
    effectiveDate: dateField("the modification date"),
    ratePercent: percentField("the new rate").optional(),
    termMonths: wholeNumberField(
      "the new term in months",
      LIMITS.termMonths.min,
      LIMITS.termMonths.max,
    ).optional(),
    capitalizeInterest: flagField,
    reason: textField("a reason"),
  })
  .refine(
    (m) => m.ratePercent !== undefined || m.termMonths !== undefined || m.capitalizeInterest,
    { message: "Change the rate or the term, or capitalise interest.", path: ["ratePercent"] },
  );

const startForbearanceSchema = z.object({
  type: z.literal("start_forbearance"),
  effectiveDate: dateField("the start date"),
  forbearanceType: z.enum(FORBEARANCE_TYPES, { error: "Choose the kind of forbearance." }),
  reducedPayment: moneyField("the reduced payment", { allowZero: true }),
  plannedEndDate: dateField("the planned end date").optional(),
});

const endForbearanceSchema = z
  .object({
    type: z.literal("end_forbearance"),
    effectiveDate: dateField("the end date"),
    action: z.enum(FORBEARANCE_END_ACTIONS, { error: "Choose how the forbearance ends." }),
    extendedMonths: wholeNumberField(
      "the months to extend",
      LIMITS.extendedMonths.min,
      LIMITS.extendedMonths.max,
    ).optional(),
  })
  .refine((f) => f.action !== "extend_term" || f.extendedMonths !== undefined, {
    message: "Enter how many months to extend the term.",
    path: ["extendedMonths"],
  });

const deferSchema = z.object({
  type: z.literal("defer"),
  effectiveDate: dateField("the deferment date"),
  periods: wholeNumberField(
    "the number of payments to defer",
    LIMITS.defermentPeriods.min,
    LIMITS.defermentPeriods.max,
  ),
  interestTreatment: z.enum(INTEREST_TREATMENTS, { error: "Choose what happens to interest." }),
});

const chargeOffSchema = z.object({
  type: z.literal("charge_off"),
  effectiveDate: dateField("the charge-off date"),
  reason: textField("a reason"),
});

/** Accrue daily interest for every day not yet accrued, through `through`. */
const accrueSchema = z.object({
  type: z.literal("accrue"),
  through: dateField("the last day to accrue"),
});

export const servicingCommandSchemas = {
  record_payment: recordPaymentSchema,
  assess_fee: assessFeeSchema,
  waive_fee: waiveFeeSchema,
  reverse_payment: reversePaymentSchema,
  reverse_event: reverseEventSchema,
  modify_terms: modifyTermsSchema,
  start_forbearance: startForbearanceSchema,
  end_forbearance: endForbearanceSchema,
  defer: deferSchema,
  charge_off: chargeOffSchema,
  accrue: accrueSchema,
} as const;

export type ServicingCommandType = keyof typeof servicingCommandSchemas;

export const servicingCommandSchema = z.discriminatedUnion("type", [
  recordPaymentSchema,
  assessFeeSchema,
  waiveFeeSchema,
  reversePaymentSchema,
  reverseEventSchema,
  modifyTermsSchema,
  startForbearanceSchema,
  endForbearanceSchema,
  deferSchema,
  chargeOffSchema,
  accrueSchema,
]);

export type ServicingCommand = z.output<typeof servicingCommandSchema>;
export type CommandOf<T extends ServicingCommandType> = Extract<ServicingCommand, { type: T }>;
