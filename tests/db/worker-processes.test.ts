/**
 * The worker path on the Postgres server (graphile-worker): real `npm run
 * worker` processes (scripts/worker.ts) sharing one queue. Skipped on
 * embedded PGlite, where there is no server for workers to share (the job
 * functions themselves are tested in-process in jobs.test.ts).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { sql } from "drizzle-orm";
import { makeWorkerUtils } from "graphile-worker";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { nightlyRunKey } from "../../db/jobs/nightly";
import { reportOnWorkers } from "../../db/jobs/report";
import { readRun, rowsOf, shardsOf } from "../../db/jobs/runs";
import { serverQueue } from "../../db/jobs/worker";
import { readReportProgress } from "../../db/queries/report-progress";
import { computePortfolioReport } from "../../db/services/portfolio-report";
import { addDays } from "../../lib/dates";
import { givenLoan } from "../helpers/fixtures";
import { createTestDatabase, serverUrl, type TestDatabase } from "../helpers/test-database";

const LOANS = 12;
let t: TestDatabase;
const children: ChildProcess[] = [];

interface Worker {
  child: ChildProcess;
  ids: string[];
  exited: Promise<void>;
}

/** Start `scripts/worker.ts` against this file's database; resolves once it has started. */
function startWorker(env: Record<string, string>): Promise<Worker> {
  // node with tsx's loader, not the tsx binary: that is a wrapper around a
  // second node process, and SIGKILL on the wrapper would leave the worker running.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: t.url as string,
      TEST_DATABASE_URL: "",
      DEMO_SEED: "false",
      WORKER_POLL_MS: "200",
      WORKER_RECOVER_MS: "300",
      NIGHTLY_CRON: "off",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${out}`)), 20_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (process.env.DEBUG_WORKERS) process.stderr.write(`[${child.pid}] ${chunk}`);
      const m = /started ([^\s(]+(?:, [^\s(]+)*)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, ids: m[1].split(", "), exited });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (c: Buffer) => {
      out += c.toString();
      if (process.env.DEBUG_WORKERS) process.stderr.write(`[${child.pid}!] ${c}`);
    });
    child.once("exit", (code) => reject(new Error(`worker exited (${code}): ${out}`)));
  });
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  ms = 20_000,
) {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every loan's interest accruals: how many, on how many distinct days, first and last. */
async function accrualDays() {
  return rowsOf<{ loan_id: number; n: number; days: number; first: string; last: string }>(
    await t.db.execute(sql`
      select loan_id, count(*)::int as n, count(distinct effective_date)::int as days,
             min(effective_date)::text as first, max(effective_date)::text as last
      from loan_events where event_type = 'interest_accrual' group by loan_id order by loan_id`),
  );
}

// .ci/run sets REQUIRE_SERVER_TESTS=1 where these must run: no silent skip there.
if (process.env.REQUIRE_SERVER_TESTS === "1" && !serverUrl()) {
  throw new Error("REQUIRE_SERVER_TESTS=1 but no TEST_DATABASE_URL or DATABASE_URL is set");
}

describe.skipIf(!serverUrl())("workers on the Postgres server (graphile-worker)", () => {
  beforeAll(async () => {
    t = await createTestDatabase();
    for (let i = 0; i < LOANS; i++) {
      await givenLoan(t.db, { principal: `${9000 + 500 * i}.00` });
    }
    // The queue's tables, before the tests read them.
    const utils = await makeWorkerUtils({ connectionString: t.url as string });
    await utils.migrate();
    await utils.release();
  });
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
  });
  afterAll(async () => t?.destroy());

  it("two workers, one killed mid-shard: every loan accrues each day once and the batch completes on restart", async () => {
    const through = "2025-01-20";
    const key = nightlyRunKey(through);
    const env = {
      LOAN_REPLAY_BUSINESS_DATE: "2025-01-21",
      WORKER_SHARDS: "4",
      WORKER_BATCH_SIZE: "1",
      WORKER_PAUSE_MS: "150",
    };
    const [a, b] = await Promise.all([startWorker(env), startWorker(env)]);
    const queue = await serverQueue(t.url as string);
    await queue.add("nightly_batch", { through });
    await queue.release();

    // A shard under way (a loan committed, more to go) and the worker holding it.
    const { shard, lockedBy } = await waitFor("a shard under way", async () => {
      const running = rowsOf<{ shard: number; locked_by: string }>(
        await t.db.execute(sql`
          select s.shard, j.locked_by from batch_shards s
          join graphile_worker._private_jobs j on j.key = s.run_key || ':' || s.shard
          where s.run_key = ${key} and s.done_at is null and s.loans_done >= 1
            and s.loans_done < s.loans and j.locked_by is not null`),
      );
      return running[0] ? { shard: running[0].shard, lockedBy: running[0].locked_by } : null;
    });
    const victim = [a, b].find((w) => w.ids.includes(lockedBy));
    expect(victim).toBeDefined();
    victim?.child.kill("SIGKILL");
    await victim?.exited;
    const before = (await shardsOf(t.db, key)).find((s) => s.shard === shard);
    expect(before?.doneAt).toBeNull();

    // Restart the killed worker: the batch completes.
    await startWorker(env);
    const run = await waitFor("the batch to finish", async () => {
      const r = await readRun(t.db, key);
      return r?.finishedAt ? r : null;
    });
    const shards = await shardsOf(t.db, key);
    expect(shards.every((s) => s.doneAt !== null)).toBe(true);
    // The killed shard ran again (a second attempt), from where its last commit left it.
    expect(shards.find((s) => s.shard === shard)?.attempts).toBeGreaterThanOrEqual(2);
    // Every loan's 20 days were appended by this run, part by the killed
    // attempt and the rest by the retry: the tally counts both (it is
    // committed with each batch), not only the attempt that finished.
    expect(run.result).toMatchObject({
      through,
      loansScanned: LOANS,
      loansAccrued: LOANS,
      eventsAppended: LOANS * 20,
    });

    const days = await accrualDays();
    expect(days).toHaveLength(LOANS);
    for (const d of days) {
      // 1 to 20 January, each day exactly once: none missed, none twice.
      expect(d).toEqual({
        loan_id: d.loan_id,
        n: 20,
        days: 20,
        first: "2025-01-01",
        last: through,
      });
    }
    // Nothing left locked or waiting in the queue (the last job is marked
    // complete just after its shard's transaction commits).
    await waitFor("the queue to drain", async () => {
      const left = rowsOf<{ n: number }>(
        await t.db.execute(sql`select count(*)::int as n from graphile_worker._private_jobs`),
      );
      return left[0]?.n === 0;
    });
  }, 30_000);

  it("the schedule runs the nightly batch with nobody typing a command", async () => {
    // The worker last ran the nightly schedule two days ago: on start it runs
    // the night it missed (fill=1d), as graphile-worker's cron does after downtime.
    await t.db.execute(sql`
      insert into graphile_worker._private_known_crontabs (identifier, known_since, last_execution)
      values ('nightly_batch', now() - interval '3 days', now() - interval '2 days')
      on conflict (identifier) do update set last_execution = excluded.last_execution`);
    const businessDate = "2025-01-26";
    const through = addDays(businessDate, -1);
    await startWorker({
      LOAN_REPLAY_BUSINESS_DATE: businessDate,
      NIGHTLY_CRON: "0 1 * * *",
      WORKER_SHARDS: "3",
    });
    const run = await waitFor("the scheduled batch", async () => {
      const r = await readRun(t.db, nightlyRunKey(through));
      return r?.finishedAt ? r : null;
    });
    expect(run.result).toMatchObject({ through, loansScanned: LOANS, eventsAppended: LOANS * 5 });
    for (const d of await accrualDays()) {
      expect(d).toEqual({
        loan_id: d.loan_id,
        n: 25,
        days: 25,
        first: "2025-01-01",
        last: through,
      });
    }
    const known = rowsOf<{ ran: boolean }>(
      await t.db.execute(sql`
        select last_execution > now() - interval '1 day' as ran
        from graphile_worker._private_known_crontabs where identifier = 'nightly_batch'`),
    );
    expect(known[0]?.ran).toBe(true);
  }, 30_000);

  it("the app enqueues a report, workers compute it in shards, it equals the single-process one", async () => {
    // No worker running: nobody takes the shards, the caller is told to compute it itself.
    expect(
      await reportOnWorkers(t.db, t.url as string, {
        asOf: "2025-01-15",
        progressKey: "page:2025-01-15",
        pickUpMs: 300,
      }),
    ).toBeNull();
    await startWorker({ WORKER_SHARDS: "3", WORKER_BATCH_SIZE: "2", WORKER_PAUSE_MS: "100" });
    const asOf = "2025-01-15";
    const pending = reportOnWorkers(t.db, t.url as string, {
      asOf,
      progressKey: "page:2025-01-15",
    });
    // Progress in the database under the page's key while the shards run.
    const seen = await waitFor("progress", () => readReportProgress(t.db, "page:2025-01-15"));
    expect(seen.total).toBe(LOANS);
    const merged = await pending;
    const single = await computePortfolioReport(t.db, { asOf, knownAt: merged?.knownAt });
    expect({ ...merged, generatedAt: "" }).toEqual(
      JSON.parse(JSON.stringify({ ...single, generatedAt: "" })),
    );
    expect(await readReportProgress(t.db, "page:2025-01-15")).toBeNull();
  }, 30_000);
});
