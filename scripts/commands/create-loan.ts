import { createLoan } from "../../db/services/create-loan";
import { isDayCountConvention } from "../../lib/day-count";
import { CliError, EXIT_OK, parseFlags, required } from "../cli/args";
import type { CommandContext } from "./context";

export const usage =
  "create-loan --borrower NAME --principal P --rate R --term N --day-count C --first-payment DATE --disbursed-on DATE [--originated-on DATE] [--product NAME] [--by WHO]";

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const flags = parseFlags(args, {
    borrower: { type: "string" },
    principal: { type: "string" },
    rate: { type: "string" },
    term: { type: "string" },
    "day-count": { type: "string" },
    "first-payment": { type: "string" },
    "disbursed-on": { type: "string" },
    "originated-on": { type: "string" },
    product: { type: "string" },
    by: { type: "string" },
  });
  const dayCount = required(flags["day-count"], "day-count");
  if (!isDayCountConvention(dayCount)) {
    throw new CliError(`--day-count ${dayCount}: must be one of actual/365, actual/360, 30/360`);
  }
  const term = required(flags.term, "term");
  if (!/^\d+$/.test(term)) throw new CliError(`--term ${term}: must be a whole number of months`);
  const disbursedOn = required(flags["disbursed-on"], "disbursed-on");
  const result = await ctx.withDatabase(({ db }) =>
    createLoan({
      db,
      actor: ctx.actor(flags.by),
      borrower: { name: required(flags.borrower, "borrower") },
      product: flags.product,
      principal: required(flags.principal, "principal"),
      annualRate: required(flags.rate, "rate"),
      termMonths: Number(term),
      dayCount,
      firstPaymentDate: required(flags["first-payment"], "first-payment"),
      originatedOn: flags["originated-on"] ?? disbursedOn,
      disbursement: { on: disbursedOn },
    }),
  );
  ctx.printJson({ loanNumber: result.loanNumber, lastSequence: result.lastSequence });
  return EXIT_OK;
}
