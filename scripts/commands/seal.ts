import { sealEvents } from "../../db/event-store/seal";
import { EXIT_INPUT, EXIT_OK, parseFlags } from "../cli/args";
import type { CommandContext } from "./context";

export const usage =
  "seal   (one-time, logged: sign the events that have no signature — rows loaded by bulk SQL or before the chain existed get their hash too; each row signed is printed; verify reports them until then)";

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  parseFlags(args, {});
  const report = await ctx.withDatabase(({ db }) =>
    sealEvents(db, {
      onSealed: (row) =>
        ctx.stderr.write(
          `sealed: ${row.loanNumber} event #${row.sequenceNumber} (${row.action})\n`,
        ),
    }),
  );
  for (const r of report.refused) {
    ctx.stderr.write(
      `error: ${r.loanNumber} not sealed from event #${r.sequenceNumber}: ${r.reason} (run \`cli verify\`)\n`,
    );
  }
  ctx.printJson(report);
  return report.refused.length > 0 ? EXIT_INPUT : EXIT_OK;
}
