/**
 * The nightly schedule on embedded PGlite (`npm run dev` with no
 * DATABASE_URL): there is no server for workers to share, so the app runs the
 * same job functions itself. Every `everyMs` (and once at start) it runs the
 * nightly batch through the day before the business date unless that run is
 * already finished (batch_runs), one at a time. On the Postgres server the
 * app schedules nothing: `npm run worker` does (db/jobs/worker.ts).
 */
import type { Database } from "../client";
import { NIGHTLY_ACTOR, nightlyRunKey, nightlyThrough } from "./nightly";
import { readRun } from "./runs";
import { runNightlyInline } from "./tasks";

export function startInProcessSchedule(
  db: Database,
  options: { everyMs?: number; clock?: () => Date; log?: (m: string) => void } = {},
): { stop(): void; tick(): Promise<void> } {
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? ((m: string) => console.log(`[nightly] ${m}`));
  let running: Promise<void> | null = null;
  const tick = () => {
    running ??= (async () => {
      try {
        const through = nightlyThrough(clock);
        const done = await readRun(db, nightlyRunKey(through));
        if (done?.finishedAt) return;
        const started = Date.now();
        await runNightlyInline({ db, clock }, { through });
        const run = await readRun(db, nightlyRunKey(through));
        log(
          `${NIGHTLY_ACTOR} through ${through}: ${JSON.stringify(run?.result)} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
        );
      } catch (error) {
        log(`failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        running = null;
      }
    })();
    return running;
  };
  void tick();
  const timer = setInterval(() => void tick(), options.everyMs ?? 15 * 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer), tick };
}
