/**
 * payoff (--events <file.json> | --loan <loanNumber>) --on <YYYY-MM-DD> [--as-of <YYYY-MM-DD>] [--known-at <ISO timestamp>]
 *
 * Prints the payoff quote for a payment effective --on, from the loan as of
 * --as-of (default: the earlier of --on and the business date,
 * LOAN_REPLAY_BUSINESS_DATE or today's UTC date):
 * {asOf, on, principal, interest, fees, perDiem, payoffAmount, goodThrough, ...extras}
 * (lib/due/payoff.ts, docs/due.md). A date before --as-of or after maturity is refused.
 */
import { readBusinessDateEnv } from "../../db/env";
import { payoffFromEvents } from "../../lib/due";
import { CliError, EXIT_OK, parseFlags, required } from "../cli/args";
import type { CommandContext } from "./context";
import { checkDate, checkKnownAt, loadEvents } from "./due";

export const usage =
  "payoff (--events <file.json> | --loan <loanNumber>) --on <YYYY-MM-DD> [--as-of <YYYY-MM-DD> (default: the earlier of --on and the business date)] [--known-at <ISO timestamp>]";

function businessDate(env: NodeJS.ProcessEnv): string {
  let configured: string | null;
  try {
    configured = readBusinessDateEnv(env);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  return configured ?? new Date().toISOString().slice(0, 10);
}

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const flags = parseFlags(args, {
    events: { type: "string" },
    loan: { type: "string" },
    on: { type: "string" },
    "as-of": { type: "string" },
    "known-at": { type: "string" },
  });
  const on = checkDate(required(flags.on, "on"), "on");
  const given = flags["as-of"];
  let asOf: string;
  if (given !== undefined) {
    asOf = checkDate(given, "as-of");
    if (on < asOf) throw new CliError(`--on ${on} is before --as-of ${asOf}`);
  } else {
    const today = businessDate(ctx.env);
    // biome-ignore lint/complexity/useMathMinMax: ISO dates compare as strings, not numbers
    asOf = on < today ? on : today;
  }
  const knownAt = checkKnownAt(flags["known-at"]);
  const { events } = await loadEvents(flags, ctx);
  ctx.printJson(payoffFromEvents(events, { on, asOf, knownAt }));
  return EXIT_OK;
}
