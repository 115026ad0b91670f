/**
 * Worker benchmark (issue 16): the nightly batch and the portfolio report with
 * 1 and 2 worker processes (`npm run worker`, graphile-worker on the Postgres
 * server in DATABASE_URL), each beside its single-process baseline timed in
 * the same run (accrueInterest / computePortfolioReport in this process).
 *
 *   DATABASE_URL=postgres://... npx tsx scripts/bench/workers.ts [--loans 2000] [--history-days 60] [--days 3] [--json]
 *   DATABASE_URL=postgres://... npx tsx scripts/bench/workers.ts --loans 10000 --events-per-loan 1000   # the 10M-event book
 *
 * The book: the bench book's loans (scripts/bench/book-data.ts; loan 1 with
 * its ten years of events) with `--history-days` days of accrual written
 * through the app, in its own scratch database <name>_workers_<loans>x<days>d,
 * generated once and reused (the accrual and a snapshot-based report cost
 * per loan-day and per loan, not per event of history); each
 * run accrues the next days after what the book holds (three phases of
 * `--days` days each: single process, 1 worker, 2 workers), so the phases
 * do the same work per loan-day. The report phases replay the same date.
 * With `--events-per-loan N` (N > 2) the book is book.ts's instead: N events
 * per loan in bulk SQL (loan 1: 3,700), sealed, snapshots and projections
 * rebuilt, no accrual history written through the app (database
 * <name>_workers_<loans>x<N>e), and the reports' default date is 40 days
 * before the book's last day, as in book.ts.
 * Scaling efficiency = speed-up over 1 worker / workers. App CPU is the
 * worker processes' user+system time (/proc), Postgres's own CPU is not in it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { isDeepStrictEqual, parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { type DatabaseHandle, openDatabase } from "../../db/client";
import { rebuildProjections } from "../../db/event-store/projection";
import { sealUnhashedEvents } from "../../db/event-store/seal";
import { nightlyRunKey } from "../../db/jobs/nightly";
import { shardedReportResult, startShardedReport } from "../../db/jobs/report";
import { readRun } from "../../db/jobs/runs";
import { serverQueue } from "../../db/jobs/worker";
import { accrueInterest } from "../../db/services/accrue";
import { computePortfolioReport } from "../../db/services/portfolio-report";
import { rebuildSnapshots } from "../../db/services/snapshots";
import { addDays, endOfMonth } from "../../lib/dates";
import {
  addDaysSql,
  generateBook,
  isComplete,
  progress,
  refreshBookCaches,
  rowsOf,
  START,
} from "./book-data";

const { values } = parseArgs({
  options: {
    loans: { type: "string", default: "2000" },
    "history-days": { type: "string", default: "60" },
    days: { type: "string", default: "3" },
    "events-per-loan": { type: "string", default: "2" },
    shards: { type: "string", default: "16" },
    "as-of": { type: "string" },
    json: { type: "boolean" },
  },
});
const LOANS = Number(values.loans);
const HISTORY = Number(values["history-days"]);
const DAYS = Number(values.days);
const SHARDS = values.shards;
const EPL = Number(values["events-per-loan"]);
/** The 10M-event book's shape (book.ts) rather than short app-written histories. */
const BULK = EPL > 2;
const AS_OF = values["as-of"] ?? (BULK ? addDaysSql(EPL - 40) : "2016-02-20");
const sec = (ms: number) => Math.round(ms) / 1000;

interface Worker {
  child: ChildProcess;
  exited: Promise<void>;
}

function startWorker(url: string): Promise<Worker> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, DATABASE_URL: url, NIGHTLY_CRON: "off", WORKER_POLL_MS: "500" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (c: Buffer) => {
      if (c.toString().includes("started")) resolve({ child, exited });
    });
    child.once("exit", (code) => reject(new Error(`worker exited (${code})`)));
  });
}

/** user + system CPU seconds of a process (Linux /proc; 100 ticks a second). */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

let benchDatabase = "";

/**
 * CPU seconds of the Postgres backends connected to the bench database now
 * (others' databases on the same server are not counted; a backend that
 * exits takes its figure with it, and the pools keep theirs open).
 */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (cmd.startsWith("postgres:") && cmd.includes(` ${benchDatabase} `)) {
        total += cpuSeconds(Number(pid));
      }
    } catch {}
  }
  return total;
}

