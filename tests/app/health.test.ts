/**
 * Liveness and readiness (issue 14: `/api/health` answered 200 while every
 * database request failed). /api/health never touches the database;
 * /api/health/ready answers 503 as soon as the database does not answer
 * `select 1` within 1.5 s, and 200 again once it does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as ready } from "../../app/api/health/ready/route";
import { GET as live } from "../../app/api/health/route";
import type { DatabaseHandle } from "../../db/client";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const globalForDb = globalThis as unknown as {
  loanReplayDb?: Promise<DatabaseHandle>;
  loanReplayDemo?: { state: string; done: number; total: number };
};

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  globalForDb.loanReplayDemo = { state: "disabled", done: 0, total: 0 };
});
afterAll(async () => {
  globalForDb.loanReplayDb = undefined;
  globalForDb.loanReplayDemo = undefined;
  await t?.destroy();
});

describe("health checks", () => {
  it("readiness: 200 while the database answers", async () => {
    globalForDb.loanReplayDb = Promise.resolve(t);
    const response = await ready();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ready", database: t.engine });
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("readiness: 503 with the reason when the database does not answer in 1.5 s", async () => {
    // The handle's ping gives up after the timeout it is given (db/client.ts;
    // tests/db/connection-healing.test.ts times it against a server that is down).
    let asked: number | undefined;
    const silent: DatabaseHandle = {
      ...t,
      ping: async (ms) => {
        asked = ms;
        throw new Error(`the database did not answer within ${ms} ms`);
      },
    };
    globalForDb.loanReplayDb = Promise.resolve(silent);
    const response = await ready();
    expect(asked).toBe(1_500);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: "database unavailable",
      error: "the database did not answer within 1500 ms",
    });
  });

  it("readiness: 503 while the demo portfolio is still loading", async () => {
    globalForDb.loanReplayDb = Promise.resolve(t);
    globalForDb.loanReplayDemo = { state: "seeding", done: 3, total: 16 };
    const response = await ready();
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: "seeding" });
    globalForDb.loanReplayDemo = { state: "disabled", done: 0, total: 0 };
  });

  it("liveness: 200 without asking the database, even when it cannot be opened", async () => {
    globalForDb.loanReplayDb = new Promise(() => {});
    const response = live();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "alive" });
  });
});
