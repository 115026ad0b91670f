import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PARTITIONS, partitionOf } from "../../db/event-store/partitions";
import { rowsOf } from "../../db/jobs/runs";
import { accrueInterest } from "../../db/services/accrue";
import { rebuildSnapshots } from "../../db/services/snapshots";
import { fixedClock, givenLoan } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

// Migration 0018: the event store and its caches hash-partitioned by loan_id.
const TABLES = ["loan_events", "loan_snapshots", "loan_projections"] as const;
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  for (let i = 0; i < 5; i++) await givenLoan(t.db);
  await accrueInterest({
    db: t.db,
    actor: "test:accrual",
    clock: fixedClock("2025-04-01T12:00:00.000Z"),
    through: "2025-03-05",
  });
  await rebuildSnapshots({ db: t.db });
});
afterAll(async () => t?.destroy());

async function plan(query: ReturnType<typeof sql>): Promise<string> {
  return rowsOf<Record<string, string>>(await t.db.execute(sql`explain ${query}`))
    .map((r) => Object.values(r)[0])
    .join("\n");
}

/** The database's message for a refused statement (drizzle wraps it as the cause). */
async function refusal(query: ReturnType<typeof sql>): Promise<string> {
  try {
    await t.db.execute(query);
    return "not refused";
  } catch (e) {
    const err = e as { message: string; cause?: { message?: string } };
    return err.cause?.message ?? err.message;
  }
}

describe("hash partitions by loan_id", () => {
  it("16 partitions per table, and loan_id in every unique key", async () => {
    for (const table of TABLES) {
      const parts = rowsOf<{ name: string; bound: string }>(
        await t.db.execute(sql`
          select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound
          from pg_inherits i join pg_class c on c.oid = i.inhrelid
          where i.inhparent = ${table}::regclass order by c.relname`),
      );
      expect(parts).toHaveLength(16);
      expect(parts[3]).toEqual({
        name: `${table}_p03`,
        bound: "FOR VALUES WITH (modulus 16, remainder 3)",
      });
      const uniques = rowsOf<{ name: string; has_loan_id: boolean }>(
        await t.db.execute(sql`
          select ic.relname as name,
                 (select attnum from pg_attribute where attrelid = x.indrelid and attname = 'loan_id')
                   = any(x.indkey::int2[]) as has_loan_id
          from pg_index x join pg_class ic on ic.oid = x.indexrelid
          where x.indrelid = ${table}::regclass and x.indisunique`),
      );
      expect(uniques.length).toBeGreaterThan(0);
      for (const u of uniques) expect(u, u.name).toMatchObject({ has_loan_id: true });
    }
  });

  it("a loan's reads touch one partition (EXPLAIN shows the others pruned)", async () => {
    const [loan] = rowsOf<{ id: number }>(
      await t.db.execute(sql`select id from loans order by id limit 1 offset 2`),
    );
    const id = Number(loan?.id);
    const [{ part }] = rowsOf<{ part: string }>(
      await t.db.execute(
        sql`select distinct tableoid::regclass::text as part from loan_events where loan_id = ${id}`,
      ),
    ) as [{ part: string }];
    expect(part).toMatch(/^loan_events_p\d\d$/);
    const queries = {
      loan_events: sql`select * from loan_events where loan_id = ${id} order by sequence_number`,
      loan_snapshots: sql`select * from loan_snapshots where loan_id = ${id} and as_of_date <= '2025-03-01' order by as_of_date desc limit 1`,
      loan_projections: sql`select * from loan_projections where loan_id = ${id}`,
    };
    for (const table of TABLES) {
      const text = await plan(queries[table]);
      const scanned = new Set(text.match(new RegExp(`${table}_p\\d\\d`, "g")) ?? []);
      // One partition, the one hashing says (same remainder for every table).
      expect([...scanned], `${table}:\n${text}`).toEqual([`${table}_${part.slice(-3)}`]);
    }
    // Without the loan, every partition is read.
    const all = await plan(
      sql`select count(*) from loan_events where effective_date = '2025-02-01'`,
    );
    expect(new Set(all.match(/loan_events_p\d\d/g)).size).toBe(16);
  });

  it("partitionOf names the partition Postgres hashes a loan id to", async () => {
    // Every id up to 2,000, around 2^31 and 2^32 (where the bigint folds to
    // 32 bits), and the largest safe integer: all checked by the database.
    const ids = [
      ...Array.from({ length: 2000 }, (_, i) => i + 1),
      2 ** 31 - 1,
      2 ** 31,
      2 ** 32 - 1,
      2 ** 32,
      2 ** 32 + 1,
      2 ** 40 + 12345,
      Number.MAX_SAFE_INTEGER,
    ];
    const given = ids.map((id) => ({ id, remainder: Number(partitionOf(id).slice(1)) }));
    const [{ agree }] = rowsOf<{ agree: number | string }>(
      await t.db.execute(sql`
        select count(*) filter (where satisfies_hash_partition('loan_events'::regclass, ${PARTITIONS}, g.remainder, g.id)) as agree
        from jsonb_to_recordset(${JSON.stringify(given)}::jsonb) as g(id bigint, remainder int)`),
    ) as [{ agree: number | string }];
    expect(Number(agree)).toBe(ids.length);
    // And the rows of a real loan are where it says.
    const [row] = rowsOf<{ loan_id: number | string; part: string }>(
      await t.db.execute(
        sql`select loan_id, tableoid::regclass::text as part from loan_events order by loan_id desc limit 1`,
      ),
    );
    expect(row?.part).toBe(`loan_events_${partitionOf(Number(row?.loan_id))}`);
  });

  it("still append-only: a partition can be neither changed nor truncated on its own", async () => {
    const [{ part }] = rowsOf<{ part: string }>(
      await t.db.execute(sql`select tableoid::regclass::text as part from loan_events limit 1`),
    ) as [{ part: string }];
    expect(await refusal(sql.raw(`truncate ${part}`))).toMatch(/append-only/);
    expect(await refusal(sql.raw(`update ${part} set recorded_by = 'x'`))).toMatch(/append-only/);
    expect(await refusal(sql.raw(`delete from ${part}`))).toMatch(/append-only/);
    expect(await refusal(sql`truncate loan_events`)).toMatch(/append-only/);
  });
});
