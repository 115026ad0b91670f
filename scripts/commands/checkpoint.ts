import { writeCheckpoint } from "../../db/services/checkpoint";
import { EXIT_OK, parseFlags } from "../cli/args";
import type { CommandContext } from "./context";

export const usage =
  "checkpoint [--dir DIR (default: $LOAN_REPLAY_CHECKPOINT_DIR, else .data/checkpoints)] [--by WHO]   (sign every loan's chain head and the high-water mark into a new file outside the database)";

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const flags = parseFlags(args, { dir: { type: "string" }, by: { type: "string" } });
  const written = await ctx.withDatabase(({ db }) =>
    writeCheckpoint(db, {
      takenBy: ctx.actor(flags.by),
      dir: flags.dir ?? ctx.env.LOAN_REPLAY_CHECKPOINT_DIR,
    }),
  );
  ctx.printJson(written);
  return EXIT_OK;
}
