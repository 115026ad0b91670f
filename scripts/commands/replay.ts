/**
 * replay --events <file.json> --as-of <YYYY-MM-DD> [--known-at <ISO timestamp>] [--steps]
 * replay --loan <loanNumber> --as-of ...   (rows from the database; see scripts/cli/loan-source.ts)
 *
 * Prints the state as JSON (with --steps: {state, steps}). `--events -` reads stdin.
 */
import { readFile } from "node:fs/promises";
import { isIsoDate, isIsoTimestamp } from "../../lib/dates";
import { EventParseError, parseEvents } from "../../lib/events/parse";
import { replay } from "../../lib/replay/replay";
import { CliError, EXIT_INPUT, EXIT_OK, parseFlags, printJson, required } from "../cli/args";
import { loadLoanEvents } from "../cli/loan-source";

export const usage =
  "replay (--events <file.json> | --loan <loanNumber>) --as-of <YYYY-MM-DD> [--known-at <ISO timestamp>] [--steps]";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function readEventsFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = file === "-" ? await readStdin() : await readFile(file, "utf8");
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

export async function run(args: string[]): Promise<number> {
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
    raw = await readEventsFile(flags.events);
  } else if (flags.loan !== undefined) {
    source = `--loan ${flags.loan}`;
    raw = await loadLoanEvents(flags.loan);
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
  printJson(flags.steps === true ? result : result.state);
  return EXIT_OK;
}
