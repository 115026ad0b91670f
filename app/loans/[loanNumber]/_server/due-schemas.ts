/** Input schemas of the loan page's due reads: the Due panel, a payoff quote, interest accrued in a period. */
import { z } from "zod";
import { asOfSchema, dateField, loanNumberField } from "./schemas";

export const dueSectionSchema = asOfSchema.extend({
  /** The payoff date to quote with it (default: the as-of date). */
  payoffOn: dateField("the payoff date").nullish(),
});

export const payoffQuoteSchema = asOfSchema.extend({
  on: dateField("the payoff date"),
});

export const interestAccruedSchema = z
  .object({
    loanNumber: loanNumberField,
    from: dateField("the first day of the period"),
    to: dateField("the last day of the period"),
    knownAt: asOfSchema.shape.knownAt,
  })
  .refine((v) => v.from <= v.to, {
    message: "The period must start on or before its last day.",
    path: ["to"],
  });

const gapSchema = z
  .object({
    from: dateField("the start of the gap"),
    to: dateField("the end of the gap"),
  })
  .refine((g) => g.from < g.to, { message: "A gap must start before it ends.", path: ["to"] });

export const delinquencyGapsSchema = z.object({
  loanNumber: loanNumberField,
  /** The gaps of the days-past-due series to fill in (at most 6). */
  gaps: z.array(gapSchema).min(1).max(6),
});
