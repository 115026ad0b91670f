import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
});
