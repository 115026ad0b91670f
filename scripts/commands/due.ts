/**
 * due (--events <file.json> | --loan <loanNumber>) --as-of <YYYY-MM-DD> [--known-at <ISO timestamp>]
 *
 * Prints the amounts due and delinquency as of the date (as known at the time):
 * {asOf, amountDue, amountPastDue, daysPastDue, bucket, nextDueDate,
 * nextDueAmount, installments: [{dueDate, amount, paid, ...}], ...extras}
 * (lib/due, docs/due.md). With --loan the loan's product sets the delinquency
 * tolerance; with --events it is 0. `--events -` reads stdin.
 *
 * Also exports the events reader `payoff` shares (the same parsing as replay).
 */
import { readFile } from "node:fs/promises";
import { readStream } from "../../db/event-store";
import { findLoanByNumber } from "../../db/queries/loans";
import { isIsoDate, isIsoTimestamp } from "../../lib/dates";
import { dueFromEvents, toleranceFor } from "../../lib/due";
import { EventParseError, parseEvents } from "../../lib/events/parse";
import type { LoanEvent } from "../../lib/events/types";
import { CliError, EXIT_INPUT, EXIT_OK, parseFlags, required } from "../cli/args";
import type { CommandContext } from "./context";

export const usage =
  "due (--events <file.json> | --loan <loanNumber>) --as-of <YYYY-MM-DD> [--known-at <ISO timestamp>]";

async function readStdin(stdin: AsyncIterable<string | Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

async function readEventsFile(file: string, ctx: CommandContext): Promise<LoanEvent[]> {
  let text: string;
  try {
    text = file === "-" ? await readStdin(ctx.stdin) : await readFile(file, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "is a directory"
          : (code ?? String(error));
    throw new CliError(`--events ${file}: cannot read (${why})`, EXIT_INPUT);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new CliError(
      `--events ${file}: not valid JSON (${(error as Error).message})`,
      EXIT_INPUT,
    );
  }
  try {
    return parseEvents(raw);
  } catch (error) {
    if (error instanceof EventParseError) {
      throw new CliError(`--events ${file}: ${error.message}`, EXIT_INPUT);
    }
    throw error;
  }
}

export interface LoadedEvents {
  events: LoanEvent[];
  /** The loan's product (--loan), null for --events. */
  product: string | null;
}

/** The events of --events FILE or --loan LN (exactly one of them), parsed. */
export async function loadEvents(
  flags: { events?: string; loan?: string },
  ctx: CommandContext,
): Promise<LoadedEvents> {
  if (flags.events !== undefined && flags.loan !== undefined) {
    throw new CliError("give either --events or --loan, not both");
  }
  if (flags.events !== undefined) {
    return { events: await readEventsFile(flags.events, ctx), product: null };
  }
  const loanNumber = flags.loan;
  if (loanNumber === undefined) {
    throw new CliError("missing required option --events <file.json> (or --loan <loanNumber>)");
  }
  return ctx.withDatabase(async ({ db }) => {
    const loan = await findLoanByNumber(db, loanNumber);
    if (!loan) throw new CliError(`--loan ${loanNumber}: no such loan`, EXIT_INPUT);
    return { events: await readStream(db, loan.id), product: loan.product };
  });
}

export function checkDate(value: string, flag: string): string {
  if (!isIsoDate(value)) throw new CliError(`--${flag} ${value}: must be a valid date YYYY-MM-DD`);
  return value;
}

export function checkKnownAt(value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!isIsoTimestamp(value)) {
    throw new CliError(
      `--known-at ${value}: must be an ISO timestamp such as 2025-03-01T12:00:00Z`,
    );
  }
  return value;
}

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const flags = parseFlags(args, {
    events: { type: "string" },
    loan: { type: "string" },
    "as-of": { type: "string" },
    "known-at": { type: "string" },
  });
  const asOf = checkDate(required(flags["as-of"], "as-of"), "as-of");
  const knownAt = checkKnownAt(flags["known-at"]);
  const { events, product } = await loadEvents(flags, ctx);
  ctx.printJson(dueFromEvents(events, { asOf, knownAt, tolerance: toleranceFor(product) }));
  return EXIT_OK;
}
