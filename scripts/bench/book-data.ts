/**
 * The benchmark book (scripts/bench/book.ts, scripts/bench/due.ts): valid
 * events written in bulk by SQL into a scratch database, and the helpers the
 * benchmarks share.
 */
import { sql } from "drizzle-orm";
import postgres from "postgres";
import type { DatabaseHandle } from "../../db/client";
import { rebuildProjections } from "../../db/event-store/projection";
import { sealEvents } from "../../db/event-store/seal";
import { rebuildSnapshots } from "../../db/services/snapshots";

/** Loan 1's history: ten years of daily accruals (the loan page's and the due benchmark's big loan). */
export const BIG = 3700;
export const START = "2016-01-01";

/** postgres.js returns rows as the result; PGlite returns { rows }. */
export function rowsOf(result: unknown): unknown[] {
  return Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? []);
}

export function addDaysSql(days: number): string {
  const d = new Date(`${START}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function progress(text: string) {
  if (process.stderr.isTTY) process.stderr.write(`\r${text}   `);
}

/**
 * A reused book after migrations: caches a migration left without what the
 * code now reads (projections missing, or without a due basis or a seal;
 * snapshots without either: a read does not serve an unsealed cache) are
 * rebuilt, timed.
 */
export async function refreshBookCaches(handle: DatabaseHandle): Promise<Record<string, unknown>> {
  const [{ projections, snapshots }] = rowsOf(
    await handle.db.execute(sql`
      select (select count(*)::int from loans l where not exists (
                select 1 from loan_projections p
                where p.loan_id = l.id and p.due_basis is not null and p.seal is not null)
             ) as projections,
             (select count(*)::int from loan_snapshots where due_basis is null or seal is null)
               as snapshots`),
  ) as [{ projections: number; snapshots: number }];
  const out: Record<string, unknown> = { reused: true };
  // A book generated before the chain was signed: signed once (appends refuse an unsigned head).
  const sealed = await sealBook(handle);
  if (sealed) out.sealedSeconds = sealed;
  if (snapshots > 0) {
    const t = performance.now();
    await rebuildSnapshots({
      db: handle.db,
      onProgress: (d, n) => progress(`snapshots ${d}/${n}`),
    });
    out.snapshotsRebuiltSeconds = Math.round((performance.now() - t) / 10) / 100;
  }
  if (projections > 0) {
    const t = performance.now();
    await rebuildProjections({
      db: handle.db,
      onProgress: (d, n) => progress(`projections ${d}/${n}`),
    });
    out.projectionsRebuiltSeconds = Math.round((performance.now() - t) / 10) / 100;
  }
  return out;
}

/**
 * Sign the book's rows loaded by SQL (`cli seal`'s batched path, a few loans
 * per transaction so a 1,000-event loan's rows stay small in memory): appends
 * refuse a loan whose last event is not signed. Seconds taken, 0 when nothing
 * was unsigned.
 */
export async function sealBook(handle: DatabaseHandle): Promise<number> {
  const t = performance.now();
  let n = 0;
  const { sealed } = await sealEvents(handle.db, {
    batchSize: 20,
    onSealed: () => {
      if (++n % 100_000 === 0) progress(`sealed ${n} events`);
    },
  });
  return sealed === 0 ? 0 : Math.round((performance.now() - t) / 10) / 100;
}

/** Has the book in this database been generated to the end (its bench_meta row)? */
export async function isComplete(url: string) {
  const c = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await c`select complete from bench_meta limit 1`;
    return rows[0]?.complete === true;
  } catch {
    return false;
  } finally {
    await c.end();
  }
}

/** Valid events in bulk: accruals of 11.000000 a day, a payment of 400.00 (300 interest, 100 principal) every 30th day. */
export async function generateBook(h: DatabaseHandle, LOANS: number, EPL: number) {
  const db = h.db;
  await db.execute(
    sql`insert into borrowers (name) select 'Book borrower ' || g from generate_series(1, ${LOANS}::int) g`,
  );
  await db.execute(
    sql`insert into loans (loan_number, borrower_id) select 'LN-' || lpad(g::text, 6, '0'), g from generate_series(1, ${LOANS}::int) g`,
  );
  for (let from = 1; from <= LOANS; from += 500) {
    const to = Math.min(LOANS, from + 499);
    await db.execute(sql`
      insert into loan_events (loan_id, sequence_number, event_type, event_data, effective_date, recorded_at, recorded_by)
      select l.id, s.seq,
        (case when s.seq = 1 then 'origination' when s.seq = 2 then 'disbursement'
              when s.seq % 30 = 0 then 'payment' else 'interest_accrual' end)::event_type,
        case when s.seq = 1 then jsonb_build_object('principal', '100000.00', 'annualRate', '0.0400', 'termMonths', 360,
                 'dayCount', 'actual/365', 'firstPaymentDate', '2016-02-01', 'paymentAmount', '477.42')
             when s.seq = 2 then jsonb_build_object('amount', '100000.00', 'method', 'wire')
             when s.seq % 30 = 0 then jsonb_build_object('amount', '400.00', 'method', 'ach',
                 'allocation', jsonb_build_object('fees', '0.00', 'interest', '300.00', 'principal', '100.00', 'unapplied', '0.00'))
             else jsonb_build_object('amount', '11.000000', 'rate', '0.0400', 'dayCount', 'actual/365', 'days', 1, 'principalBasis', '100000.00') end,
        ${START}::date + greatest(s.seq - 2, 0),
        (${START}::date + greatest(s.seq - 2, 0))::timestamptz + s.seq * interval '1 second',
        'bench'
      from loans l
      cross join lateral generate_series(1, case when l.id = 1 then ${BIG}::int else ${EPL}::int end) as s(seq)
      where l.id between ${from}::int and ${to}::int`);
    progress(`generated ${to}/${LOANS} loans`);
  }
  await sealBook(h);
  if (process.stderr.isTTY) process.stderr.write("\n");
}
