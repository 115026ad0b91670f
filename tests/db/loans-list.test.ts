/**
 * The loans list (db/queries/portfolio.ts) against per-loan replays: search
 * (accents, loan number forms), status filter, sort and paging in SQL, past
 * dates from the figures table (computed in batches under the worker lease),
 * invalidation of one loan's row by an append, missing projections, and two
 * app instances on one Postgres database.
 */
import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { insertUncheckedRows } from "../../db/event-store/append";
import { resultRows } from "../../db/event-store/rows";
import {
  type ListOptions,
  listPortfolioAsOf,
  type PortfolioPage,
  type PortfolioQuery,
  parseSearch,
} from "../../db/queries/portfolio";
import { loanListDates, loanListFigures, loanProjections, loans } from "../../db/schema";
import { assessFee, chargeOff, postPayment } from "../../db/services/servicing";
import { dueFromEvents } from "../../lib/due";
import { Dec } from "../../lib/money";
import { fixedClock, givenLoan, historyOf, stateOf, TEST_ACTOR } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
const numbers: string[] = [];
const clock = fixedClock("2026-01-15T12:00:00.000Z");
const write = { actor: TEST_ACTOR, clock };
/** Small batches so a handful of loans go through the worker path. */
const small: ListOptions = { inlineLimit: 2, batchSize: 3, pollMs: 20 };
const TODAY = "2026-01-15";
const PAST = "2025-03-15";

const NAMES = ["Anna Müller", "Grace Hopper", "José Núñez", "Seán O'Brien"];

beforeAll(async () => {
  t = await createTestDatabase();
  for (let i = 0; i < 14; i++) {
    const disbursed = i % 5 !== 4;
    numbers.push(
      await givenLoan(t.db, {
        borrower: { name: NAMES[i] ?? `Borrower ${String.fromCharCode(65 + i)}` },
        principal: `${5000 + ((i * 7919) % 13) * 1000}.00`,
        ...(disbursed ? {} : { disbursement: undefined }),
      }),
    );
  }
  const loan = (i: number) => numbers[i] as string;
  for (const i of [0, 1, 2, 3, 5, 6, 7]) {
    await postPayment({
      db: t.db,
      ...write,
      loanNumber: loan(i),
      amount: `${100 + i * 37}.00`,
      effectiveDate: "2025-02-01",
    });
  }
  for (const i of [1, 2, 6, 8, 10, 12]) {
    await postPayment({
      db: t.db,
      ...write,
      loanNumber: loan(i),
      amount: `${250 + i * 11}.50`,
      effectiveDate: "2025-04-01",
    });
  }
  await chargeOff({
    db: t.db,
    ...write,
    loanNumber: loan(3),
    effectiveDate: "2025-05-01",
    reason: "test",
  });
  await chargeOff({
    db: t.db,
    ...write,
    loanNumber: loan(11),
    effectiveDate: "2025-03-01",
    reason: "test",
  });
});
afterAll(async () => t?.destroy());

async function list(query: Partial<PortfolioQuery> & { asOf: string }, options: ListOptions = {}) {
  const page = await listPortfolioAsOf(t.db, { pageSize: 100, ...query }, options);
  expect(page.computing).toBeNull();
  return page;
}

/** Every loan replayed on its own, as the list must show it. */
async function replayed(asOf: string) {
  return Promise.all(
    numbers.map(async (loanNumber) => {
      const s = await stateOf(t.db, loanNumber, asOf);
      const history = await historyOf(t.db, loanNumber);
      const dates = history
        .map((e) => e.effectiveDate)
        .filter((d) => d <= asOf)
        .sort();
      const due = dueFromEvents(history, { asOf });
      return {
        loanNumber,
        status: s.status,
        principal: s.principal,
        interest: s.interest,
        fees: s.fees,
        totalOutstanding: s.totalOutstanding,
        daysPastDue: due.daysPastDue,
        bucket: due.bucket,
        lastEventDate: dates.at(-1) ?? null,
      };
    }),
  );
}

const figures = (page: PortfolioPage) =>
  page.rows
    .map(({ borrowerName: _, ...rest }) => rest)
    .sort((a, b) => (a.loanNumber < b.loanNumber ? -1 : 1));

async function figureRows(asOf: string) {
  return t.db
    .select({
      loanId: loanListFigures.loanId,
      throughSequence: loanListFigures.throughSequence,
      computedAt: loanListFigures.computedAt,
      fees: loanListFigures.fees,
    })
    .from(loanListFigures)
    .where(eq(loanListFigures.asOf, asOf))
    .orderBy(loanListFigures.loanId);
}

