/**
 * Zod schemas for the twelve event payloads (DOMAIN.md, "The twelve event types").
 * Field names are the contract; extra fields are allowed and kept (loose objects).
 *
 * Money: cash amounts (payments and their allocation, fees, waivers, disbursements,
 * principal at origination) are decimal strings with at most 2 places; interest
 * amounts (accruals, capitalised or waived or charged-off interest) up to 6.
 * Rates are decimal strings, annual, as a fraction ("0.0650" = 6.5 %).
 * Dates are `YYYY-MM-DD` and must name a real day.
 */
import { z } from "zod";
import { isIsoDate } from "../dates";
import { DAY_COUNTS } from "../day-count";
import type { EventType } from "./event-types";
import { LIMITS } from "./limits";

const CASH_RE = /^\d{1,15}(\.\d{1,2})?$/;
export const INTEREST_RE = /^\d{1,15}(\.\d{1,6})?$/;
export const SIGNED_INTEREST_RE = /^-?\d{1,15}(\.\d{1,6})?$/;
export const RATE_RE = /^\d{1,3}(\.\d{1,10})?$/;
const TOKEN_RE = /^[a-z][a-z0-9_]{0,63}$/;

const NONZERO_RE = /[1-9]/;

export const MESSAGES = {
  cash: "must be a decimal string with at most 2 decimal places",
  interest: "must be a decimal string with at most 6 decimal places",
  positive: "must be greater than 0",
  rate: 'must be an annual rate as a decimal string fraction, e.g. "0.0650"',
  rateRange: "must be between 0 and 1 (a fraction, not a percentage)",
  date: "must be a valid date YYYY-MM-DD",
  integer: "must be an integer",
  nonEmpty: "must be a non-empty string",
  token: "must be a lower-case word such as late, nsf, modification or other",
} as const;

/** A string-typed field whose type error says what is expected ("not a number"). */
function typedString(expected: string) {
  return z.string({
    error: (iss) =>
      iss.input === undefined
        ? "is required"
        : `must be ${expected}, not ${iss.input === null ? "null" : `a ${typeof iss.input}`}`,
  });
}

/** A cash amount: decimal string, >= 0, at most 2 places. */
export const cashAmount = typedString('a decimal string such as "12.50"').regex(
  CASH_RE,
  MESSAGES.cash,
);
/** A cash amount that must be > 0. */
export const positiveCashAmount = cashAmount.refine((s) => NONZERO_RE.test(s), MESSAGES.positive);
/** An interest amount: decimal string, >= 0, at most 6 places. */
export const interestAmount = typedString('a decimal string such as "1.234567"').regex(
  INTEREST_RE,
  MESSAGES.interest,
);
export const positiveInterestAmount = interestAmount.refine(
  (s) => NONZERO_RE.test(s),
  MESSAGES.positive,
);
/** An annual rate as a fraction, 0 <= rate <= 1. */
export const annualRate = typedString('a decimal string such as "0.0650"')
  .regex(RATE_RE, MESSAGES.rate)
  .refine(isRateInRange, MESSAGES.rateRange);

/** A rate string that matches RATE_RE is a fraction from 0 to 1 inclusive. */
export function isRateInRange(s: string): boolean {
  const [whole, frac = ""] = s.split(".");
  const w = Number(whole);
  return w < 1 || (w === 1 && !NONZERO_RE.test(frac));
}
export const isoDate = typedString("a date string YYYY-MM-DD").refine(
  (s) => isIsoDate(s),
  MESSAGES.date,
);
export const dayCountConvention = z.enum(DAY_COUNTS);
const nonEmpty = z.string().trim().min(1, MESSAGES.nonEmpty);
const intBetween = (min: number, max: number) =>
  z
    .number()
    .int(MESSAGES.integer)
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
export const termMonths = intBetween(LIMITS.termMonths.min, LIMITS.termMonths.max);

export const DISBURSEMENT_METHODS = ["ach", "wire", "check", "internal"] as const;
/** Fee types the product knows; any other lower-case word is accepted too. */
export const KNOWN_FEE_TYPES = ["late", "nsf", "modification", "other"] as const;
export const FORBEARANCE_TYPES = ["reduced_payment", "suspension"] as const;
export const FORBEARANCE_END_ACTIONS = [
  "capitalize",
  "extend_term",
  "repayment_plan",
  "lump_sum",
] as const;
export const INTEREST_TREATMENTS = ["accrue", "capitalize", "waive"] as const;

export const originationPayload = z.looseObject({
  principal: positiveCashAmount,
  annualRate,
  termMonths,
  dayCount: dayCountConvention,
  firstPaymentDate: isoDate,
  paymentAmount: cashAmount.optional(),
});

export const disbursementPayload = z.looseObject({
  amount: positiveCashAmount,
  method: z.enum(DISBURSEMENT_METHODS),
});

export const allocationSchema = z.looseObject({
  fees: cashAmount,
  interest: cashAmount,
  principal: cashAmount,
  unapplied: cashAmount.optional(),
});

/** A sequence number of an earlier event on the same loan. */
const sequenceRef = intBetween(1, Number.MAX_SAFE_INTEGER);

/**
 * The tag every event of one correction carries (DOMAIN.md "Corrections"):
 * `cause` is the correcting event's sequence number.
 */
