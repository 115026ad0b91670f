import { appendEvent } from "../../db/event-store";
import { runCommand } from "../../db/services/servicing";
import { isEventType } from "../../lib/events/event-types";
import { CliError, EXIT_OK, parseFlags, required } from "../cli/args";
import { parseJsonFlag } from "../cli/database";
import type { CommandContext } from "./context";

export const usage =
  'append --loan LN --type TYPE --effective YYYY-MM-DD --data JSON [--expected-sequence N] [--by WHO]   (a payment needs only {"amount"}: the allocation is computed)';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const flags = parseFlags(args, {
    loan: { type: "string" },
    type: { type: "string" },
    effective: { type: "string" },
    data: { type: "string" },
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
  const payload = data as Record<string, unknown>;
  const result = await ctx.withDatabase(({ db }) => {
    const base = {
      db,
      actor: ctx.actor(flags.by),
      loanNumber,
      expectedSequence: expected === undefined ? undefined : Number(expected),
    };
    if (eventType === "payment" && payload.allocation === undefined) {
      // The record_payment command: its schema checks the fields (and names a bad one).
      return runCommand({
        ...base,
        command: {
          type: "record_payment",
          amount: payload.amount,
          effectiveDate,
          method: typeof payload.method === "string" ? payload.method : undefined,
          reference: typeof payload.reference === "string" ? payload.reference : undefined,
        },
      });
    }
    return appendEvent({ ...base, eventType, effectiveDate, eventData: payload });
  });
  ctx.printJson(result);
  return EXIT_OK;
}
