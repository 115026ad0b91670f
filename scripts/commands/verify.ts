import type { ChainProblem } from "../../db/services/verify-chain";
import { storeIsSound, verifyStore } from "../../db/services/verify-store";
import { checkpointDir } from "../../db/signing-key";
import { EXIT_INPUT, EXIT_OK, parseFlags } from "../cli/args";
import type { CommandContext } from "./context";

export const usage =
  "verify [--loan LN ...] [--checkpoint FILE]   (reads only: every row's hash and signature, the latest checkpoint, the projections, snapshots and past dates' list figures; exit 1 naming each deleted, rewritten, forged or unhashed event)";

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const flags = parseFlags(args, {
    loan: { type: "string", multiple: true },
    checkpoint: { type: "string" },
  });
  const report = await ctx.withDatabase(({ db }) =>
    verifyStore({
      db,
      loanNumbers: flags.loan,
      checkpointFile: flags.checkpoint,
      checkpointDir: checkpointDir(ctx.env),
    }),
  );
  ctx.printJson(report);
  for (const r of report.broken) {
    for (const line of problemLines(r.problems ?? [])) {
      ctx.stderr.write(`error: ${r.loanNumber} ${line}\n`);
    }
  }
  if (report.checkpoint.status === "invalid") {
    ctx.stderr.write(
      `error: checkpoint ${report.checkpoint.file} does not verify: ${report.checkpoint.reason}\n`,
    );
  } else if (report.checkpoint.status === "none") {
    ctx.stderr.write(
      "warning: no checkpoint to compare with (take one with `cli checkpoint`): a deleted last event cannot be detected without one\n",
    );
  }
  for (const p of report.caches.problems) {
    ctx.stderr.write(
      `error: ${p.loanNumber} ${p.cache}${p.asOfDate ? ` as of ${p.asOfDate}` : ""}: ${p.problem}\n`,
    );
  }
  return storeIsSound(report) ? EXIT_OK : EXIT_INPUT;
}

/** One line per run of consecutive events with the same problem ("event #3–35 rewritten: …"). */
function problemLines(problems: readonly ChainProblem[]): string[] {
  const lines: string[] = [];
  let start: ChainProblem | undefined;
  let end: ChainProblem | undefined;
  const flush = () => {
    if (!start || !end) return;
    const at =
      start.sequenceNumber === end.sequenceNumber
        ? `event #${start.sequenceNumber}`
        : `events #${start.sequenceNumber}–${end.sequenceNumber}`;
    lines.push(`${at} ${start.kind}: ${start.reason}`);
  };
  for (const p of problems) {
    if (
      end &&
      start &&
      p.sequenceNumber === end.sequenceNumber + 1 &&
      p.kind === start.kind &&
      p.reason === start.reason
    ) {
      end = p;
      continue;
    }
    flush();
    start = p;
    end = p;
  }
  flush();
  return lines;
}