/**
 * A fee inserted without the append path (so its loan's projection is left
 * behind), the fees the projection showed before it, and the loan's id.
 */
async function feeAroundAppendPath(loanNumber: string, amount: string) {
  const [loan] = await t.db
    .select({ id: loans.id })
    .from(loans)
    .where(eq(loans.loanNumber, loanNumber));
  const [projection] = await t.db
    .select({ seq: loanProjections.throughSequence, fees: loanProjections.fees })
    .from(loanProjections)
    .where(eq(loanProjections.loanId, loan!.id));
  await t.db.transaction((tx) =>
    insertUncheckedRows(tx, [
      {
        loanId: loan!.id,
        sequenceNumber: projection!.seq + 1,
        eventType: "fee_assessment",
        eventData: { amount, feeType: "other" },
        effectiveDate: "2025-06-01",
        recordedAt: "2026-01-15T12:00:00.000Z",
        recordedBy: TEST_ACTOR,
      },
    ]),
  );
  return { loanId: loan!.id, feesBefore: new Dec(projection!.fees) };
}

describe("search", () => {
  it("reads loan numbers in every form and names as words", () => {
    for (const text of ["LN000013", "ln-13", "13", "000013", "LN 000013", " Ln-0013 "]) {
      expect(parseSearch(text)).toEqual({ kind: "number", value: "13" });
    }
    expect(parseSearch("")).toEqual({ kind: "all" });
    expect(parseSearch("  Müller,  anna ")).toEqual({ kind: "name", tsquery: "Muller:* & anna:*" });
    expect(parseSearch("O'Brien")).toEqual({ kind: "name", tsquery: "OBrien:*" });
    expect(parseSearch("!!!")).toEqual({ kind: "none" });
  });

  it('is accent- and case-insensitive: "muller" finds "Müller"', async () => {
    for (const text of ["muller", "MULLER", "Müller", "mül", "anna muller", "müller anna"]) {
      const page = await list({ asOf: TODAY, search: text });
      expect(
        page.rows.map((r) => r.borrowerName),
        text,
      ).toEqual(["Anna Müller"]);
    }
    expect(
      (await list({ asOf: TODAY, search: "nunez jose" })).rows.map((r) => r.borrowerName),
    ).toEqual(["José Núñez"]);
    expect((await list({ asOf: TODAY, search: "obrien" })).rows.map((r) => r.borrowerName)).toEqual(
      ["Seán O'Brien"],
    );
    expect((await list({ asOf: TODAY, search: "hOPPER" })).rows.map((r) => r.borrowerName)).toEqual(
      ["Grace Hopper"],
    );
    expect((await list({ asOf: TODAY, search: "borrower" })).total).toBe(10);
    expect((await list({ asOf: TODAY, search: "mullerx" })).rows).toEqual([]);
    expect((await list({ asOf: TODAY, search: "%_'" })).rows).toEqual([]);
  });

  it('"LN000013", "13" and "ln-13" find LN-000013 (today and for a past date)', async () => {
    expect(numbers[12]).toBe("LN-000013");
    for (const asOf of [TODAY, PAST]) {
      for (const text of ["LN000013", "13", "ln-13", "LN-000013", "000013"]) {
        const page = await list({ asOf, search: text });
        expect(
          page.rows.map((r) => r.loanNumber),
          `${asOf} ${text}`,
        ).toEqual(["LN-000013"]);
        expect(page.portfolioSize).toBe(14);
      }
    }
    expect((await list({ asOf: TODAY, search: "99" })).rows).toEqual([]);
  });
});

