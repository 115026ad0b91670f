import { asc, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readStream as loadHistory } from "../../db/event-store";
import { loans } from "../../db/schema";
import { seedPortfolio } from "../../db/seed/portfolio";
import { buildEvidenceBundle } from "../../db/services/evidence";
import {
  compareWithNow,
  computePortfolioReport,
  getSavedReport,
  listSavedReports,
  reportCsv,
  saveReport,
} from "../../db/services/portfolio-report";
import { assessFee } from "../../db/services/servicing";
import { rebuildSnapshots } from "../../db/services/snapshots";
import { Dec } from "../../lib/money";
import { replay } from "../../lib/replay/replay";
import { fixedClock } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const AS_OF = "2026-03-31";
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedPortfolio({ db: t.db, loans: 9, years: 2, seed: 3, through: "2026-06-30" });
  await rebuildSnapshots({ db: t.db });
}, 300_000);
afterAll(async () => t?.destroy());

describe("portfolio report as of a reporting date", () => {
  it("totals exactly the sum of the per-loan replays, by status and overall", async () => {
    const report = await computePortfolioReport(t.db, { asOf: AS_OF });
    const all = await t.db.select().from(loans).orderBy(asc(loans.loanNumber));
    const states = await Promise.all(
      all.map(
        async (l) =>
          replay(await loadHistory(t.db, l.id), AS_OF, { knownAt: report.knownAt }).state,
      ),
    );
    expect(
      report.rows.map((r) => [r.loanNumber, r.status, r.principal, r.interest, r.fees]),
    ).toEqual(
      all.map((l, i) => [
        l.loanNumber,
        states[i]!.status,
        states[i]!.principal,
        states[i]!.interest,
        states[i]!.fees,
      ]),
    );
    const sum = (f: (s: (typeof states)[number]) => string) =>
      states.reduce((a, s) => a.plus(f(s)), new Dec(0));
    expect(new Dec(report.grandTotal.totalOutstanding).equals(sum((s) => s.totalOutstanding))).toBe(
      true,
    );
    expect(new Dec(report.grandTotal.chargedOff).equals(sum((s) => s.totals.chargedOff))).toBe(
      true,
    );
    expect(report.grandTotal.count).toBe(9);
    expect(report.totals.reduce((n, s) => n + s.count, 0)).toBe(9);
    for (const bucket of report.totals) {
      const mine = states.filter((s) => s.status === bucket.status);
      expect(
        new Dec(bucket.principal).equals(mine.reduce((a, s) => a.plus(s.principal), new Dec(0))),
      ).toBe(true);
    }
    expect(report.engineVersion).toMatch(/^loan-replay /);
    expect(report.highWaterMark.eventId).toBeGreaterThan(0);
    const csv = reportCsv(report);
    expect(csv[0]).toBe(
      "loan_number,borrower,status,principal,interest,fees,total_outstanding,charged_off,days_past_due,bucket\r\n",
    );
    // Header, the loans, one AGING row per delinquency bucket, the totals.
    expect(csv).toHaveLength(1 + 9 + 6 + report.totals.length + 1);
  });

  it("a saved report re-run after a backdated event lists that loan as changed, with the event", async () => {
    const filed = await computePortfolioReport(t.db, { asOf: AS_OF });
    const id = await saveReport(t.db, filed, "auditor:test");
    expect((await listSavedReports(t.db))[0]).toMatchObject({
      id,
      asOf: AS_OF,
      generatedBy: "auditor:test",
      loans: 9,
    });
    expect((await getSavedReport(t.db, id))?.grandTotal).toEqual(filed.grandTotal);

    const target = filed.rows.find((r) => r.status === "active")!;
    await assessFee({
      db: t.db,
      actor: "staff:late",
      clock: fixedClock("2026-07-01T10:00:00.000Z"),
      loanNumber: target.loanNumber,
      amount: "30.00",
      feeType: "other",
      effectiveDate: "2026-02-15",
    });
    const comparison = await compareWithNow(t.db, id);
    expect(comparison!.changed.map((c) => c.loanNumber)).toEqual([target.loanNumber]);
    const changed = comparison!.changed[0]!;
    // The fee is owed, or a later payment is re-applied to pay it first (its
    // restatement): either way the borrower owes at least 30.00 more.
    expect(
      new Dec(changed.now!.totalOutstanding)
        .minus(changed.filed!.totalOutstanding)
        .greaterThanOrEqualTo("30.00"),
    ).toBe(true);
    expect(changed.lateEvents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          eventType: "fee_assessment",
          effectiveDate: "2026-02-15",
          recordedBy: "staff:late",
        }),
      ]),
    );
    // The filing itself still reproduces: same inputs, same figures.
    const again = await computePortfolioReport(t.db, { asOf: AS_OF, knownAt: filed.knownAt });
    expect(again.rows).toEqual(filed.rows);
  });

  it("a filed report can never be changed", async () => {
    await expect(
      t.db.execute(sql`update saved_reports set generated_by = 'mallory'`),
    ).rejects.toThrow();
    await expect(t.db.execute(sql`delete from saved_reports`)).rejects.toThrow();
  });

  it("an evidence bundle holds the events with their hashes, the verification and the state", async () => {
    const bundle = await buildEvidenceBundle(t.db, { loanNumber: "LN-000003", asOf: AS_OF });
    expect(bundle!.verification.status).toBe("verified");
    expect(bundle!.events.every((e) => /^[0-9a-f]{64}$/.test(e.hash ?? ""))).toBe(true);
    const [l] = await t.db.select().from(loans).where(sql`loan_number = 'LN-000003'`);
    expect(bundle!.state).toEqual(replay(await loadHistory(t.db, l!.id), AS_OF).state);
    expect(await buildEvidenceBundle(t.db, { loanNumber: "LN-999999", asOf: AS_OF })).toBeNull();
  });
});
