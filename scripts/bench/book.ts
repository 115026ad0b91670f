/**
 * Book-scale benchmark (performance issue), against the Postgres server in
 * DATABASE_URL. Every figure is printed beside a baseline timed in the same run.
 *
 *   DATABASE_URL=postgres://... npx tsx scripts/bench/book.ts [--loans 10000] [--events-per-loan 1000] [--json]
 *
 * The book lives in a scratch database <name>_book_<loans>x<events>; it is
 * generated once (valid events written in bulk by SQL: origination,
 * disbursement, daily accruals, a payment every 30 days; loan 1 has 3,700
 * events, ten years of daily accrual) and reused by later runs.
 */
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { loadAsOfView } from "../../app/loans/[loanNumber]/_server/read";
import { type DatabaseHandle, openDatabase } from "../../db/client";
import { readStream as loadHistory } from "../../db/event-store";
import { PARTITIONS, partitionOf } from "../../db/event-store/partitions";
import { rebuildProjections } from "../../db/event-store/projection";
import { listPortfolioAsOf } from "../../db/queries/portfolio";
import { accrualLanes, accrueInterest } from "../../db/services/accrue";
import { computePortfolioReport } from "../../db/services/portfolio-report";
import { assessFee } from "../../db/services/servicing";
import { rebuildSnapshots, replayPortfolio } from "../../db/services/snapshots";
import { addDays, endOfMonth } from "../../lib/dates";
import { replay } from "../../lib/replay/replay";
import {
  addDaysSql,
  BIG,
  generateBook,
  isComplete,
  progress,
  refreshBookCaches,
  rowsOf,
} from "./book-data";
import { ms, runs, time } from "./timing";

const { values } = parseArgs({
  options: {
    loans: { type: "string", default: "10000" },
    engine: { type: "string", default: "postgres" },
    "events-per-loan": { type: "string", default: "1000" },
    json: { type: "boolean" },
  },
});
const LOANS = Number(values.loans);
const EPL = Number(values["events-per-loan"]);
const generate = (h: DatabaseHandle) => generateBook(h, LOANS, EPL);

