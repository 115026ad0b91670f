/**
 * What the borrower owes, at book scale (issue 13), against the Postgres
 * server in DATABASE_URL; every figure beside a baseline timed in the same run:
 *
 *  1. due plus payoff for the 3,700-event loan (db/services/due.ts), as of a
 *     past date (snapshot + tail) and as of its latest event (the projection),
 *     vs that loan's replay on the same path (replayLoanAsOf). Goal p50 <= 2x.
 *  2. the portfolio report's aging table: the report's replay of the book with
 *     each loan's days past due (snapshot due bases + tails) and the aging
 *     table, vs the same replay without them, runs interleaved. Goal <= 1.2x.
 *  3. /loans with the days past due columns: today (default order, sorted by
 *     days past due, filtered by bucket) and a past date.
 *
 *   DATABASE_URL=postgres://... npx tsx scripts/bench/due.ts [--loans 2000] [--events-per-loan 1000] [--json]
 *
 * The book is scripts/bench/book-data.ts's (loan 1: 3,700 events), in the
 * scratch database <name>_book_<loans>x<events> shared with book.ts: generated
 * once, reused (its caches rebuilt when a migration left them without what the
 * code reads).
 */
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { type DatabaseHandle, openDatabase } from "../../db/client";
import { rebuildProjections } from "../../db/event-store/projection";
import { listPortfolioAsOf } from "../../db/queries/portfolio";
import { dueAndPayoffAsOf } from "../../db/services/due";
import { rebuildSnapshots, replayLoanAsOf, replayPortfolio } from "../../db/services/snapshots";
import { addDays } from "../../lib/dates";
import { type AgedLoan, agingTable } from "../../lib/delinquency/aging";
import { addDaysSql, BIG, generateBook, isComplete, refreshBookCaches, rowsOf } from "./book-data";
import { ms, percentile, runs, time } from "./timing";

const { values } = parseArgs({
  options: {
    loans: { type: "string", default: "2000" },
    "events-per-loan": { type: "string", default: "1000" },
    runs: { type: "string", default: "5" },
    json: { type: "boolean" },
  },
});
const LOANS = Number(values.loans);
const EPL = Number(values["events-per-loan"]);
const PORTFOLIO_RUNS = Number(values.runs);

/** This process's CPU time (user + system) spent in `fn`, in ms. */
async function cpu(fn: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/**
 * Two measures timed alternately (a then b, n times): both see the same
 * machine load. Wall-clock p50s, and this process's CPU time p50s (what the
 * work itself costs here, less disturbed by other processes on the machine).
 */
async function interleaved(
  n: number,
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  warmUp = 1,
) {
  // Warmed up alike: a server process runs both paths hot.
  for (let i = 0; i < warmUp; i++) {
    await a();
    await b();
  }
  const xa: number[] = [];
  const xb: number[] = [];
  const ca: number[] = [];
  const cb: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    ca.push(await cpu(a));
    xa.push(performance.now() - t0);
    const t1 = performance.now();
    cb.push(await cpu(b));
    xb.push(performance.now() - t1);
  }
  return {
    a: ms(percentile(xa, 50)),
    b: ms(percentile(xb, 50)),
    cpuA: ms(percentile(ca, 50)),
    cpuB: ms(percentile(cb, 50)),
    all: { a: xa.map(ms), b: xb.map(ms) },
  };
}

