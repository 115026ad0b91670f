import { rebuildProjections } from "../../db/event-store/projection";
import { CliError, EXIT_OK, parseFlags } from "../cli/args";
import type { CommandContext } from "./context";

export const usage =
  "projections rebuild   (rebuild every loan's live projection from its events; a cache)";

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const [action, ...rest] = args;
  parseFlags(rest, {});
  if (action !== "rebuild") {
    throw new CliError(
      `unknown projections action ${JSON.stringify(action ?? "")} (expected rebuild)`,
    );
  }
  const started = performance.now();
  const result = await ctx.withDatabase(({ db }) =>
    rebuildProjections({
      db,
      onProgress: (done, total) => ctx.progress(`rebuilt ${done}/${total} loans`),
    }),
  );
  ctx.progressDone();
  ctx.printJson({ ...result, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) });
  return EXIT_OK;
}
