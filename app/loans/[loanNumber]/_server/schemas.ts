/**
 * Input schemas of the loan page's server actions. Form fields arrive as
 * strings (blank ones left out); messages are written for the person typing.
 *
 * Writes are servicing commands (lib/servicing/command-schemas.ts) plus the
 * write envelope: the loan and the last event the page showed. A form's
 * fields are checked with its command's one schema, so the page refuses
 * exactly what the service (and the CLI) refuse, each error next to its field.
 */
import { z } from "zod";
import { isIsoDate, isIsoTimestamp } from "@/lib/dates";
import {
  type ServicingCommandType,
  servicingCommandSchemas,
} from "@/lib/servicing/command-schemas";
import { wholeNumberField } from "@/lib/servicing/fields";

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

/** Every write carries the loan and the last event the page showed (optimistic concurrency). */
const writeEnvelope = {
  loanNumber: loanNumberField,
  expectedSequence: wholeNumberField("the last event the page showed", 0, 999_999_999),
};
interface WriteEnvelope {
  loanNumber: string;
  expectedSequence: number;
}

/** A command's fields as a form (or a script) posts them: what `runCommand` parses. */
type CommandFields<T extends ServicingCommandType> = z.input<(typeof servicingCommandSchemas)[T]>;

/** What a write action's work gets: the parsed envelope and the command's fields, checked. */
export type CommandWrite<T extends ServicingCommandType = ServicingCommandType> = WriteEnvelope &
  CommandFields<T>;

/** What a write action accepts: the form's fields without the command type (the action fixes it). */
export type CommandFormInput<T extends ServicingCommandType> = {
  loanNumber: string;
  expectedSequence: string | number;
} & Omit<CommandFields<T>, "type">;

/**
 * The input schema of the form for one command: the envelope plus the
 * command's schema, with the command type set by the action (a posted `type`
 * is ignored). `formOnly` fields are checked here and never reach the command
 * (the charge-off's "confirm" box).
 *
 * Every field is checked (all errors at once, keyed by field name), but the
 * command's fields are handed on as posted: `runCommand` parses them with the
 * same schema, and a parsed command is not input to parse again (the rate is
 * already a fraction).
 */
function commandFormSchema<
  T extends ServicingCommandType,
  F extends z.ZodRawShape = Record<never, never>,
>(
  type: T,
  formOnly?: F,
): z.ZodType<CommandWrite<T>, CommandFormInput<T> & z.input<z.ZodObject<F>>> {
  const command = servicingCommandSchemas[type];
  const checked = z.object({ ...writeEnvelope, ...formOnly }).and(command);
  const commandKeys = Object.keys(command.shape);
  const schema = z.looseObject({}).transform((posted, ctx): CommandWrite<T> => {
    const fields: Record<string, unknown> = { ...posted, type };
    const parsed = checked.safeParse(fields);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
      }
      return z.NEVER;
    }
    const { loanNumber, expectedSequence } = parsed.data;
    const asPosted = Object.fromEntries(
      commandKeys.filter((key) => fields[key] !== undefined).map((key) => [key, fields[key]]),
    );
    return { ...(asPosted as CommandFields<T>), loanNumber, expectedSequence };
  });
  // The posted object is typed by what `checked` accepts, which zod cannot see through the transform.
  return schema as unknown as z.ZodType<
    CommandWrite<T>,
    CommandFormInput<T> & z.input<z.ZodObject<F>>
  >;
}

export const paymentSchema = commandFormSchema("record_payment");
export const feeSchema = commandFormSchema("assess_fee");
export const waiverSchema = commandFormSchema("waive_fee");
export const reversalSchema = commandFormSchema("reverse_payment");
/** Reverse a fee, a waiver or a charge-off. */
export const reverseEventSchema = commandFormSchema("reverse_event");
export const modificationSchema = commandFormSchema("modify_terms");
export const forbearanceStartSchema = commandFormSchema("start_forbearance");
export const forbearanceEndSchema = commandFormSchema("end_forbearance");
export const defermentSchema = commandFormSchema("defer");
/** Charging off writes off everything outstanding: the form asks for a tick first. */
export const chargeOffSchema = commandFormSchema("charge_off", {
  confirm: z.literal("on", { error: "Confirm the charge-off." }),
});
