import { sealUnhashedEvents } from "../../db/event-store/seal";
import { EXIT_OK, parseFlags } from "../cli/args";
import type { CommandContext } from "./context";

export const usage =
  "seal   (hash-chain events loaded without hashes, e.g. by bulk SQL before the chain existed; verify reports them until then)";

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  parseFlags(args, {});
  const sealed = await ctx.withDatabase(({ db }) => sealUnhashedEvents(db));
  ctx.printJson({ sealed });
  return EXIT_OK;
}
