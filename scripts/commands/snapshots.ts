import { rebuildSnapshots } from "../../db/services/snapshots";
import { CliError, EXIT_OK, parseFlags } from "../cli/args";
import type { CommandContext } from "./context";

export const usage =
  "snapshots rebuild   (drop and rebuild every loan's month-end replay snapshots; a cache)";

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const [action, ...rest] = args;
  parseFlags(rest, {});
  if (action !== "rebuild") {
    throw new CliError(
      `unknown snapshots action ${JSON.stringify(action ?? "")} (expected rebuild)`,
    );
  }
  const started = performance.now();
  const result = await ctx.withDatabase(({ db }) =>
    rebuildSnapshots({
      db,
      onProgress: (done, total) => {
        ctx.progress(`rebuilt ${done}/${total} loans`);
      },
    }),
  );
  ctx.progressDone();
  ctx.printJson({ ...result, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) });
  return EXIT_OK;
}
