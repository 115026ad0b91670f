/**
 * Accrual benchmark (issue 4): the daily accrual job for N loans on the
 * Postgres server, next to a baseline in the same run that inserts the same
 * number of rows with plain multi-row INSERTs (1,000 rows a statement, the
 * same chunking the job uses) through the same driver.
 *
 *   DATABASE_URL=postgres://... npx tsx scripts/bench/accrual.ts [--loans 10000] [--days 1]
 *
 * Works in a scratch database (<name>_bench) created and dropped by the run.
 */
import { parseArgs } from "node:util";
import postgres from "postgres";
import { openDatabase } from "../../db/client";
import { sealEvents } from "../../db/event-store/seal";
import { accrueInterest } from "../../db/services/accrue";
import { addDays } from "../../lib/dates";

const { values } = parseArgs({
  options: {
    loans: { type: "string", default: "10000" },
    days: { type: "string", default: "1" },
    json: { type: "boolean" },
  },
});
const LOANS = Number(values.loans);
const DAYS = Number(values.days);
const START = "2025-01-01";

async function main() {
  const base = process.env.DATABASE_URL;
  if (!base) {
    console.error("error: the accrual benchmark needs DATABASE_URL (a Postgres server)");
    process.exit(2);
  }
  const url = new URL(base);
  const name = `${url.pathname.slice(1) || "postgres"}_bench`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    await generateBook(sql);
    // The book is loaded by SQL: its rows are signed once, as `cli seal` would
    // (appends refuse a loan whose last event does not verify).
    await sealEvents(handle.db);
    const through = addDays(START, DAYS - 1);

    const t0 = performance.now();
    const result = await accrueInterest({ db: handle.db, actor: "bench:accrual", through });
    const accrualMs = performance.now() - t0;

    const baselineMs = await baselineInsert(sql, result.eventsAppended);
    const report = {
      loans: LOANS,
      days: DAYS,
      events: result.eventsAppended,
      accrualSeconds: +(accrualMs / 1000).toFixed(3),
      accrualEventsPerSecond: Math.round(result.eventsAppended / (accrualMs / 1000)),
      baselineSeconds: +(baselineMs / 1000).toFixed(3),
      baselineRowsPerSecond: Math.round(result.eventsAppended / (baselineMs / 1000)),
      ratio: +(accrualMs / baselineMs).toFixed(2),
      goal: "ratio <= 2",
    };
    if (values.json) console.log(JSON.stringify(report, null, 2));
    else {
      console.log(`accrual job, ${LOANS} loans x ${DAYS} day(s) on Postgres`);
      console.log(
        `  accrual   ${report.accrualSeconds.toFixed(2)} s  ${report.accrualEventsPerSecond} events/s`,
      );
      console.log(
        `  baseline  ${report.baselineSeconds.toFixed(2)} s  ${report.baselineRowsPerSecond} rows/s (plain multi-row INSERT)`,
      );
      console.log(`  ratio     ${report.ratio}x (goal <= 2x)`);
    }
  } finally {
    await sql.end();
    await handle.close();
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

/** N loans, each originated and disbursed on START: valid events written in bulk. */
async function generateBook(sql: postgres.Sql) {
  await sql`INSERT INTO borrowers (name) SELECT 'Bench borrower ' || g FROM generate_series(1, ${LOANS}) g`;
  await sql`INSERT INTO loans (loan_number, borrower_id) SELECT 'LN-' || lpad(g::text, 6, '0'), g FROM generate_series(1, ${LOANS}) g`;
  await sql`
    INSERT INTO loan_events (loan_id, sequence_number, event_type, event_data, effective_date, recorded_at, recorded_by)
    SELECT l.id, 1, 'origination', jsonb_build_object(
      'principal', (5000 + (l.id % 50) * 1000)::text || '.00', 'annualRate', '0.0650', 'termMonths', 60,
      'dayCount', 'actual/365', 'firstPaymentDate', '2025-02-01', 'paymentAmount', '100.00'),
      ${START}, '2025-01-01T09:00:00Z', 'bench'
    FROM loans l`;
  await sql`
    INSERT INTO loan_events (loan_id, sequence_number, event_type, event_data, effective_date, recorded_at, recorded_by)
    SELECT l.id, 2, 'disbursement', jsonb_build_object('amount', (5000 + (l.id % 50) * 1000)::text || '.00', 'method', 'ach'),
      ${START}, '2025-01-01T09:00:01Z', 'bench'
    FROM loans l`;
  await sql`ANALYZE`;
}

/** The same number of rows, same shape, inserted 1,000 per statement into a copy of the table. */
async function baselineInsert(sql: postgres.Sql, rows: number): Promise<number> {
  await sql`CREATE TABLE loan_events_baseline (LIKE loan_events INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS INCLUDING INDEXES)`;
  const payload = {
    amount: "1.780822",
    rate: "0.0650",
    dayCount: "actual/365",
    days: 1,
    principalBasis: "10000.00",
  };
  const all = Array.from({ length: rows }, (_, i) => ({
    loan_id: (i % LOANS) + 1,
    sequence_number: 3 + Math.floor(i / LOANS),
    event_type: "interest_accrual",
    event_data: payload,
    effective_date: START,
    recorded_at: new Date().toISOString(),
    recorded_by: "bench:baseline",
  }));
  const t0 = performance.now();
  for (let i = 0; i < all.length; i += 1000) {
    await sql`INSERT INTO loan_events_baseline ${sql(all.slice(i, i + 1000))}`;
  }
  return performance.now() - t0;
}

await main();
