import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { runCli } from "../helpers/cli";
import { eventCount } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

// The writing commands honour the business date: LOAN_REPLAY_BUSINESS_DATE (in
// the process environment, like DATABASE_URL) sets it for every command.
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.destroy());
beforeEach(() => {
  vi.stubEnv("LOAN_REPLAY_BUSINESS_DATE", "2026-01-15");
});
afterEach(() => {
  vi.unstubAllEnvs();
});

async function cli(...args: string[]) {
  const r = await runCli(args, {
    db: t.db,
    // On a server, accrue keeps two batches in flight.
    engine: t.engine,
    env: { ...process.env, LOAN_REPLAY_ACTOR: "cli:test" },
  });
  return { code: r.code, out: r.stdout, err: r.stderr.trim() };
}

describe("the business date on the command line", () => {
  it("accrue --through after the business date is refused, writing nothing; unset it is the day before", async () => {
    const created = await cli(
      "create-loan",
      "--borrower",
      "Jane Doe",
      "--principal",
      "10000.00",
      "--rate",
      "0.0650",
      "--term",
      "36",
      "--day-count",
      "actual/365",
      "--first-payment",
      "2026-02-01",
      "--disbursed-on",
      "2026-01-01",
    );
    expect(created.code).toBe(0);
    const before = await eventCount(t.db);

    const future = await cli("accrue", "--through", "2026-01-16");
    expect(future).toMatchObject({
      code: 1,
      out: "",
      err: "error: Accrual through 2026-01-16 is after the business date 2026-01-15; interest never accrues ahead of the business date.",
    });
    expect(await eventCount(t.db)).toBe(before);

    const far = await cli("accrue", "--through", "2199-12-31");
    expect(far.code).toBe(1);
    expect(far.err).toMatch(/after the business date 2026-01-15/);
    expect(await eventCount(t.db)).toBe(before);

    const byDefault = await cli("accrue");
    expect(byDefault.code).toBe(0);
    // Jan 1 .. Jan 14: 14 accruals.
    expect(JSON.parse(byDefault.out)).toMatchObject({ through: "2026-01-14", eventsAppended: 14 });
  });

  it("append and create-loan refuse an effective date after it", async () => {
    const before = await eventCount(t.db);
    const paid = await cli(
      "append",
      "--loan",
      "LN-000001",
      "--type",
      "payment",
      "--effective",
      "2026-01-20",
      "--data",
      '{"amount":"100.00"}',
    );
    expect(paid).toMatchObject({
      code: 1,
      err: "error: Payment effective 2026-01-20 is after the business date 2026-01-15; events cannot take effect in the future.",
    });
    const created = await cli(
      "create-loan",
      "--borrower",
      "Later",
      "--principal",
      "1000.00",
      "--rate",
      "0.05",
      "--term",
      "12",
      "--day-count",
      "30/360",
      "--first-payment",
      "2026-03-01",
      "--disbursed-on",
      "2026-02-01",
    );
    expect(created.code).toBe(1);
    expect(created.err).toMatch(
      /^error: Origination effective 2026-02-01 is after the business date 2026-01-15;/,
    );
    expect(await eventCount(t.db)).toBe(before);
  });

  it("seed --through after it is refused", async () => {
    const seeded = await cli("seed", "--loans", "1", "--through", "2026-02-01");
    expect(seeded).toMatchObject({
      code: 1,
      err: "error: Seed through 2026-02-01 is after the business date 2026-01-15; nothing is generated in the future.",
    });
  });

  it("an invalid LOAN_REPLAY_BUSINESS_DATE is an error naming it", async () => {
    vi.stubEnv("LOAN_REPLAY_BUSINESS_DATE", "15/01/2026");
    const r = await cli("accrue");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^error: Invalid environment: LOAN_REPLAY_BUSINESS_DATE: must be a real date/,
    );
  });
});