async function main() {
  if (values.engine === "pglite") return mainPglite();
  const base = process.env.DATABASE_URL;
  if (!base) {
    console.error("error: the book benchmark needs DATABASE_URL (a Postgres server)");
    process.exit(2);
  }
  const url = new URL(base);
  const name = `${url.pathname.slice(1) || "postgres"}_book_${LOANS}x${EPL}`;
  url.pathname = `/${name}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  const exists = (await admin`select 1 from pg_database where datname = ${name}`).length > 0;
  let handle: DatabaseHandle;
  const report: Record<string, unknown> = {
    loans: LOANS,
    eventsPerLoan: EPL,
    machine: "2 cores, Node 20, Postgres 15 (localhost)",
  };
  if (exists && (await isComplete(url.toString()))) {
    // Reused: bring its schema up to date; a migration that drops a cache
    // (projections) is followed by its rebuild, timed.
    handle = await openDatabase({ url: url.toString() });
    await removeBaselineRows(handle.db);
    report.book = await refreshBookCaches(handle);
  } else {
    if (exists) await admin.unsafe(`DROP DATABASE "${name}" WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE "${name}"`);
    handle = await openDatabase({ url: url.toString() });
    const [genMs] = await time(() => generate(handle));
    const [snapMs, snaps] = await time(() =>
      rebuildSnapshots({ db: handle.db, onProgress: (d, t) => progress(`snapshots ${d}/${t}`) }),
    );
    const [projMs] = await time(() =>
      rebuildProjections({
        db: handle.db,
        onProgress: (d, t) => progress(`projections ${d}/${t}`),
      }),
    );
    await handle.db.execute(sql`create table bench_meta (complete boolean)`);
    await handle.db.execute(sql`insert into bench_meta values (true)`);
    await handle.db.execute(sql`analyze`);
    report.book = {
      generatedSeconds: ms(genMs / 1000),
      snapshotsSeconds: ms(snapMs / 1000),
      snapshots: snaps.snapshots,
      projectionsSeconds: ms(projMs / 1000),
    };
  }
  await admin.end();
  report.vacuum = await vacuumIfNoAutovacuum(handle);
  await measure(handle, report, () =>
    openDatabase({ url: url.toString(), migrate: false, maxConnections: 1 }),
  );
  await handle.close();
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else printTable(report);
}

/**
 * On a server with autovacuum off (this machine's CI config), the dead rows
 * the book's own generation (signing updates every row) and earlier runs'
 * appends and accruals leave are vacuumed first, as autovacuum would have:
 * otherwise every run measures a more bloated table than the last. The
 * borrowers too: a vacuum flushes their name index's pending entries (GIN
 * fast update; a manual ANALYZE does not), which the generated book's 10,000
 * names otherwise stay in for good. The list figures too: each run's first
 * request for the past date and its list for "today" (recopied after the
 * accrual) rewrite 10,000 rows each, and unvacuumed their join with the
 * projections went from 30 to 160 ms in five runs. Seconds taken; null when
 * autovacuum is on (left to it).
 */
async function vacuumIfNoAutovacuum(handle: DatabaseHandle): Promise<number | null> {
  const [{ autovacuum }] = rowsOf(await handle.db.execute(sql`show autovacuum`)) as [
    { autovacuum: string },
  ];
  if (autovacuum === "on") return null;
  const t = performance.now();
  await handle.db.execute(
    sql`vacuum (analyze) loan_events, loan_projections, loan_snapshots, loans, borrowers, loan_list_figures, loan_list_dates`,
  );
  return ms((performance.now() - t) / 1000);
}

/** Baseline rows go into loan_events past every stream, recorded by this actor, and are removed. */
const BASELINE_SEQUENCE = 2_000_000;
const BASELINE_ACTOR = "bench:baseline";

async function checkpoint(db: DatabaseHandle["db"]): Promise<void> {
  await db.execute(sql`checkpoint`);
}

/**
 * Before a baseline writes into loan_events: the highest event id, kept in a
 * table of its own, so the rows can be found by the id index afterwards (or
 * by the next run, if this one is interrupted).
 */
async function markBaseline(db: DatabaseHandle["db"]): Promise<void> {
  await db.execute(sql`create table if not exists bench_baseline_marks (from_id bigint not null)`);
  await db.execute(
    sql`insert into bench_baseline_marks select coalesce(max(id), 0) from loan_events`,
  );
}

/**
 * Remove the baselines' rows from loan_events (an interrupted run's too,
 * before anything seals or projects them): they are not events of the
 * loans. The table refuses deletes by trigger; with session_replication_role
 * = replica (superuser: the bench's own database) that trigger does not
 * fire, for this transaction only.
 */
async function removeBaselineRows(db: DatabaseHandle["db"]): Promise<void> {
  await db.execute(sql`create table if not exists bench_baseline_marks (from_id bigint not null)`);
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(sql`
      delete from loan_events
      where id > (select min(from_id) from bench_baseline_marks)
        and recorded_by = ${BASELINE_ACTOR} and sequence_number >= ${BASELINE_SEQUENCE}`);
    await tx.execute(sql`delete from bench_baseline_marks`);
  });
}

/** A chain's column widths, so a baseline row is as wide as a signed event. */
const FAKE_HASH = "0".repeat(64);
const FAKE_KEY_ID = "0".repeat(16);
const FAKE_SIGNATURE = "0".repeat(86);

/** The same book in an in-memory PGlite (one connection: the "8 writers" share it). */
async function mainPglite() {
  const handle = await openDatabase({});
  const report: Record<string, unknown> = { engine: "pglite", loans: LOANS, eventsPerLoan: EPL };
  const [genMs] = await time(() => generate(handle));
  const [snapMs, snaps] = await time(() => rebuildSnapshots({ db: handle.db }));
  await rebuildProjections({ db: handle.db });
  report.book = {
    generatedSeconds: ms(genMs / 1000),
    snapshotsSeconds: ms(snapMs / 1000),
    snapshots: snaps.snapshots,
  };
  await measure(handle, report, async () => handle);
  await handle.close();
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else printTable(report);
}

async function measure(
  handle: DatabaseHandle,
  report: Record<string, unknown>,
  openWriter: () => Promise<DatabaseHandle>,
) {
  const db = handle.db;
  const [{ n: events }] = rowsOf(
    await db.execute(sql`select count(*)::bigint as n from loan_events`),
  ) as [{ n: string }];
  report.events = Number(events);

  // 1. Single-loan as-of replay, the loan page's path, vs a plain SELECT of its rows.
  const asOf = "2025-06-30";
  const loanNumber = "LN-000001";
  const single = await runs(50, () => loadAsOfView(db, { loanNumber, asOf }));
  const fetchRows = await runs(50, () =>
    db.execute(sql`select * from loan_events where loan_id = 1 order by sequence_number`),
  );
  const fullPath = await runs(20, async () => replay(await loadHistory(db, 1), asOf));
  report.singleLoan = {
    events: BIG,
    snapshotPath: single,
    plainSelect: fetchRows,
    ratioP50: ms(single.p50 / fetchRows.p50),
    fullHistoryPath: fullPath,
    goal: "snapshot path p50 <= 1.5x plain select",
  };

  // 2. Portfolio as of a date, streamed, vs Postgres's own GROUP BY over the same rows.
  const portfolioAsOf = addDaysSql(EPL - 40);
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 25);
  const [portfolioMs, loansReplayed] = await time(async () => {
    let n = 0;
    for await (const _ of replayPortfolio(db, portfolioAsOf)) n++;
    return n;
  });
  clearInterval(sampler);
  const [groupByMs] = await time(() =>
    db.execute(
      sql`SELECT loan_id, sum((event_data->>'amount')::numeric) FROM loan_events WHERE effective_date <= ${portfolioAsOf} GROUP BY loan_id`,
    ),
  );
  report.portfolio = {
    asOf: portfolioAsOf,
    loans: loansReplayed,
    seconds: ms(portfolioMs / 1000),
    peakRssMb: Math.round(peak / 1048576),
    groupBySeconds: ms(groupByMs / 1000),
    ratio: ms(portfolioMs / groupByMs),
    goal: "ratio <= 1.0, peak RSS < 300 MB",
  };

  // 2b. /loans: today (SQL over the projection), then a past date (first request
  // computes the date's figures; later ones read them), beside the report above.
  const today = addDaysSql(EPL + 400);
  const listToday = await runs(20, () =>
    listPortfolioAsOf(db, { asOf: today, sort: "totalOutstanding", dir: "desc", page: 3 }),
  );
  const listSearch = await runs(20, () =>
    listPortfolioAsOf(db, { asOf: today, search: "borrower 4711" }),
  );
  const pastDate = addDaysSql(EPL - 70);
  // The date's snapshots and tails read once, untimed, so the first request
  // and the reports timed after it all find the same pages in memory.
  for await (const _ of replayPortfolio(db, pastDate, { withDue: true })) {
  }
  // A first request: the date's figures an earlier run (or anything else) computed are dropped.
  await db.execute(sql`delete from loan_list_dates where as_of = ${pastDate}`);
  const [firstPastMs, firstPast] = await time(async () => {
    for (;;) {
      const page = await listPortfolioAsOf(db, { asOf: pastDate });
      if (!page.computing) return page;
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  const listPast = await runs(20, () => listPortfolioAsOf(db, { asOf: pastDate, page: 2 }));
  // Beside it, for the same date: the portfolio report as the product files it
  // (computePortfolioReport: every loan with days past due, names, totals, the
  // aging table; as known now), and the bare fold the portfolio goal above
  // times (replayPortfolio: figures only, no days past due).
  const [pastReportMs] = await time(() => computePortfolioReport(db, { asOf: pastDate }));
  const [pastFoldMs] = await time(async () => {
    for await (const _ of replayPortfolio(db, pastDate)) {
    }
  });
  report.loansList = {
    today: listToday,
    todayNameSearch: listSearch,
    pastDate,
    pastFirstSeconds: ms(firstPastMs / 1000),
    pastReportSeconds: ms(pastReportMs / 1000),
    pastRatioToReport: ms(firstPastMs / pastReportMs),
    pastFoldSeconds: ms(pastFoldMs / 1000),
    pastRatioToFold: ms(firstPastMs / pastFoldMs),
    pastRows: firstPast.rows.length,
    pastLater: listPast,
    goal: "today p50 <= 50 ms; past date first <= the portfolio report, later p50 <= 50 ms",
  };

  // 3. Append throughput: one writer, then eight writers on distinct loans,
  // each a fee dated the day after the book's latest event (not backdated,
  // whatever other benchmarks accrued onto a reused book). A month end that
  // this or the accrual below would cross is accrued first, untimed: every
  // loan takes its month-end snapshot then, in neither measurement.
  const latest = async () => {
    const [{ d }] = rowsOf(
      await db.execute(
        sql`select max(last_event_date)::text as d from loan_projections where loan_id <> 1`,
      ),
    ) as [{ d: string }];
    return d;
  };
  let bookEnd = await latest();
  if (addDays(bookEnd, 2).slice(0, 7) !== bookEnd.slice(0, 7)) {
    const first = addDays(endOfMonth(bookEnd), 1);
    await accrueInterest({ db, actor: "bench:month-end", through: first });
    bookEnd = await latest();
  }
  const appendOn = addDays(bookEnd, 1);
  const fee = (h: DatabaseHandle, loan: number) =>
    assessFee({
      db: h.db,
      actor: "bench:writer",
      loanNumber: `LN-${String(loan).padStart(6, "0")}`,
      amount: "1.00",
      feeType: "other",
      effectiveDate: appendOn,
    });
  const SINGLE = 40;
  // Untimed: one append on a loan of each partition (the book's last loans,
  // above those the timed phases use), through the connection the timed
  // appends use, so the named statements of every partition are prepared, as
  // on a server that has served appends before; the timed appends are still
  // each their loan's first.
  let warmLoan = LOANS;
  const warmUp = async (h: DatabaseHandle) => {
    const warmed = new Set<string>();
    for (; warmLoan > 180 && warmed.size < PARTITIONS; warmLoan--) {
      const part = partitionOf(warmLoan);
      if (warmed.has(part)) continue;
      warmed.add(part);
      await fee(h, warmLoan);
    }
  };
  await warmUp(handle);
  // Each timed write phase starts from a checkpoint (untimed), so each pays
  // the full-page writes of the pages it is first to touch, whichever runs
  // first, and no scheduled checkpoint lands in one phase only.
  await checkpoint(db);
  const [oneMs] = await time(async () => {
    for (let i = 0; i < SINGLE; i++) await fee(handle, 2 + i);
  });
  const writers = await Promise.all(Array.from({ length: 8 }, openWriter));
  // The same for the eight: each writer's statements prepared, then a checkpoint.
  if (writers[0] !== handle) for (const w of writers) await warmUp(w);
  await checkpoint(db);
  const PER = 10;
  const [eightMs] = await time(() =>
    Promise.all(
      writers.map(async (w, k) => {
        for (let i = 0; i < PER; i++) await fee(w, 100 + k * PER + i);
      }),
    ),
  );
  if (writers[0] !== handle) await Promise.all(writers.map((w) => w.close()));
  // Baseline (the goal's): one-row INSERT transactions into loan_events itself,
  // each holding its loan's row lock, on as many other loans of the book
  // (42..81: no append above touched them), from a checkpoint as the appends
  // were; the rows as wide as signed ones (hash columns filled, so not in the
  // index of unsigned rows either); removed afterwards (untimed).
  await markBaseline(db);
  await checkpoint(db);
  const [sameTableMs] = await time(async () => {
    for (let i = 0; i < SINGLE; i++) {
      const loan = 2 + SINGLE + i;
      await db.transaction(async (tx) => {
        await tx.execute(sql`select id from loans where id = ${loan} for update`);
        await tx.execute(sql`insert into loan_events (loan_id, sequence_number, event_type, event_data, effective_date, recorded_by, prev_hash, hash, key_id, signature)
          values (${loan}, ${BASELINE_SEQUENCE + i}, 'fee_assessment', ${JSON.stringify({ amount: "1.00", feeType: "other" })}::jsonb, ${appendOn}, ${BASELINE_ACTOR}, ${FAKE_HASH}, ${FAKE_HASH}, ${FAKE_KEY_ID}, ${FAKE_SIGNATURE})`);
      });
    }
  });
  await removeBaselineRows(db);
  // The earlier baseline, kept beside it: the same transactions into a copy of
  // the table's definition (empty, so its indexes stay in memory), on the
  // loans the appends used.
  await db.execute(
    sql`create table if not exists bench_plain_insert (like loan_events including all)`,
  );
  await db.execute(sql`truncate bench_plain_insert`);
  const [plainMs] = await time(async () => {
    for (let i = 0; i < SINGLE; i++) {
      const loan = 2 + i;
      await db.transaction(async (tx) => {
        await tx.execute(sql`select id from loans where id = ${loan} for update`);
        await tx.execute(sql`insert into bench_plain_insert (loan_id, sequence_number, event_type, event_data, effective_date, recorded_by)
          values (${loan}, 1000000 + ${i}, 'fee_assessment', ${JSON.stringify({ amount: "1.00", feeType: "other" })}::jsonb, ${appendOn}, 'bench:plain')`);
      });
    }
  });
  report.append = {
    singleWriterPerSecond: Math.round(SINGLE / (oneMs / 1000)),
    eightWritersPerSecond: Math.round((8 * PER) / (eightMs / 1000)),
    sameTableInsertPerSecond: Math.round(SINGLE / (sameTableMs / 1000)),
    ratio: ms(oneMs / sameTableMs),
    copyTableInsertPerSecond: Math.round(SINGLE / (plainMs / 1000)),
    ratioCopyTable: ms(oneMs / plainMs),
    goal: "one writer <= 2x the plain locked INSERT on the same table; eight writers faster than one",
    note: `each append locks the loan, reads its projection and stream head, decides, inserts, updates the projection (${EPL}-event histories)`,
  };

  // 4. The daily accrual batch for the whole book (one more day for every loan).
  const [{ d: lastDay }] = rowsOf(
    await db.execute(
      sql`select max(effective_date)::text as d from loan_events where loan_id <> 1 and event_type = 'interest_accrual'`,
    ),
  ) as [{ d: string }];
  const nextDay = new Date(Date.parse(`${lastDay}T00:00:00Z`) + 86_400_000)
    .toISOString()
    .slice(0, 10);
  // Everything the accrual appends has an id above this (the baseline copies those rows).
  const [{ id: idBefore }] = rowsOf(
    await db.execute(sql`select coalesce(max(id), 0)::bigint as id from loan_events`),
  ) as [{ id: string }];
  await checkpoint(db);
  const [accrualMs, accrued] = await time(() =>
    // As the server's workers run it: two batches in flight (PGlite: one connection, one batch).
    accrueInterest({
      db,
      actor: "bench:accrual",
      through: nextDay,
      inFlight: accrualLanes(handle.engine),
    }),
  );
  // Baseline (the goal's): a plain multi-row INSERT of the same rows (the
  // accruals and any late fees the job assessed with them) into loan_events
  // itself, numbered past the loans' streams, in the same batches of 200
  // loans, from a checkpoint as the accrual was; read from a copy of those
  // rows made untimed (so neither side pays for finding them among the
  // book's events); removed afterwards (untimed).
  await db.execute(sql`drop table if exists bench_accrual_rows`);
  await db.execute(sql`create table bench_accrual_rows as
    select * from loan_events where id > ${idBefore}::bigint and recorded_by = 'bench:accrual'`);
  await db.execute(sql`create index on bench_accrual_rows (loan_id)`);
  await db.execute(sql`analyze bench_accrual_rows`);
  const insertAccrualRows = (table: "loan_events" | "bench_plain_insert") =>
    time(async () => {
      for (let from = 1; from <= LOANS; from += 200) {
        await db.execute(sql`
        insert into ${sql.raw(table)} (loan_id, sequence_number, event_type, event_data, effective_date, recorded_at, recorded_by, prev_hash, hash, key_id, signature)
        select loan_id, sequence_number + ${BASELINE_SEQUENCE}::int, event_type, event_data, effective_date, recorded_at, ${BASELINE_ACTOR}, prev_hash, hash, key_id, signature
        from bench_accrual_rows where loan_id between ${from}::int and ${from + 199}::int`);
      }
    });
  // The earlier baselines first (the second scans the book's newest rows,
  // which the same-table baseline's deleted rows would sit among): the same
  // INSERT into the empty copy of the table's definition, then finding its
  // rows among the book's events.
  await db.execute(sql`truncate bench_plain_insert`);
  const [plainAccrualMs] = await insertAccrualRows("bench_plain_insert");
  await db.execute(sql`truncate bench_plain_insert`);
  const [fromBookMs] = await time(async () => {
    for (let from = 1; from <= LOANS; from += 200) {
      await db.execute(sql`
        insert into bench_plain_insert (loan_id, sequence_number, event_type, event_data, effective_date, recorded_at, recorded_by, prev_hash, hash, key_id, signature)
        select loan_id, sequence_number, event_type, event_data, effective_date, recorded_at, recorded_by, prev_hash, hash, key_id, signature
        from loan_events where effective_date between ${addDays(lastDay, -7)} and ${nextDay}
          and id > ${idBefore}::bigint and recorded_by = 'bench:accrual'
          and loan_id between ${from}::int and ${from + 199}::int`);
    }
  });
  await markBaseline(db);
  await checkpoint(db);
  const [sameTableAccrualMs] = await insertAccrualRows("loan_events");
  await removeBaselineRows(db);
  await db.execute(sql`drop table bench_accrual_rows`);
  report.accrual = {
    through: nextDay,
    loans: accrued.loansScanned,
    events: accrued.eventsAppended,
    lateFees: accrued.lateFeesAssessed,
    seconds: ms(accrualMs / 1000),
    eventsPerSecond: Math.round(accrued.eventsAppended / (accrualMs / 1000)),
    sameTableInsertSeconds: ms(sameTableAccrualMs / 1000),
    ratio: ms(accrualMs / sameTableAccrualMs),
    copyTableInsertSeconds: ms(plainAccrualMs / 1000),
    ratioCopyTable: ms(accrualMs / plainAccrualMs),
    plainInsertFromBookSeconds: ms(fromBookMs / 1000),
    ratioFromBook: ms(accrualMs / fromBookMs),
    goal: "<= 3x the plain multi-row INSERT of the same rows into the same table",
  };

  // 5. Plans of the hot queries on this book.
  const plan = async (q: ReturnType<typeof sql>) => {
    const rows = rowsOf(await db.execute(sql`explain ${q}`)) as Record<string, string>[];
    return rows.map((r) => Object.values(r)[0]).join(" | ");
  };
  report.plans = {
    loanHistory: await plan(
      sql`select * from loan_events where loan_id = 1 order by sequence_number`,
    ),
    snapshotLookup: await plan(
      sql`select * from loan_snapshots where loan_id = 1 and as_of_date <= ${asOf} and invalidated_at is null order by as_of_date desc limit 1`,
    ),
    tail: await plan(
      sql`select * from loan_events where loan_id = any('{1,2,3}'::bigint[]) and effective_date > '2025-03-31' and effective_date <= ${asOf} order by loan_id, sequence_number`,
    ),
    auditPage: await plan(sql`select * from loan_events order by id desc limit 50`),
  };
}

function printTable(r: Record<string, unknown>) {
  const s = r.singleLoan as Record<string, { p50: number; p95: number } | number | string>;
  const p = r.portfolio as Record<string, number | string>;
  const a = r.append as Record<string, number>;
  const row = (label: string, value: string, baseline: string, ratio: string) =>
    console.log(`  ${label.padEnd(34)} ${value.padEnd(22)} ${baseline.padEnd(30)} ${ratio}`);
  console.log(
    `book: ${r.loans} loans x ${r.eventsPerLoan} events = ${r.events} events (${typeof r.book === "string" ? r.book : JSON.stringify(r.book)})`,
  );
  row("measure", "result", "baseline (same run)", "ratio");
  const snap = s.snapshotPath as { p50: number; p95: number };
  const sel = s.plainSelect as { p50: number; p95: number };
  const full = s.fullHistoryPath as { p50: number; p95: number };
  row(
    `single loan (${BIG} events), snapshot`,
    `p50 ${snap.p50} ms p95 ${snap.p95}`,
    `SELECT rows: p50 ${sel.p50} ms p95 ${sel.p95}`,
    `${s.ratioP50}x (goal <= 1.5)`,
  );
  row(
    "single loan, full history",
    `p50 ${full.p50} ms p95 ${full.p95}`,
    "",
    `${ms(full.p50 / sel.p50)}x`,
  );
  row(
    `portfolio as of ${p.asOf}`,
    `${p.seconds} s, ${p.peakRssMb} MB RSS`,
    `GROUP BY: ${p.groupBySeconds} s`,
    `${p.ratio}x (goal <= 1.0)`,
  );
  row(
    "append, 1 writer",
    `${a.singleWriterPerSecond} events/s`,
    `locked INSERT, same table: ${a.sameTableInsertPerSecond}/s`,
    `${a.ratio}x (goal <= 2)`,
  );
  row("", "", `into an empty copy: ${a.copyTableInsertPerSecond}/s`, `${a.ratioCopyTable}x`);
  row("append, 8 writers", `${a.eightWritersPerSecond} events/s`, "", "");
  const l = r.loansList as Record<string, { p50: number; p95: number } | number | string>;
  const lt = l.today as { p50: number; p95: number };
  const lp = l.pastLater as { p50: number; p95: number };
  row("/loans today (sorted, page 3)", `p50 ${lt.p50} ms p95 ${lt.p95}`, "", "goal p50 <= 50 ms");
  row(
    `/loans ${l.pastDate}, first request`,
    `${l.pastFirstSeconds} s`,
    `portfolio report, same date: ${l.pastReportSeconds} s`,
    `${l.pastRatioToReport}x (goal <= 1)`,
  );
  row("", "", `bare fold, same date: ${l.pastFoldSeconds} s`, `${l.pastRatioToFold}x`);
  row("/loans past date, later", `p50 ${lp.p50} ms p95 ${lp.p95}`, "", "goal p50 <= 50 ms");
  const acc = r.accrual as Record<string, number | string>;
  row(
    `daily accrual, ${acc.loans} loans`,
    `${acc.seconds} s, ${acc.eventsPerSecond} events/s`,
    `INSERT, same table: ${acc.sameTableInsertSeconds} s`,
    `${acc.ratio}x (goal <= 3)`,
  );
  row("", "", `into an empty copy: ${acc.copyTableInsertSeconds} s`, `${acc.ratioCopyTable}x`);
  row(
    "",
    "",
    `INSERT found in the book: ${acc.plainInsertFromBookSeconds} s`,
    `${acc.ratioFromBook}x`,
  );
  console.log("plans:");
  for (const [k, v] of Object.entries(r.plans as Record<string, string>))
    console.log(`  ${k}: ${v.slice(0, 160)}`);
}

await main();
