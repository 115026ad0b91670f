/**
 * The strict input parsers: one per kind of value a person or a script types
 * into a servicing command, each with its limit. The forms, the server actions,
 * the CLI and the services all parse commands with these (through
 * command-schemas.ts), so a value means the same everywhere.
 *
 * - money: "1234.50", "$1,234.50" (commas only as thousands separators, in
 *   groups of three), at most 2 decimals, at most MAX_CASH. "1,50" is refused,
 *   never read as 150.
 * - whole numbers: an integer, or a string of digits; "1e2", "0x10", "12.0"
 *   are refused.
 * - percent: "5.25" or "5.25%" (below 100, up to 4 decimals) -> the annual
 *   fraction the engine stores ("0.0525").
 */
import { z } from "zod";
import { isIsoDate } from "../dates";
import { Dec } from "../money";

/** The largest cash amount one command may carry. */
export const MAX_CASH = "999999999.99";

const MONEY_RE = /^\$?(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$/;

export const moneyField = (what = "an amount", { allowZero = false } = {}) =>
  z.union([z.string(), z.number()], { error: `Enter ${what}.` }).transform((v, ctx) => {
    const text = typeof v === "number" ? String(v) : v.trim();
    if (/^-\s*\$?\d/.test(text) && MONEY_RE.test(text.replace(/^-\s*/, ""))) {
      ctx.addIssue({
        code: "custom",
        message: `Enter ${what} as a positive amount (to take money back, reverse the payment or waive the fee).`,
      });
      return z.NEVER;
    }
    if (!MONEY_RE.test(text)) {
      ctx.addIssue({
        code: "custom",
        message: `Enter ${what} in dollars and cents, e.g. 512.33 or 1,250.00 (no more than 2 decimals).`,
      });
      return z.NEVER;
    }
    const amount = new Dec(text.replace(/[$,]/g, ""));
    if (!allowZero && amount.isZero()) {
      ctx.addIssue({ code: "custom", message: `Enter ${what} greater than $0.00.` });
      return z.NEVER;
    }
    if (amount.greaterThan(MAX_CASH)) {
      ctx.addIssue({ code: "custom", message: `Enter ${what} of at most $999,999,999.99.` });
      return z.NEVER;
    }
    return amount.toFixed(2);
  });

export const wholeNumberField = (what: string, min: number, max: number) =>
  z.union([z.string(), z.number()], { error: `Enter ${what}.` }).transform((v, ctx) => {
    const text = typeof v === "number" ? String(v) : v.trim();
    if (!/^\d{1,9}$/.test(text)) {
      ctx.addIssue({ code: "custom", message: `Enter ${what} as a whole number.` });
      return z.NEVER;
    }
    const n = Number(text);
    if (n < min || n > max) {
      ctx.addIssue({ code: "custom", message: `Enter ${what} between ${min} and ${max}.` });
      return z.NEVER;
    }
    return n;
  });

/**
 * A percentage as staff type it ("5.25", "5.25%"), kept in percent ("5.25"):
 * parsing twice gives the same value. `annualRateFromPercent` converts.
 */
export const percentField = (what = "the rate") =>
  z
    .string({ error: `Enter ${what} in percent.` })
    .transform((s) => s.trim().replace(/\s*%$/, ""))
    .pipe(
      z
        .string()
        .regex(/^\d{1,2}(\.\d{1,4})?$/, `Enter ${what} in percent, e.g. 5.25 (up to 4 decimals).`),
    );

/** "5.25" (percent) -> "0.0525" (the annual fraction the engine stores, at least 4 decimals). */
export function annualRateFromPercent(percent: string): string {
  const rate = new Dec(percent).dividedBy(100);
  return rate.toFixed(Math.max(4, rate.decimalPlaces()));
}

export const dateField = (what = "the date") =>
  z
    .string({ error: `Enter ${what}.` })
    .trim()
    .refine(isIsoDate, `Enter ${what} as a real date YYYY-MM-DD.`);

export const textField = (what: string, max = 200) =>
  z
    .string({ error: `Enter ${what}.` })
    .trim()
    .min(1, `Enter ${what}.`)
    .max(max, `Keep ${what} under ${max} characters.`)
    .refine((s) => !s.includes("\u0000"), "Remove the null character from the text.");

export const optionalTextField = (what: string, max = 200) =>
  z
    .string()
    .trim()
    .max(max, `Keep ${what} under ${max} characters.`)
    .refine((s) => !s.includes("\u0000"), "Remove the null character from the text.")
    .optional()
    .transform((s) => (s === "" ? undefined : s));

/** A checkbox ("on") or a boolean. */
export const flagField = z
  .union([z.boolean(), z.literal("on"), z.literal("true"), z.literal("false")])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true");
