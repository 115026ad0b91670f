import { nightlyRunKey, nightlyThrough } from "../../db/jobs/nightly";
import { readRun, shardsOf } from "../../db/jobs/runs";
import { runNightlyInline } from "../../db/jobs/tasks";
import { checkAccrualThrough } from "../../db/services/accrue";
import { businessDate } from "../../db/services/context";
import { CliError, EXIT_OK, parseFlags } from "../cli/args";
import type { CommandContext } from "./context";

export const usage =
  "nightly [--through YYYY-MM-DD (default: the day before the business date)] [--shards N] [--enqueue]   (the nightly batch in shards, here; --enqueue: for `npm run worker` on DATABASE_URL)";

/**
 * The nightly batch by hand (a missed night, a catch-up): run here, shard by
 * shard, or with --enqueue put on the server's queue for the workers. Either
 * way the run is `nightly:<through>` in batch_runs: a finished night is not
 * run again, an unfinished one carries on from its unfinished shards.
 */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const flags = parseFlags(args, {
    through: { type: "string" },
    shards: { type: "string" },
    enqueue: { type: "boolean" },
  });
  const shards = flags.shards === undefined ? undefined : Number(flags.shards);
  if (shards !== undefined && !(/^\d+$/.test(flags.shards ?? "") && shards > 0 && shards <= 4096)) {
    throw new CliError(`--shards must be a whole number from 1 to 4096, got ${flags.shards}`);
  }
  const through = flags.through ?? nightlyThrough(() => new Date());
  // Refused here too, so --enqueue puts nothing on the queue that the batch would refuse.
  checkAccrualThrough(through, businessDate());
  if (flags.enqueue) {
    const url = ctx.env.DATABASE_URL;
    if (!url)
      throw new CliError("--enqueue needs DATABASE_URL (the Postgres server the workers use)");
    const { serverQueue } = await import("../../db/jobs/worker");
    const queue = await serverQueue(url);
    try {
      await queue.add("nightly_batch", { through, ...(shards ? { shards } : {}) });
    } finally {
      await queue.release();
    }
    ctx.printJson({ enqueued: nightlyRunKey(through), through });
    return EXIT_OK;
  }
  const started = performance.now();
  const out = await ctx.withDatabase(async ({ db }) => {
    await runNightlyInline({ db }, { through, ...(shards ? { shards } : {}) });
    const key = nightlyRunKey(through);
    return { run: await readRun(db, key), shards: (await shardsOf(db, key)).length };
  });
  ctx.printJson({
    run: nightlyRunKey(through),
    shards: out.shards,
    finishedAt: out.run?.finishedAt ?? null,
    ...(out.run?.result ?? {}),
    seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
  });
  return EXIT_OK;
}
