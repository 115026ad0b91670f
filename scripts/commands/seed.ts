import { seedPortfolio } from "../../db/seed/portfolio";
import { isIsoDate } from "../../lib/dates";
import { CliError, EXIT_OK, parseFlags } from "../cli/args";
import type { CommandContext } from "./context";

export const usage =
  "seed [--loans N (50)] [--years Y (3)] [--seed S (1)] [--through YYYY-MM-DD (the day before the business date; never after it)]";

function whole(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new CliError(`--${flag} ${value}: must be a whole number of at least 1`);
  }
  return Number(value);
}

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const flags = parseFlags(args, {
    loans: { type: "string" },
    years: { type: "string" },
    seed: { type: "string" },
    through: { type: "string" },
  });
  // Unset: the day before the business date (LOAN_REPLAY_BUSINESS_DATE, else today UTC).
  const through = flags.through;
  if (through !== undefined && !isIsoDate(through))
    throw new CliError(`--through ${through}: must be a valid date YYYY-MM-DD`);
  const started = performance.now();
  const summary = await ctx.withDatabase(({ db }) =>
    seedPortfolio({
      db,
      loans: whole(flags.loans, "loans", 50),
      years: whole(flags.years, "years", 3),
      seed: whole(flags.seed, "seed", 1),
      through,
      onProgress: (done, total) => {
        ctx.progress(`generated ${done}/${total} loans`);
      },
    }),
  );
  ctx.progressDone();
  ctx.printJson({ ...summary, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) });
  return EXIT_OK;
}