/**
 * The last day of an untimed warm-up after `last`: the next day, or the
 * first of the next month when a timed phase of DAYS days would otherwise
 * cross a month end (the month-end snapshots every loan takes then would
 * land in one phase and not the others).
 */
function warmUpThrough(last: string): string {
  const next = addDays(last, 1);
  if (addDays(next, DAYS).slice(0, 7) === next.slice(0, 7)) return next;
  return addDays(endOfMonth(next), 1);
}

async function waitFinished(db: DatabaseHandle["db"], key: string) {
  for (;;) {
    const run = await readRun(db, key);
    if (run?.finishedAt) return run;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function openBook(
  base: string,
): Promise<{ handle: DatabaseHandle; url: string; book: unknown }> {
  const url = new URL(base);
  const shape = BULK ? `${EPL}e` : `${HISTORY}d`;
  url.pathname = `/${url.pathname.slice(1) || "postgres"}_workers_${LOANS}x${shape}`;
  const name = url.pathname.slice(1);
  benchDatabase = name;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  const exists = (await admin`select 1 from pg_database where datname = ${name}`).length > 0;
  let book: unknown;
  let handle: DatabaseHandle;
  if (exists && (await isComplete(url.toString()))) {
    handle = await openDatabase({ url: url.toString() });
    book = await refreshBookCaches(handle);
  } else {
    if (exists) await admin.unsafe(`DROP DATABASE "${name}" WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE "${name}"`);
    handle = await openDatabase({ url: url.toString() });
    const t = performance.now();
    // Origination and disbursement per loan in bulk SQL (loan 1: its ten
    // years), sealed once as an operator would (cli seal: bulk rows carry no
    // hashes), then HISTORY days of daily accrual through the app's own
    // accrual path (hashed, projected, month-end snapshots as it goes).
    await generateBook(handle, LOANS, BULK ? EPL : 2);
    await sealUnhashedEvents(handle.db);
    await rebuildSnapshots({
      db: handle.db,
      onProgress: (d, n) => progress(`snapshots ${d}/${n}`),
    });
    await rebuildProjections({
      db: handle.db,
      onProgress: (d, n) => progress(`projections ${d}/${n}`),
    });
    if (!BULK) {
      await accrueInterest({
        db: handle.db,
        actor: "bench:history",
        through: addDays(START, HISTORY - 1),
        onProgress: (d, n) => progress(`history ${d}/${n}`),
      });
    }
    await handle.db.execute(sql`create table bench_meta (complete boolean)`);
    await handle.db.execute(sql`insert into bench_meta values (true)`);
    await handle.db.execute(sql`analyze`);
    book = { generatedSeconds: sec(performance.now() - t) };
  }
  await admin.end();
  return { handle, url: url.toString(), book };
}

async function main() {
  const base = process.env.DATABASE_URL;
  if (!base) {
    console.error("error: the worker benchmark needs DATABASE_URL (a Postgres server)");
    process.exit(2);
  }
  const { handle, url, book } = await openBook(base);
  const db = handle.db;
  const [{ last, events }] = rowsOf(
    await db.execute(sql`
      select (select max(last_event_date)::text from loan_projections where loan_id <> 1) as last,
             (select count(*)::int from loan_events) as events`),
  ) as [{ last: string; events: number }];
  const report: Record<string, unknown> = {
    machine:
      "2 cores, Node 20, Postgres 15 (localhost); workers, this process and Postgres share the cores",
    loans: LOANS,
    eventsPerLoan: BULK ? EPL : undefined,
    historyDays: BULK ? undefined : HISTORY,
    events,
    book,
    shards: Number(SHARDS),
    daysPerPhase: DAYS,
  };
  process.env.WORKER_SHARDS = SHARDS;

  // Nightly batch: the next DAYS days in one process, then with 1, then 2
  // workers; each configuration first runs one untimed day and one report
  // (module loading and JIT warm-up), so none is timed cold.
  let through = warmUpThrough(last);
  await accrueInterest({ db, actor: "bench:warm-up", through });
  await computePortfolioReport(db, { asOf: AS_OF });
  const nightly: Record<string, unknown> = {};
  through = addDays(through, DAYS);
  let cpu0 = process.cpuUsage();
  let pg0 = postgresCpuSeconds();
  let t0 = performance.now();
  const single = await accrueInterest({ db, actor: "bench:single", through });
  let wall = performance.now() - t0;
  let cpu = process.cpuUsage(cpu0);
  let pgCpu = postgresCpuSeconds() - pg0;
  nightly.singleProcess = {
    seconds: sec(wall),
    events: single.eventsAppended,
    eventsPerSecond: Math.round(single.eventsAppended / (wall / 1000)),
    appCpuSeconds: sec((cpu.user + cpu.system) / 1000),
    postgresCpuSeconds: Math.round(pgCpu * 100) / 100,
  };
  const reports: Record<string, unknown> = {};
  t0 = performance.now();
  cpu0 = process.cpuUsage();
  pg0 = postgresCpuSeconds();
  const baseline = await computePortfolioReport(db, { asOf: AS_OF });
  wall = performance.now() - t0;
  cpu = process.cpuUsage(cpu0);
  pgCpu = postgresCpuSeconds() - pg0;
  reports.singleProcess = {
    seconds: sec(wall),
    loans: baseline.rows.length,
    loansPerSecond: Math.round(baseline.rows.length / (wall / 1000)),
    appCpuSeconds: sec((cpu.user + cpu.system) / 1000),
    postgresCpuSeconds: Math.round(pgCpu * 100) / 100,
  };

  for (const n of [1, 2]) {
    const workers = await Promise.all(Array.from({ length: n }, () => startWorker(url)));
    const queue = await serverQueue(url);
    through = warmUpThrough(through);
    await queue.add("nightly_batch", { through });
    await waitFinished(db, nightlyRunKey(through));
    await waitFinished(db, await startShardedReport(db, queue, { asOf: AS_OF }));
    through = addDays(through, DAYS);
    let c0 = workers.reduce((s, w) => s + cpuSeconds(w.child.pid), 0);
    pg0 = postgresCpuSeconds();
    t0 = performance.now();
    await queue.add("nightly_batch", { through });
    const run = await waitFinished(db, nightlyRunKey(through));
    wall = performance.now() - t0;
    let c1 = workers.reduce((s, w) => s + cpuSeconds(w.child.pid), 0);
    pgCpu = postgresCpuSeconds() - pg0;
    const appended = Number((run.result as { eventsAppended: number }).eventsAppended);
    nightly[`workers${n}`] = {
      seconds: sec(wall),
      events: appended,
      eventsPerSecond: Math.round(appended / (wall / 1000)),
      appCpuSeconds: Math.round((c1 - c0) * 100) / 100,
      postgresCpuSeconds: Math.round(pgCpu * 100) / 100,
    };
    c0 = c1;
    pg0 = postgresCpuSeconds();
    t0 = performance.now();
    const key = await startShardedReport(db, queue, { asOf: AS_OF, knownAt: baseline.knownAt });
    await waitFinished(db, key);
    wall = performance.now() - t0;
    c1 = workers.reduce((s, w) => s + cpuSeconds(w.child.pid), 0);
    pgCpu = postgresCpuSeconds() - pg0;
    const merged = await shardedReportResult(db, key);
    reports[`workers${n}`] = {
      seconds: sec(wall),
      loansPerSecond: Math.round((merged?.rows.length ?? 0) / (wall / 1000)),
      appCpuSeconds: Math.round((c1 - c0) * 100) / 100,
      postgresCpuSeconds: Math.round(pgCpu * 100) / 100,
      // The same report, key order aside (jsonb keeps its own).
      sameAsSingleProcess:
        isDeepStrictEqual(merged?.rows, baseline.rows) &&
        isDeepStrictEqual(merged?.totals, baseline.totals) &&
        isDeepStrictEqual(merged?.aging, baseline.aging),
    };
    await queue.release();
    for (const w of workers) w.child.kill("SIGTERM");
    await Promise.all(workers.map((w) => w.exited));
  }
  // Speed-up in work per second (a phase that found a day already accrued
  // does more days in the next one; a report is the same work every phase).
  const eff = (section: Record<string, unknown>) => {
    const rate = (phase: unknown) => {
      const p = phase as { seconds: number; events?: number };
      return (p.events ?? 1) / p.seconds;
    };
    const one = 1 / rate(section.workers1);
    const two = 1 / rate(section.workers2);
    return {
      speedUp: Math.round((one / two) * 100) / 100,
      efficiency: Math.round((one / two / 2) * 100) / 100,
    };
  };
  nightly.scaling = eff(nightly);
  reports.scaling = eff(reports);
  report.nightlyBatch = nightly;
  report.portfolioReport = { asOf: AS_OF, ...reports };
  await handle.close();
  console.log(values.json ? JSON.stringify(report) : JSON.stringify(report, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
