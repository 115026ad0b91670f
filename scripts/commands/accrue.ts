import { yesterday } from "../../db/seed/demo";
import { accrueInterest } from "../../db/services/accrue";
import { EXIT_OK, parseFlags, printJson } from "../cli/args";
import { cliActor, withDatabase } from "../cli/database";

export const usage = "accrue [--through YYYY-MM-DD (default: yesterday)] [--loan LN] [--by WHO]";

export async function run(args: string[]): Promise<number> {
  const flags = parseFlags(args, {
    through: { type: "string" },
    loan: { type: "string", multiple: true },
    by: { type: "string" },
  });
  const started = performance.now();
  const result = await withDatabase(({ db }) =>
    accrueInterest({
      db,
      actor: cliActor(flags.by ?? "system:accrual"),
      through: flags.through ?? yesterday(),
      loanNumbers: flags.loan,
      onProgress: (done, total) => {
        if (process.stderr.isTTY) process.stderr.write(`\raccrued ${done}/${total} loans`);
      },
    }),
  );
  if (process.stderr.isTTY) process.stderr.write("\n");
  printJson({ ...result, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) });
  return EXIT_OK;
}
