import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nightlyRunKey, nightlyThrough } from "../../db/jobs/nightly";
import { shardedReportResult } from "../../db/jobs/report";
import { readRun, rowsOf, shardsOf } from "../../db/jobs/runs";
import { runNightlyInline, runShardedReportInline } from "../../db/jobs/tasks";
import { computePortfolioReport } from "../../db/services/portfolio-report";
import { fixedClock, givenLoan } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

// The job functions run in-process (the PGlite path, and the same code the
// workers run on the server): the nightly batch over shards, a report fanned
// out over shards and merged.
let t: TestDatabase;
const clock = fixedClock("2025-02-20T23:00:00.000Z");
beforeAll(async () => {
  t = await createTestDatabase();
  for (let i = 0; i < 7; i++) {
    await givenLoan(t.db, {
      principal: `${10000 + i * 1000}.00`,
      annualRate: i % 2 ? "0.0600" : "0.0925",
      dayCount: i % 3 ? "actual/365" : "actual/360",
    });
  }
});
afterAll(async () => t?.destroy());

async function accrualDays() {
  return rowsOf<{ loan_id: number; days: number; distinct_days: number; last: string }>(
    await t.db.execute(sql`
      select loan_id, count(*)::int as days, count(distinct effective_date)::int as distinct_days,
             max(effective_date)::text as last
      from loan_events where event_type = 'interest_accrual' group by loan_id order by loan_id`),
  );
}

describe("nightly batch in shards (in-process)", () => {
  it("the day before the business date, or before a cron tick's date if earlier", () => {
    expect(nightlyThrough(clock)).toBe("2025-02-19");
    expect(nightlyThrough(clock, "2025-02-10T01:00:00.000Z")).toBe("2025-02-09");
    expect(nightlyThrough(clock, "2025-03-10T01:00:00.000Z")).toBe("2025-02-19");
  });

  it("accrues every loan every day once over 3 shards; a re-run appends nothing", async () => {
    await runNightlyInline({ db: t.db, clock, batchSize: 2, shards: 3 }, { through: "2025-01-31" });
    const run = await readRun(t.db, nightlyRunKey("2025-01-31"));
    expect(run?.finishedAt).not.toBeNull();
    expect(run?.result).toMatchObject({ loansScanned: 7, loansAccrued: 7, eventsAppended: 7 * 31 });
    const shards = await shardsOf(t.db, nightlyRunKey("2025-01-31"));
    expect(shards.map((s) => s.loans)).toEqual([3, 2, 2]);
    expect(shards.every((s) => s.doneAt && s.loansDone === s.loans)).toBe(true);
    const days = await accrualDays();
    expect(days).toHaveLength(7);
    for (const d of days)
      expect(d).toMatchObject({ days: 31, distinct_days: 31, last: "2025-01-31" });

    // The same night again: the run is finished, nothing is enqueued.
    await runNightlyInline({ db: t.db, clock, shards: 3 }, { through: "2025-01-31" });
    // A new run for the same days (another key) finds every day accrued in the database.
    await t.db.execute(sql`delete from batch_runs where key = ${nightlyRunKey("2025-01-31")}`);
    await runNightlyInline({ db: t.db, clock, shards: 2 }, { through: "2025-01-31" });
    expect((await readRun(t.db, nightlyRunKey("2025-01-31")))?.result).toMatchObject({
      loansScanned: 7,
      eventsAppended: 0,
    });
    expect(await accrualDays()).toEqual(days);
  });
});

describe("portfolio report fanned out over shards", () => {
  it("the merged report equals the single-process report", async () => {
    await runNightlyInline({ db: t.db, clock, shards: 4 }, { through: "2025-02-19" });
    const now = () => new Date("2025-02-20T12:00:00.000Z");
    for (const asOf of ["2025-01-15", "2025-02-19"]) {
      const single = await computePortfolioReport(t.db, { asOf, now });
      const key = await runShardedReportInline(
        { db: t.db, clock, batchSize: 2 },
        { asOf, now, shards: 3 },
      );
      const merged = await shardedReportResult(t.db, key);
      expect(merged).toEqual(JSON.parse(JSON.stringify(single)));
      expect(merged?.rows).toHaveLength(7);
    }
  });

  it("DATABASE_READ_URL: a replica that lacks the report's high-water mark is passed over for the primary", async () => {
    const lagging = await createTestDatabase();
    try {
      const now = () => new Date("2025-02-20T12:00:00.000Z");
      const asOf = "2025-02-10";
      const single = await computePortfolioReport(t.db, { asOf, now });
      const key = await runShardedReportInline(
        { db: t.db, readDb: lagging.db, clock },
        { asOf, now, shards: 2 },
      );
      expect(await shardedReportResult(t.db, key)).toEqual(JSON.parse(JSON.stringify(single)));
    } finally {
      await lagging.destroy();
    }
  });
});
