import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchRuns } from "../../db/schema";
import { runCli } from "../helpers/cli";
import { eventCount, givenLoan } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  for (let i = 0; i < 3; i++) await givenLoan(t.db);
});
afterAll(async () => t?.destroy());

describe("cli nightly", () => {
  it("runs the nightly batch here in shards, once per night", async () => {
    const first = await runCli(["nightly", "--through", "2025-01-10", "--shards", "2"], {
      db: t.db,
    });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      run: "nightly:2025-01-10",
      shards: 2,
      loansScanned: 3,
      loansAccrued: 3,
      eventsAppended: 30,
    });
    expect(JSON.parse(first.stdout).finishedAt).not.toBeNull();
    const events = await eventCount(t.db);
    // The same night again: finished, nothing runs, nothing is appended.
    const again = await runCli(["nightly", "--through", "2025-01-10"], { db: t.db });
    expect(JSON.parse(again.stdout)).toMatchObject({
      run: "nightly:2025-01-10",
      eventsAppended: 30,
    });
    expect(await eventCount(t.db)).toBe(events);
  });

  it("refuses a bad shard count and --enqueue without a server", async () => {
    const bad = await runCli(["nightly", "--shards", "0"], { db: t.db });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--shards must be a whole number/);
    const noServer = await runCli(["nightly", "--enqueue"], {
      db: t.db,
      env: { ...process.env, DATABASE_URL: "" },
    });
    expect(noServer.code).toBe(2);
    expect(noServer.stderr).toMatch(/--enqueue needs DATABASE_URL/);
  });

  it("refuses a night after the business date, a day that does not exist and '1e2' shards, recording no run", async () => {
    const runs = async () => (await t.db.select({ n: count() }).from(batchRuns))[0]?.n ?? 0;
    const runsBefore = await runs();
    const eventsBefore = await eventCount(t.db);
    const future = await runCli(["nightly", "--through", "2999-01-01"], { db: t.db });
    expect(future.code).not.toBe(0);
    expect(future.stderr).toMatch(/after the business date/);
    const impossible = await runCli(["nightly", "--through", "2025-02-30"], { db: t.db });
    expect(impossible.code).not.toBe(0);
    expect(impossible.stderr).toMatch(/must be a real date/);
    const exponent = await runCli(["nightly", "--through", "2025-01-05", "--shards", "1e2"], {
      db: t.db,
    });
    expect(exponent.code).toBe(2);
    expect(exponent.stderr).toMatch(/--shards must be a whole number/);
    expect(await runs()).toBe(runsBefore);
    expect(await eventCount(t.db)).toBe(eventsBefore);
  });
});