describe("today: SQL over the live projection", () => {
  it("equals every loan replayed, and computes no dated figures", async () => {
    const page = await list({ asOf: TODAY });
    expect(figures(page)).toEqual(await replayed(TODAY));
    expect(page.portfolioSize).toBe(14);
    const dates = await t.db.select().from(loanListDates).where(eq(loanListDates.asOf, TODAY));
    expect(dates).toEqual([]);
  });

  it("filters by status and sorts by total outstanding in the replay's order; pages cover it", async () => {
    for (const asOf of [TODAY, PAST]) {
      const expected = (await replayed(asOf))
        .filter((r) => r.status === "active")
        .sort(
          (a, b) =>
            new Dec(b.totalOutstanding).comparedTo(new Dec(a.totalOutstanding)) ||
            (a.loanNumber < b.loanNumber ? -1 : 1),
        )
        .map((r) => r.loanNumber);
      expect(expected.length).toBeGreaterThan(4);
      const all = await list({ asOf, status: "active", sort: "totalOutstanding", dir: "desc" });
      expect(all.rows.map((r) => r.loanNumber)).toEqual(expected);
      expect(all.total).toBe(expected.length);

      const paged: string[] = [];
      for (let page = 1; page <= Math.ceil(expected.length / 3); page++) {
        const p = await list({
          asOf,
          status: "active",
          sort: "totalOutstanding",
          dir: "desc",
          page,
          pageSize: 3,
        });
        expect(p).toMatchObject({ page, pageSize: 3, total: expected.length });
        paged.push(...p.rows.map((r) => r.loanNumber));
      }
      expect(paged).toEqual(expected);
      const beyond = await list({ asOf, status: "active", page: 99, pageSize: 3 });
      expect(beyond.page).toBe(Math.ceil(expected.length / 3));
    }
  });

  it("pages every money sort, both ways, in the replay's order (ties by loan number), with and without a bucket filter", async () => {
    // Read along the column's index up to the page's last row (pageEdge): the
    // undisbursed loans (every fifth) all tie at 0, so pages cut through ties.
    for (const asOf of [TODAY, PAST]) {
      const rows = await replayed(asOf);
      for (const sort of ["principal", "interest", "fees", "totalOutstanding"] as const) {
        for (const dir of ["asc", "desc"] as const) {
          for (const bucket of [null, "current"] as const) {
            const expected = rows
              .filter((r) => bucket === null || r.bucket === bucket)
              .sort(
                (a, b) =>
                  (dir === "asc" ? 1 : -1) * new Dec(a[sort]).comparedTo(new Dec(b[sort])) ||
                  (a.loanNumber < b.loanNumber ? -1 : 1),
              )
              .map((r) => r.loanNumber);
            const paged: string[] = [];
            for (let page = 1; page <= Math.ceil(expected.length / 4); page++) {
              const p = await list({ asOf, sort, dir, bucket, page, pageSize: 4 });
              paged.push(...p.rows.map((r) => r.loanNumber));
            }
            expect(paged, `${asOf} ${sort} ${dir} ${bucket}`).toEqual(expected);
          }
        }
      }
    }
  });

  it("counts statuses among the search matches; sorts by name and by date", async () => {
    const page = await list({ asOf: TODAY });
    const counts = (await replayed(TODAY)).reduce<Record<string, number>>((acc, r) => {
      acc[r.status] = (acc[r.status] ?? 0) + 1;
      return acc;
    }, {});
    expect(Object.fromEntries(Object.entries(page.statusCounts).filter(([, n]) => n > 0))).toEqual(
      counts,
    );
    const byName = await list({ asOf: TODAY, sort: "borrowerName" });
    const names = byName.rows.map((r) => r.borrowerName);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const byDate = await list({ asOf: PAST, sort: "lastEventDate", dir: "desc" });
    const dates = byDate.rows.map((r) => r.lastEventDate ?? "");
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it("rebuilds projections that are missing (loans never written since the migration)", async () => {
    const [one] = await t.db
      .select({ id: loans.id })
      .from(loans)
      .where(eq(loans.loanNumber, numbers[1] as string));
    await t.db.delete(loanProjections).where(eq(loanProjections.loanId, one!.id));
    expect(figures(await list({ asOf: TODAY }))).toEqual(await replayed(TODAY));
    // The whole book at once goes through the worker, a batch at a time.
    await t.db.delete(loanProjections);
    expect(figures(await list({ asOf: TODAY }, small))).toEqual(await replayed(TODAY));
    const [n] = await t.db.select({ n: sql<number>`count(*)::int` }).from(loanProjections);
    expect(n?.n).toBe(14);
  });

  it("notices events inserted around the append path (the projection is rebuilt)", async () => {
    const target = numbers[9] as string;
    await list({ asOf: TODAY }); // the check's high-water marks are stored
    await feeAroundAppendPath(target, "40.00");
    const page = await list({ asOf: TODAY, search: target });
    expect(page.rows[0]?.fees).toBe("40.00");
    expect(figures(await list({ asOf: TODAY }))).toEqual(await replayed(TODAY));
  });
});

describe("the periodic check of every loan", () => {
  it("goes a slice of loans per read once the interval has passed, and finds what the high-water marks cannot", async () => {
    const target = numbers[12] as string;
    await list({ asOf: TODAY });
    const { loanId, feesBefore } = await feeAroundAppendPath(target, "25.00");
    // As if the check had already read past this event (a transaction that committed late, below the mark).
    await t.db.execute(
      sql`update loan_list_coverage set event_id = (select max(id) from loan_events)`,
    );
    const slices: ListOptions = { sweepSlice: 3 };
    const fees = async () =>
      (await list({ asOf: TODAY, search: target }, slices)).rows[0]?.fees ?? "";
    expect(await fees()).toBe(feesBefore.toFixed(2)); // the marks cannot see it

    // The interval passes: a round starts, 3 loans a read, in id order.
    await t.db.execute(sql`update loan_list_coverage set swept_at = now() - interval '6 minutes'`);
    const [{ position, all } = { position: 0, all: 0 }] = await t.db
      .select({
        position: sql<number>`(count(*) filter (where ${loans.id} <= ${loanId}))::int`,
        all: sql<number>`count(*)::int`,
      })
      .from(loans);
    const foundOn = Math.ceil(position / 3); // the read whose slice holds the loan
    expect(foundOn).toBeGreaterThan(1);
    for (let read = 1; read < foundOn; read++) expect(await fees()).toBe(feesBefore.toFixed(2));
    expect(await fees()).toBe(feesBefore.plus("25.00").toFixed(2));

    // The rest of the round, then it is done: the cursor back at the start, not due again.
    for (let read = foundOn + 1; read <= Math.ceil(all / 3) + 1; read++) await fees();
    const [coverage] = resultRows<{ sweep_after: string; due: boolean }>(
      await t.db.execute(
        sql`select sweep_after::text, swept_at < now() - interval '5 minutes' as due from loan_list_coverage`,
      ),
    );
    expect(coverage).toEqual({ sweep_after: "0", due: false });
    expect(figures(await list({ asOf: TODAY }))).toEqual(await replayed(TODAY));
  });
});

describe("past dates: snapshots plus tails, stored per date", () => {
  it("equal every loan replayed as of the date", async () => {
    for (const asOf of ["2024-12-31", "2025-01-01", "2025-02-15", PAST, "2025-04-30"]) {
      expect(figures(await list({ asOf }, small)), asOf).toEqual(await replayed(asOf));
    }
    // Stored: one row per loan, each covering its loan's whole stream.
    const rows = await figureRows(PAST);
    expect(rows).toHaveLength(14);
  });

  it("an append invalidates that loan's figures for the date, and only that loan's", async () => {
    await list({ asOf: PAST }, small);
    const before = await figureRows(PAST);
    const target = numbers[1] as string;
    const [loan] = await t.db
      .select({ id: loans.id })
      .from(loans)
      .where(eq(loans.loanNumber, target));
    await assessFee({
      db: t.db,
      ...write,
      loanNumber: target,
      amount: "25.00",
      feeType: "other",
      effectiveDate: "2025-03-10",
    });

    // Stale now: its row covers fewer events than the loan has.
    const [projection] = await t.db
      .select({ seq: loanProjections.throughSequence })
      .from(loanProjections)
      .where(eq(loanProjections.loanId, loan!.id));
    const stale = before.find((r) => r.loanId === loan!.id);
    expect(stale!.throughSequence).toBeLessThan(projection!.seq);

    const page = await list({ asOf: PAST }, small);
    expect(figures(page)).toEqual(await replayed(PAST));
    expect(page.rows.find((r) => r.loanNumber === target)?.fees).not.toBe("0.00");
    const after = await figureRows(PAST);
    for (const row of after) {
      const old = before.find((r) => r.loanId === row.loanId);
      if (row.loanId === loan!.id) {
        expect(row.throughSequence).toBe(projection!.seq);
        expect(row.computedAt).not.toBe(old!.computedAt);
      } else {
        expect(row, `loan ${row.loanId}`).toEqual(old);
      }
    }
  });

  it("new dates requested together are computed one at a time; the others say so, then are served", async () => {
    const dates = [
      "2025-01-10",
      "2025-01-20",
      "2025-02-10",
      "2025-02-20",
      "2025-03-05",
      "2025-03-25",
    ];
    const first = await Promise.all(
      dates.map((asOf) =>
        listPortfolioAsOf(t.db, { asOf, pageSize: 100 }, { ...small, waitMs: 0 }),
      ),
    );
    const waiting = first.filter((p) => p.computing !== null);
    expect(first.length - waiting.length).toBeGreaterThanOrEqual(1);
    expect(waiting.length).toBeGreaterThan(0);
    for (const p of waiting) {
      expect(p.rows).toEqual([]);
      expect(p.computing?.total).toBe(14);
    }
    for (const asOf of dates) {
      let page = await listPortfolioAsOf(t.db, { asOf, pageSize: 100 }, small);
      for (let i = 0; page.computing && i < 50; i++) {
        page = await listPortfolioAsOf(t.db, { asOf, pageSize: 100 }, small);
      }
      expect(figures(page), asOf).toEqual(await replayed(asOf));
    }
  });

  it("analyzes the figures table only when a date's rows outnumber those its statistics describe", async () => {
    const known = async () =>
      Number(
        resultRows<{ n: number }>(
          await t.db.execute(
            sql`select reltuples::float8 as n from pg_class where oid = to_regclass('loan_list_figures')`,
          ),
        )[0]?.n,
      );
    const rowCount = async () => (await t.db.select({ n: count() }).from(loanListFigures))[0]?.n;
    const compute = async (asOf: string) => {
      let page = await list({ asOf }, small);
      for (let i = 0; page.computing && i < 50; i++) page = await list({ asOf }, small);
      expect(page.computing).toBeNull();
    };
    // Statistics that describe far more rows than one date adds (14 loans, most replayed):
    for (const asOf of ["2025-01-03", "2025-01-04", "2025-01-05"]) await compute(asOf);
    await t.db.execute(sql`analyze loan_list_figures`);
    const described = await known();
    expect(described).toBeGreaterThanOrEqual(3 * 14);
    await compute("2025-01-06");
    expect(await known()).toBe(described); // not analyzed again
    expect(await rowCount()).toBeGreaterThan(described);
    // Statistics of an empty table: the next date's rows outgrow them.
    await t.db.delete(loanListDates);
    await t.db.execute(sql`analyze loan_list_figures`);
    expect(await known()).toBe(0);
    await compute("2025-01-07");
    expect(await known()).toBe(await rowCount());
    expect(await known()).toBeGreaterThan(0);
  });

  it("refuses a date that is not one", async () => {
    await expect(listPortfolioAsOf(t.db, { asOf: "2025-02-30x" })).rejects.toMatchObject({
      code: "invalid_input",
    });
  });
});

describe("two app instances on one database", () => {
  it("see the same figures, and one sees the other's appends", async (ctx) => {
    if (!t.url) ctx.skip(); // PGlite is one process's database
    const other = await openDatabase({ url: t.url, migrate: false, maxConnections: 2 });
    try {
      const asOf = "2025-04-15";
      const [a, b] = await Promise.all([
        listPortfolioAsOf(t.db, { asOf, pageSize: 100 }, { ...small, waitMs: 10_000 }),
        listPortfolioAsOf(other.db, { asOf, pageSize: 100 }, { ...small, waitMs: 10_000 }),
      ]);
      expect(a.computing).toBeNull();
      expect(b).toEqual(a);
      expect(figures(a)).toEqual(await replayed(asOf));
      const computed = await figureRows(asOf);
      // The second instance reads what the first stored: nothing recomputed.
      expect(await listPortfolioAsOf(other.db, { asOf, pageSize: 100 })).toEqual(a);
      expect(await figureRows(asOf)).toEqual(computed);

      const target = numbers[6] as string;
      await postPayment({
        db: other.db,
        ...write,
        loanNumber: target,
        amount: "75.00",
        effectiveDate: "2025-04-10",
      });
      const seen = await listPortfolioAsOf(t.db, { asOf, pageSize: 100 });
      expect(figures(seen)).toEqual(await replayed(asOf));
      expect(seen.rows.find((r) => r.loanNumber === target)).not.toEqual(
        a.rows.find((r) => r.loanNumber === target),
      );
      const today = await listPortfolioAsOf(other.db, { asOf: TODAY, search: "13" });
      expect(today).toEqual(await listPortfolioAsOf(t.db, { asOf: TODAY, search: "13" }));
      const [date] = await t.db
        .select()
        .from(loanListDates)
        .where(and(eq(loanListDates.asOf, asOf)));
      expect(date).toBeDefined();
    } finally {
      await other.close();
    }
  });
});
