/**
 * Servicing commands through the event store: parse the command with its one
 * schema (lib/servicing/command-schemas.ts), then decide from the loan's state
 * and append (db/event-store). A bad field gets an `invalid_input` AppError
 * naming it before anything is read.
 */
import type { z } from "zod";
import { AppError } from "../../lib/app-error";
import {
  type ServicingCommand,
  type ServicingCommandType,
  servicingCommandSchema,
  type servicingCommandSchemas,
} from "../../lib/servicing/command-schemas";
import type { AppendPreview } from "../../lib/servicing/preview";
import type { RestatementSummary } from "../../lib/servicing/restatement";
import { type AppendResult, executeCommand, type LoanWrite, previewCommand } from "../event-store";

export type { LoanWrite };

/** A command's fields as callers pass them (before parsing), without its type. */
type CommandInput<T extends ServicingCommandType> = Omit<
  z.input<(typeof servicingCommandSchemas)[T]>,
  "type"
>;

/** Parse any command (the CLI's and the server actions' untyped input) or throw `invalid_input`. */
function parseCommand(input: unknown): ServicingCommand {
  const parsed = servicingCommandSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") || undefined;
    throw new AppError(
      "invalid_input",
      `${field ? `${field}: ` : ""}${issue?.message ?? "the command is invalid"}`,
      { field },
    );
  }
  return parsed.data;
}

export type CommandResult = AppendResult & { restatement: RestatementSummary | null };

/** Parse and execute a command on one loan. */
export async function runCommand(
  options: LoanWrite & { command: unknown },
): Promise<CommandResult> {
  const { command, ...write } = options;
  return executeCommand({ ...write, command: parseCommand(command) });
}

/** Parse a command and show what it would append and change, writing nothing. */
export async function previewServicingCommand(
  options: LoanWrite & { command: unknown },
): Promise<AppendPreview & { loanNumber: string }> {
  const { command, ...write } = options;
  return previewCommand({ ...write, command: parseCommand(command) });
}

function commandRunner<T extends ServicingCommandType>(type: T) {
  return (options: LoanWrite & CommandInput<T>): Promise<CommandResult> => {
    const { db, actor, clock, loanNumber, expectedSequence, ...fields } = options;
    return runCommand({
      db,
      actor,
      clock,
      loanNumber,
      expectedSequence,
      command: { ...fields, type },
    });
  };
}

/** Post a payment from its amount and date: accrual catch-up, then the waterfall split. */
export const postPayment = commandRunner("record_payment");
export const assessFee = commandRunner("assess_fee");
export const waiveFee = commandRunner("waive_fee");
export const reversePayment = commandRunner("reverse_payment");
/** Reverse a fee, a waiver or a charge-off (or a payment without an NSF fee). */
export const reverseEvent = commandRunner("reverse_event");
export const modifyTerms = commandRunner("modify_terms");
export const startForbearance = commandRunner("start_forbearance");
export const endForbearance = commandRunner("end_forbearance");
export const deferPeriods = commandRunner("defer");
export const chargeOff = commandRunner("charge_off");
