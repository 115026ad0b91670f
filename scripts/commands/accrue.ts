import { accrueInterest } from "../../db/services/accrue";
import { EXIT_OK, parseFlags } from "../cli/args";
import type { CommandContext } from "./context";

export const usage =
  "accrue [--through YYYY-MM-DD (default: the day before the business date; never after it)] [--loan LN] [--by WHO]";

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const flags = parseFlags(args, {
    through: { type: "string" },
    loan: { type: "string", multiple: true },
    by: { type: "string" },
  });
  const started = performance.now();
  const result = await ctx.withDatabase(({ db }) =>
    accrueInterest({
      db,
      actor: ctx.actor(flags.by ?? "system:accrual"),
      // Unset: the day before the business date (LOAN_REPLAY_BUSINESS_DATE, else today UTC).
      through: flags.through,
      loanNumbers: flags.loan,
      onProgress: (done, total) => {
        ctx.progress(`accrued ${done}/${total} loans`);
      },
    }),
  );
  ctx.progressDone();
  ctx.printJson({ ...result, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) });
  return EXIT_OK;
}
