import { verifyChains } from "../../db/services/verify-chain";
import { EXIT_INPUT, EXIT_OK, parseFlags } from "../cli/args";
import type { CommandContext } from "./context";

export const usage =
  "verify [--loan LN ...]   (recompute every hash chain; exit 1 if any link is broken)";

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const flags = parseFlags(args, { loan: { type: "string", multiple: true } });
  const reports = await ctx.withDatabase(({ db }) => verifyChains({ db, loanNumbers: flags.loan }));
  const broken = reports.filter((r) => r.status === "broken");
  ctx.printJson({
    loans: reports.length,
    events: reports.reduce((n, r) => n + r.events, 0),
    verified: reports.length - broken.length,
    broken,
  });
  for (const r of broken) {
    ctx.stderr.write(
      `error: ${r.loanNumber} chain broken at event #${r.brokenAt?.sequenceNumber}: ${r.brokenAt?.reason} (expected ${r.brokenAt?.expected}, found ${r.brokenAt?.found})\n`,
    );
  }
  return broken.length > 0 ? EXIT_INPUT : EXIT_OK;
}
