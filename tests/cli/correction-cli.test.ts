/**
 * `append` posts a correction with its restatement when the event is
 * backdated; with `--preview` it prints what would be appended and what would
 * change, and writes nothing (DOMAIN.md, command line contract). Figures as in
 * tests/db/corrections.test.ts: 12,000.00 at 6 % actual/365 from 2025-01-01,
 * a 500.00 payment on 2025-02-01, then a 1,000.00 payment received 2025-01-15.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli";
import { eventCount, givenLoan } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
let loan: string;
const env = {
  ...process.env,
  LOAN_REPLAY_ACTOR: "cli:servicer",
  LOAN_REPLAY_BUSINESS_DATE: "2025-03-15",
};
const cli = (...args: string[]) => runCli(args, { db: t.db, env });

beforeAll(async () => {
  t = await createTestDatabase();
  loan = await givenLoan(t.db);
  expect((await cli("accrue", "--loan", loan, "--through", "2025-01-31")).code).toBe(0);
  const paid = await cli(
    "append",
    "--loan",
    loan,
    "--type",
    "payment",
    "--effective",
    "2025-02-01",
    "--data",
    '{"amount":"500.00"}',
  );
  expect(paid.code, paid.stderr).toBe(0);
  expect((await cli("accrue", "--loan", loan, "--through", "2025-02-10")).code).toBe(0);
});
afterAll(async () => t?.destroy());

const correction = (...extra: string[]) =>
  cli(
    "append",
    "--loan",
    loan,
    "--type",
    "payment",
    "--effective",
    "2025-01-15",
    "--data",
    '{"amount":"1000.00"}',
    ...extra,
  );

describe("cli append with a backdated payment", () => {
  it("--preview prints the restatement and the changed figures, and writes nothing", async () => {
    const before = await eventCount(t.db, loan);
    const { code, stdout, stderr } = await correction("--preview");
    expect(code, stderr).toBe(0);
    const preview = JSON.parse(stdout);
    expect(await eventCount(t.db, loan)).toBe(before);
    expect(preview.lastSequence).toBe(before);
    // 1 reversal + 27 adjustments + the payment + the re-applied payment.
    expect(preview.events).toHaveLength(30);
    expect(preview.restatement).toMatchObject({ reappliedPayments: [34], adjustedAccrualDays: 27 });
    const today = preview.figures.find((f: { kind: string }) => f.kind === "today");
    expect(today.changes).toContainEqual({
      field: "principal",
      before: "11561.15",
      after: "10558.43",
    });
  });

  it("without --preview posts the correction with its restatement", async () => {
    const before = await eventCount(t.db, loan);
    const { code, stdout, stderr } = await correction("--expected-sequence", String(before));
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.appended).toHaveLength(30);
    expect(result.restatement).toMatchObject({ cause: before + 29, reappliedPayments: [34] });
    expect(await eventCount(t.db, loan)).toBe(before + 30);
  });

  it("--preview of an event appended as given is a one-line error", async () => {
    const { code, stdout, stderr } = await cli(
      "append",
      "--loan",
      loan,
      "--type",
      "deferment",
      "--effective",
      "2025-03-01",
      "--data",
      '{"periods":1,"interestTreatment":"accrue"}',
      "--preview",
    );
    expect(code).not.toBe(0);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/--preview works for a payment without an allocation/);
  });
});
