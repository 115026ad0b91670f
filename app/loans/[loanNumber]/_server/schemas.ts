/**
 * Input schemas of the loan page's server actions. Form fields arrive as
 * strings (blank ones left out); messages are written for the person typing.
 */
import { z } from "zod";
import { isIsoDate, isIsoTimestamp } from "@/lib/dates";
import {
  FORBEARANCE_END_ACTIONS,
  FORBEARANCE_TYPES,
  INTEREST_TREATMENTS,
  KNOWN_FEE_TYPES,
} from "@/lib/events/schemas";

const CENTS_RE = /^\d{1,13}(\.\d{1,2})?$/;

export const loanNumberField = z
  .string({ error: "The loan number is missing." })
  .regex(/^LN-\d{6,}$/, "Loan numbers look like LN-000123.");

export const dateField = (what = "the date") =>
  z
    .string({ error: `Enter ${what}.` })
    .trim()
    .refine(isIsoDate, "Enter a real date as YYYY-MM-DD.");

const knownAtField = z
  .string()
  .trim()
  .refine(isIsoTimestamp, "Enter a date and time such as 2025-03-01T17:00:00Z.");

/** Dollars and cents; "$1,234.50" is accepted and stored as "1234.50". */
export const moneyField = (what = "an amount", { allowZero = false } = {}) =>
  z
    .string({ error: `Enter ${what}.` })
    .transform((s) => s.replace(/[$,\s]/g, ""))
    .pipe(
      z
        .string()
        .regex(CENTS_RE, "Enter dollars and cents, e.g. 512.33 (no more than 2 decimals).")
        .refine((s) => allowZero || /[1-9]/.test(s), "Enter an amount greater than $0.00."),
    );

const wholeNumber = (what: string, min: number, max: number) =>
  z.coerce
    .number({ error: `Enter ${what}.` })
    .int(`Enter ${what} as a whole number.`)
    .min(min, `Enter at least ${min}.`)
    .max(max, `Enter at most ${max}.`);

const text = (what: string, max = 200) =>
  z
    .string({ error: `Enter ${what}.` })
    .trim()
    .min(1, `Enter ${what}.`)
    .max(max, `Keep ${what} under ${max} characters.`);

const optionalText = (max = 200) =>
  z.string().trim().max(max, `Keep it under ${max} characters.`).optional();

/** Every write carries the loan and the last event the page showed (optimistic concurrency). */
const writeBase = {
  loanNumber: loanNumberField,
  expectedSequence: z.coerce.number().int().min(0),
};

// ---------------------------------------------------------------------------
// Reads

export const asOfSchema = z.object({
  loanNumber: loanNumberField,
  asOf: dateField("the as-of date"),
  knownAt: knownAtField.nullish(),
});
export type AsOfInput = z.output<typeof asOfSchema>;

export const eventDetailSchema = asOfSchema.extend({
  sequenceNumber: z.coerce.number().int().positive(),
});
export type EventDetailInput = z.output<typeof eventDetailSchema>;

// ---------------------------------------------------------------------------
// Writes

export const PAYMENT_METHODS = ["ach", "check", "card", "wire", "cash"] as const;

export const paymentSchema = z.object({
  ...writeBase,
  amount: moneyField("the amount received"),
  effectiveDate: dateField("the date the payment was received"),
  method: z.enum(PAYMENT_METHODS, { error: "Choose how it was paid." }).optional(),
  reference: optionalText(64),
});
export type PaymentInput = z.output<typeof paymentSchema>;

export const feeSchema = z.object({
  ...writeBase,
  amount: moneyField("the fee amount"),
  effectiveDate: dateField("the fee date"),
  feeType: z.enum(KNOWN_FEE_TYPES, { error: "Choose the fee type." }),
  note: optionalText(),
});
export type FeeInput = z.output<typeof feeSchema>;

export const waiverSchema = z.object({
  ...writeBase,
  amount: moneyField("the amount to waive"),
  effectiveDate: dateField("the waiver date"),
  reason: text("a reason"),
});
export type WaiverInput = z.output<typeof waiverSchema>;

export const reversalSchema = z.object({
  ...writeBase,
  paymentSequence: z.coerce
    .number({ error: "Choose the payment to reverse." })
    .int()
    .positive("Choose the payment to reverse."),
  effectiveDate: dateField("the reversal date"),
  reason: text("a reason"),
  nsfFee: moneyField("the NSF fee", { allowZero: true }).optional(),
});
export type ReversalInput = z.output<typeof reversalSchema>;

/** A percentage as staff type it ("5.25") -> the annual fraction the engine stores ("0.0525"). */
const percentField = z
  .string()
  .transform((s) => s.replace(/[%\s]/g, ""))
  .pipe(
    // At most two integer digits: the rate is always below 100%.
    z
      .string()
      .regex(/^\d{1,2}(\.\d{1,4})?$/, "Enter the rate in percent, e.g. 5.25 (up to 4 decimals)."),
  );

export const modificationSchema = z
  .object({
    ...writeBase,
    effectiveDate: dateField("the modification date"),
    ratePercent: percentField.optional(),
    termMonths: wholeNumber("the new term in months", 1, 600).optional(),
    capitalizeInterest: z.literal("on").optional(),
    reason: text("a reason"),
  })
  .refine(
    (m) => m.ratePercent !== undefined || m.termMonths !== undefined || m.capitalizeInterest,
    {
      message: "Change the rate or the term, or capitalise interest.",
      path: ["ratePercent"],
    },
  );
export type ModificationInput = z.output<typeof modificationSchema>;

export const forbearanceStartSchema = z.object({
  ...writeBase,
  effectiveDate: dateField("the start date"),
  forbearanceType: z.enum(FORBEARANCE_TYPES, { error: "Choose the kind of forbearance." }),
  reducedPayment: moneyField("the reduced payment", { allowZero: true }),
  plannedEndDate: dateField("the planned end date").optional(),
});
export type ForbearanceStartInput = z.output<typeof forbearanceStartSchema>;

export const forbearanceEndSchema = z
  .object({
    ...writeBase,
    effectiveDate: dateField("the end date"),
    action: z.enum(FORBEARANCE_END_ACTIONS, { error: "Choose how the forbearance ends." }),
    extendedMonths: wholeNumber("the months to extend", 1, 120).optional(),
  })
  .refine((f) => f.action !== "extend_term" || f.extendedMonths !== undefined, {
    message: "Enter how many months to extend the term.",
    path: ["extendedMonths"],
  });
export type ForbearanceEndInput = z.output<typeof forbearanceEndSchema>;

export const defermentSchema = z.object({
  ...writeBase,
  effectiveDate: dateField("the deferment date"),
  periods: wholeNumber("the number of payments to defer", 1, 24),
  interestTreatment: z.enum(INTEREST_TREATMENTS, { error: "Choose what happens to interest." }),
});
export type DefermentInput = z.output<typeof defermentSchema>;

export const chargeOffSchema = z.object({
  ...writeBase,
  effectiveDate: dateField("the charge-off date"),
  reason: text("a reason"),
  confirm: z.literal("on", { error: "Confirm the charge-off." }),
});
export type ChargeOffInput = z.output<typeof chargeOffSchema>;
