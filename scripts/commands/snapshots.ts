import { rebuildSnapshots } from "../../db/services/snapshots";
import { CliError, EXIT_OK, parseFlags, printJson } from "../cli/args";
import { withDatabase } from "../cli/database";

export const usage =
  "snapshots rebuild   (drop and rebuild every loan's month-end replay snapshots; a cache)";

export async function run(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  parseFlags(rest, {});
  if (action !== "rebuild") {
    throw new CliError(
      `unknown snapshots action ${JSON.stringify(action ?? "")} (expected rebuild)`,
    );
  }
  const started = performance.now();
  const result = await withDatabase(({ db }) =>
    rebuildSnapshots({
      db,
      onProgress: (done, total) => {
        if (process.stderr.isTTY) process.stderr.write(`\rrebuilt ${done}/${total} loans`);
      },
    }),
  );
  if (process.stderr.isTTY) process.stderr.write("\n");
  printJson({ ...result, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) });
  return EXIT_OK;
}
