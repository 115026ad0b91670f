/**
 * replay --events <file.json> --as-of <YYYY-MM-DD> [--known-at <ISO timestamp>] [--steps]
 * replay --loan <loanNumber> --as-of ...   (the loan's stored rows from the database)
 *
 * Prints the state as JSON (with --steps: {state, steps}). `--events -` reads stdin.
 */
import { readFile } from "node:fs/promises";
import { readStoredEvents } from "../../db/event-store";
import { findLoanByNumber } from "../../db/queries/loans";
import { isIsoDate, isIsoTimestamp } from "../../lib/dates";
import { EventParseError, parseEvents } from "../../lib/events/parse";
import { replay } from "../../lib/replay/replay";
import { CliError, EXIT_INPUT, EXIT_OK, parseFlags, required } from "../cli/args";
import type { CommandContext } from "./context";

export const usage =
  "replay (--events <file.json> | --loan <loanNumber>) --as-of <YYYY-MM-DD> [--known-at <ISO timestamp>] [--steps]";

async function readStdin(stdin: AsyncIterable<string | Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

async function readEventsFile(file: string, ctx: CommandContext): Promise<unknown> {
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
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(
      `--events ${file}: not valid JSON (${(error as Error).message})`,
      EXIT_INPUT,
    );
  }
}

/**
 * The loan's stored event rows; replay parses them with parseEvents exactly as it
 * parses --events, so the two paths cannot disagree.
 */
function loadLoanEvents(loanNumber: string, ctx: CommandContext): Promise<unknown[]> {
  return ctx.withDatabase(async ({ db }) => {
    const loan = await findLoanByNumber(db, loanNumber);
    if (!loan) throw new CliError(`--loan ${loanNumber}: no such loan`, EXIT_INPUT);
    return readStoredEvents(db, loan.id);
  });
}

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const flags = parseFlags(args, {
    events: { type: "string" },
    loan: { type: "string" },
    "as-of": { type: "string" },
    "known-at": { type: "string" },
    steps: { type: "boolean" },
  });
  const asOf = required(flags["as-of"], "as-of");
  if (!isIsoDate(asOf)) throw new CliError(`--as-of ${asOf}: must be a valid date YYYY-MM-DD`);
  const knownAt = flags["known-at"];
  if (knownAt !== undefined && !isIsoTimestamp(knownAt)) {
    throw new CliError(
      `--known-at ${knownAt}: must be an ISO timestamp such as 2025-03-01T12:00:00Z`,
    );
  }
  if (flags.events !== undefined && flags.loan !== undefined) {
    throw new CliError("give either --events or --loan, not both");
  }
  let raw: unknown;
  let source: string;
  if (flags.events !== undefined) {
    source = `--events ${flags.events}`;
    raw = await readEventsFile(flags.events, ctx);
  } else if (flags.loan !== undefined) {
    source = `--loan ${flags.loan}`;
    raw = await loadLoanEvents(flags.loan, ctx);
  } else {
    throw new CliError("missing required option --events <file.json> (or --loan <loanNumber>)");
  }
  let events: ReturnType<typeof parseEvents>;
  try {
    events = parseEvents(raw);
  } catch (error) {
    if (error instanceof EventParseError)
      throw new CliError(`${source}: ${error.message}`, EXIT_INPUT);
    throw error;
  }
  const result = replay(events, asOf, { knownAt: knownAt ?? null, steps: flags.steps === true });
  ctx.printJson(flags.steps === true ? result : result.state);
  return EXIT_OK;
}