export const restatementTag = z.looseObject({
  id: z.string().trim().min(1, MESSAGES.nonEmpty).max(100),
  cause: sequenceRef,
});

export const paymentPayload = z.looseObject({
  amount: positiveCashAmount,
  allocation: allocationSchema,
  method: z.string().optional(),
  reference: z.string().optional(),
  /** A re-applied payment: the sequence number of the payment it replaces. */
  reapplies: sequenceRef.optional(),
  restatement: restatementTag.optional(),
});

/** A signed interest amount (an accrual adjustment may lower what was accrued). */
const signedInterestAmount = typedString('a decimal string such as "-1.234567"').regex(
  SIGNED_INTEREST_RE,
  MESSAGES.interest,
);

export const interestAccrualPayload = z
  .looseObject({
    amount: signedInterestAmount,
    rate: annualRate,
    dayCount: dayCountConvention,
    days: intBetween(0, 36600),
    principalBasis: interestAmount,
    /** An adjustment: the sequence number of the accrual it corrects; `amount` is the signed difference. */
    adjusts: sequenceRef.optional(),
    restatement: restatementTag.optional(),
  })
  .superRefine((p, ctx) => {
    if (p.adjusts === undefined && p.amount.startsWith("-")) {
      ctx.addIssue({
        code: "custom",
        path: ["amount"],
        message: "may only be negative on an adjustment (with adjusts)",
      });
    }
  });

export const feeAssessmentPayload = z.looseObject({
  amount: positiveCashAmount,
  feeType: z.string().regex(TOKEN_RE, MESSAGES.token),
});

export const feeWaiverPayload = z.looseObject({
  amount: positiveCashAmount,
  waivedBy: nonEmpty,
  reason: z.string().optional(),
});

export const termsSnapshot = z.looseObject({
  annualRate,
  termMonths,
  paymentAmount: cashAmount,
  maturityDate: isoDate,
});

export const modificationPayload = z.looseObject({
  before: termsSnapshot,
  after: termsSnapshot,
  reason: nonEmpty,
  capitalizedInterest: interestAmount.optional(),
});

export const forbearanceStartPayload = z.looseObject({
  forbearanceType: z.enum(FORBEARANCE_TYPES),
  reducedPayment: cashAmount,
  plannedEndDate: isoDate.optional(),
});

export const forbearanceEndPayload = z
  .looseObject({
    action: z.enum(FORBEARANCE_END_ACTIONS),
    capitalizedAmount: interestAmount.optional(),
    extendedMonths: intBetween(LIMITS.extendedMonths.min, LIMITS.extendedMonths.max).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.action === "capitalize" && p.capitalizedAmount === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["capitalizedAmount"],
        message: 'is required when action is "capitalize"',
      });
    }
    if (p.action === "extend_term" && p.extendedMonths === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["extendedMonths"],
        message: 'is required when action is "extend_term"',
      });
    }
  });

export const defermentPayload = z
  .looseObject({
    periods: intBetween(LIMITS.defermentPeriods.min, LIMITS.defermentPeriods.max),
    interestTreatment: z.enum(INTEREST_TREATMENTS),
    capitalizedAmount: interestAmount.optional(),
    waivedAmount: interestAmount.optional(),
  })
  .superRefine((p, ctx) => {
    if (p.capitalizedAmount !== undefined && p.interestTreatment !== "capitalize") {
      ctx.addIssue({
        code: "custom",
        path: ["capitalizedAmount"],
        message: 'is only allowed when interestTreatment is "capitalize"',
      });
    }
    if (p.waivedAmount !== undefined && p.interestTreatment !== "waive") {
      ctx.addIssue({
        code: "custom",
        path: ["waivedAmount"],
        message: 'is only allowed when interestTreatment is "waive"',
      });
    }
  });

export const chargeOffPayload = z.looseObject({
  amount: interestAmount,
  principal: interestAmount,
  interest: interestAmount,
  fees: cashAmount,
  reason: nonEmpty,
  restatement: restatementTag.optional(),
});

export const reversalPayload = z.looseObject({
  reversedSequence: sequenceRef,
  reason: nonEmpty,
  restatement: restatementTag.optional(),
});

/** The payload schema of each event type (exhaustive: a missing type is a compile error). */
export const payloadSchemas = {
  origination: originationPayload,
  disbursement: disbursementPayload,
  payment: paymentPayload,
  interest_accrual: interestAccrualPayload,
  fee_assessment: feeAssessmentPayload,
  fee_waiver: feeWaiverPayload,
  modification: modificationPayload,
  forbearance_start: forbearanceStartPayload,
  forbearance_end: forbearanceEndPayload,
  deferment: defermentPayload,
  charge_off: chargeOffPayload,
  reversal: reversalPayload,
} as const satisfies { [K in EventType]: z.ZodType };

export type PayloadSchemas = typeof payloadSchemas;

// The field schemas under `...Schema` names too (both spellings are supported, so
// importers can use either; they are the same objects).
export {
  annualRate as annualRateSchema,
  cashAmount as cashAmountSchema,
  dayCountConvention as dayCountSchema,
  interestAmount as interestAmountSchema,
  isoDate as isoDateSchema,
  positiveCashAmount as positiveCashAmountSchema,
  positiveInterestAmount as positiveInterestAmountSchema,
  termMonths as termMonthsSchema,
};
