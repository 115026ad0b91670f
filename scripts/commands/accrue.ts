import { accrualLanes, accrueInterest } from "../../db/services/accrue";
import { writeCheckpoint } from "../../db/services/checkpoint";
import { EXIT_OK, parseFlags } from "../cli/args";
import type { CommandContext } from "./context";

export const usage =
  "accrue [--through YYYY-MM-DD (default: the day before the business date; never after it)] [--loan LN] [--by WHO]   (then writes a signed checkpoint, see `checkpoint`)";

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const flags = parseFlags(args, {
    through: { type: "string" },
    loan: { type: "string", multiple: true },
    by: { type: "string" },
  });
  const started = performance.now();
  const actor = ctx.actor(flags.by ?? "system:accrual");
  const { result, checkpoint } = await ctx.withDatabase(async ({ db, engine }) => {
    const accrued = await accrueInterest({
      db,
      actor,
      inFlight: accrualLanes(engine),
      // Unset: the day before the business date (LOAN_REPLAY_BUSINESS_DATE, else today UTC).
      through: flags.through,
      loanNumbers: flags.loan,
      onProgress: (done, total) => {
        ctx.progress(`accrued ${done}/${total} loans`);
      },
    });
    // The nightly run anchors the chain outside the database: every loan's head, signed.
    const written = await writeCheckpoint(db, {
      takenBy: actor,
      dir: ctx.env.LOAN_REPLAY_CHECKPOINT_DIR,
    });
    return { result: accrued, checkpoint: written.file };
  });
  ctx.progressDone();
  ctx.printJson({
    ...result,
    checkpoint,
    seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
  });
  return EXIT_OK;
}
