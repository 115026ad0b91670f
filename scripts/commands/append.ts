import { appendEvent } from "../../db/event-store";
import { previewServicingCommand, runCommand } from "../../db/services/servicing";
import { isEventType } from "../../lib/events/event-types";
import { CliError, EXIT_OK, parseFlags, required } from "../cli/args";
import { parseJsonFlag } from "../cli/database";
import type { CommandContext } from "./context";

export const usage =
  'append --loan LN --type TYPE --effective YYYY-MM-DD --data JSON [--preview] [--expected-sequence N] [--by WHO]   (a payment needs only {"amount"}: the allocation is computed; a backdated payment, fee, waiver or reversal is posted with its restatement; --preview prints what would be appended and what would change, and writes nothing)';

/**
 * The servicing command an append of this type stands for, if any: its
 * outcomes are then computed (and a correction restated) by the service,
 * never taken from the caller. Null: append the event as given.
 */
export function commandFor(
  eventType: string,
  effectiveDate: string,
  payload: Record<string, unknown>,
): Record<string, unknown> | null {
  const text = (key: string) => (typeof payload[key] === "string" ? payload[key] : undefined);
  switch (eventType) {
    case "payment":
      if (payload.allocation !== undefined) return null;
      return {
        type: "record_payment",
        amount: payload.amount,
        effectiveDate,
        method: text("method"),
        reference: text("reference"),
      };
    case "fee_assessment":
      return {
        type: "assess_fee",
        amount: payload.amount,
        feeType: payload.feeType,
        note: text("note"),
        effectiveDate,
      };
    case "fee_waiver":
      return { type: "waive_fee", amount: payload.amount, reason: payload.reason, effectiveDate };
    case "reversal":
      return payload.nsfFee === undefined
        ? {
            type: "reverse_event",
            targetSequence: wholeText(payload.reversedSequence),
            reason: payload.reason,
            effectiveDate,
          }
        : {
            type: "reverse_payment",
            paymentSequence: wholeText(payload.reversedSequence),
            nsfFee: payload.nsfFee,
            reason: payload.reason,
            effectiveDate,
          };
    default:
      return null;
  }
}

/** The command schemas parse whole numbers from text (as a form sends them). */
function wholeText(value: unknown): unknown {
  return typeof value === "number" ? String(value) : value;
}

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const flags = parseFlags(args, {
    loan: { type: "string" },
    type: { type: "string" },
    effective: { type: "string" },
    data: { type: "string" },
    preview: { type: "boolean" },
    "expected-sequence": { type: "string" },
    by: { type: "string" },
  });
  const loanNumber = required(flags.loan, "loan");
  const eventType = required(flags.type, "type");
  if (!isEventType(eventType))
    throw new CliError(`--type ${eventType}: not one of the twelve event types`);
  const effectiveDate = required(flags.effective, "effective");
  const data = parseJsonFlag(required(flags.data, "data"), "data");
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new CliError("--data must be a JSON object");
  }
  const expected = flags["expected-sequence"];
  if (expected !== undefined && !/^\d+$/.test(expected)) {
    throw new CliError(`--expected-sequence ${expected}: must be a whole number`);
  }
  const command = commandFor(eventType, effectiveDate, data as Record<string, unknown>);
  if (flags.preview && command === null) {
    throw new CliError(
      `--preview works for a payment without an allocation, a fee, a waiver or a reversal; ${eventType} is appended as given`,
    );
  }
  const result = await ctx.withDatabase<unknown>(({ db }) => {
    const base = {
      db,
      actor: ctx.actor(flags.by),
      loanNumber,
      expectedSequence: expected === undefined ? undefined : Number(expected),
    };
    if (command !== null) {
      return flags.preview
        ? previewServicingCommand({ ...base, command })
        : runCommand({ ...base, command });
    }
    return appendEvent({ ...base, eventType, effectiveDate, eventData: data });
  });
  ctx.printJson(result);
  return EXIT_OK;
}