async function openBook(base: string): Promise<{ handle: DatabaseHandle; book: unknown }> {
  const url = new URL(base);
  const name = `${url.pathname.slice(1) || "postgres"}_book_${LOANS}x${EPL}`;
  url.pathname = `/${name}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  try {
    const exists = (await admin`select 1 from pg_database where datname = ${name}`).length > 0;
    if (exists && (await isComplete(url.toString()))) {
      const handle = await openDatabase({ url: url.toString() });
      return { handle, book: await refreshBookCaches(handle) };
    }
    if (exists) await admin.unsafe(`DROP DATABASE "${name}" WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE "${name}"`);
    const handle = await openDatabase({ url: url.toString() });
    const [genMs] = await time(() => generateBook(handle, LOANS, EPL));
    const [snapMs] = await time(() => rebuildSnapshots({ db: handle.db }));
    const [projMs] = await time(() => rebuildProjections({ db: handle.db }));
    await handle.db.execute(sql`create table bench_meta (complete boolean)`);
    await handle.db.execute(sql`insert into bench_meta values (true)`);
    await handle.db.execute(sql`analyze`);
    return {
      handle,
      book: {
        generatedSeconds: ms(genMs / 1000),
        snapshotsSeconds: ms(snapMs / 1000),
        projectionsSeconds: ms(projMs / 1000),
      },
    };
  } finally {
    await admin.end();
  }
}

async function main() {
  const base = process.env.DATABASE_URL;
  if (!base) {
    console.error("error: the due benchmark needs DATABASE_URL (a Postgres server)");
    process.exit(2);
  }
  const { handle, book } = await openBook(base);
  const db = handle.db;
  const [{ n: events }] = rowsOf(
    await db.execute(sql`select count(*)::bigint as n from loan_events`),
  ) as [{ n: string }];
  const report: Record<string, unknown> = {
    loans: LOANS,
    eventsPerLoan: EPL,
    events: Number(events),
    book,
    machine: "2 cores, Node 20, Postgres 15 (localhost)",
  };

  // 1. Due plus payoff for the big loan vs its replay (same read path).
  const pastDate = "2025-06-30";
  const [{ last }] = rowsOf(
    await db.execute(
      sql`select last_event_date::text as last from loan_projections where loan_id = 1`,
    ),
  ) as [{ last: string }];
  const single: Record<string, unknown> = { events: BIG };
  for (const [label, asOf] of [
    ["pastDate", pastDate],
    ["latest", last],
  ] as const) {
    const on = addDays(asOf, 15);
    const both = await interleaved(
      60,
      () => replayLoanAsOf(db, 1, asOf),
      () => dueAndPayoffAsOf(db, 1, { asOf, on }),
      20,
    );
    const sample = await dueAndPayoffAsOf(db, 1, { asOf, on });
    single[label] = {
      asOf,
      replayP50: both.a,
      dueAndPayoffP50: both.b,
      ratio: ms(both.b / both.a),
      cpuRatio: ms(both.cpuB / both.cpuA),
      daysPastDue: sample.due.daysPastDue,
      payoffOn: on,
      payoff: sample.payoff?.payoffAmount ?? sample.payoffRefusal,
    };
  }
  single.goal = "due + payoff p50 <= 2x the loan's replay";
  report.singleLoan = single;

  // 2. The aging table's cost in the portfolio report.
  const portfolioAsOf = addDaysSql(EPL - 40);
  const withoutAging = async () => {
    const rows: unknown[] = [];
    for await (const { state } of replayPortfolio(db, portfolioAsOf)) rows.push(state);
    return rows.length;
  };
  const withAging = async () => {
    const rows: AgedLoan[] = [];
    for await (const { state } of replayPortfolio(db, portfolioAsOf, { withDue: true })) {
      rows.push(state);
    }
    return agingTable(rows);
  };
  const portfolio = await interleaved(PORTFOLIO_RUNS, withoutAging, withAging);
  const aging = await withAging();
  report.portfolio = {
    asOf: portfolioAsOf,
    withoutAgingSeconds: ms(portfolio.a / 1000),
    withAgingSeconds: ms(portfolio.b / 1000),
    ratio: ms(portfolio.b / portfolio.a),
    cpuWithoutSeconds: ms(portfolio.cpuA / 1000),
    cpuWithSeconds: ms(portfolio.cpuB / 1000),
    cpuRatio: ms(portfolio.cpuB / portfolio.cpuA),
    runsMs: portfolio.all,
    aging: aging.map((a) => `${a.bucket}: ${a.count}`).join(", "),
    goal: "with the aging table <= 1.2x without",
  };

  // 3. /loans with days past due: today (SQL over the projection) and a past date.
  const today = addDaysSql(EPL + 400);
  const list = (q: Parameters<typeof listPortfolioAsOf>[1]) => () => listPortfolioAsOf(db, q);
  const pastList = addDaysSql(EPL - 70);
  // A first request computes the date: forget it if an earlier run left it.
  await db.execute(sql`delete from loan_list_dates where as_of = ${pastList}::date`);
  const [firstPastMs] = await time(async () => {
    for (;;) {
      const page = await listPortfolioAsOf(db, {
        asOf: pastList,
        sort: "daysPastDue",
        dir: "desc",
      });
      if (!page.computing) return page;
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  report.loansList = {
    today,
    defaultOrder: await runs(20, list({ asOf: today })),
    sortedByTotal: await runs(
      20,
      list({ asOf: today, sort: "totalOutstanding", dir: "desc", page: 3 }),
    ),
    sortedByDaysPastDue: await runs(
      20,
      list({ asOf: today, sort: "daysPastDue", dir: "desc", page: 3 }),
    ),
    bucketFilter: await runs(20, list({ asOf: today, bucket: "120+", page: 2 })),
    pastDate: pastList,
    pastFirstSeconds: ms(firstPastMs / 1000),
    pastSortedByDaysPastDue: await runs(
      20,
      list({ asOf: pastList, sort: "daysPastDue", dir: "desc" }),
    ),
    pastBucketFilter: await runs(20, list({ asOf: pastList, bucket: "30-59" })),
    goal: "p50 <= 50 ms",
  };

  await handle.close();
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else printTable(report);
}

function printTable(r: Record<string, unknown>) {
  const row = (label: string, value: string, baseline: string, ratio: string) =>
    console.log(`  ${label.padEnd(40)} ${value.padEnd(24)} ${baseline.padEnd(28)} ${ratio}`);
  console.log(
    `book: ${r.loans} loans x ${r.eventsPerLoan} events = ${r.events} events (${JSON.stringify(r.book)})`,
  );
  row("measure", "result", "baseline (same run)", "ratio");
  const s = r.singleLoan as Record<string, Record<string, number | string>>;
  for (const k of ["pastDate", "latest"]) {
    const x = s[k] as Record<string, number | string>;
    row(
      `due + payoff, ${BIG}-event loan, ${x.asOf}`,
      `p50 ${x.dueAndPayoffP50} ms`,
      `replay: p50 ${x.replayP50} ms`,
      `${x.ratio}x, CPU ${x.cpuRatio}x (goal <= 2)`,
    );
  }
  const p = r.portfolio as Record<string, number | string>;
  row(
    `portfolio with aging, ${p.asOf}`,
    `${p.withAgingSeconds} s`,
    `without: ${p.withoutAgingSeconds} s`,
    `${p.ratio}x, CPU ${p.cpuRatio}x (goal <= 1.2)`,
  );
  console.log(`  aging: ${p.aging}`);
  const l = r.loansList as Record<string, { p50: number; p95: number } | number | string>;
  for (const k of [
    "defaultOrder",
    "sortedByTotal",
    "sortedByDaysPastDue",
    "bucketFilter",
    "pastSortedByDaysPastDue",
    "pastBucketFilter",
  ]) {
    const x = l[k] as { p50: number; p95: number };
    row(`/loans ${k}`, `p50 ${x.p50} ms p95 ${x.p95}`, "", "goal p50 <= 50 ms");
  }
  row(`/loans ${l.pastDate}, first request`, `${l.pastFirstSeconds} s`, "", "");
}

await main();
