import { asc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readStream as loadHistory } from "../../db/event-store";
import { loans } from "../../db/schema";
import { seedPortfolio } from "../../db/seed/portfolio";
import { EVENT_TYPES } from "../../lib/events/event-types";
import { replay } from "../../lib/replay/replay";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const THROUGH = "2026-06-30";
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedPortfolio({ db: t.db, loans: 10, years: 3, seed: 7, through: THROUGH });
}, 300_000);
afterAll(async () => t?.destroy());

async function histories(db: TestDatabase["db"]) {
  const rows = await db.select().from(loans).orderBy(asc(loans.id));
  return Promise.all(rows.map(async (l) => ({ loan: l, events: await loadHistory(db, l.id) })));
}

describe("generated 3-year demo portfolio", () => {
  it("replays without a single warning, at the end and at every month end", async () => {
    for (const { loan, events } of await histories(t.db)) {
      const dates = [THROUGH, "2024-01-31", "2024-12-31", "2025-06-30", "2023-09-30"];
      for (const asOf of dates) {
        const { state } = replay(events, asOf);
        expect(state.warnings, `${loan.loanNumber} as of ${asOf}`).toEqual([]);
      }
    }
  });

  it("has all twelve event types, backdated payments and the expected end states", async () => {
    const all = await histories(t.db);
    const types = new Set(all.flatMap((h) => h.events.map((e) => e.eventType)));
    expect([...types].sort()).toEqual([...EVENT_TYPES].sort());
    const statuses = all.map((h) => replay(h.events, THROUGH).state.status);
    expect(statuses).toContain("charged_off");
    expect(statuses).toContain("paid_off");
    expect(statuses).toContain("active");
    // Every day from disbursement to THROUGH is accrued on loans still active.
    for (const h of all) {
      const state = replay(h.events, THROUGH).state;
      if (state.status !== "active") continue;
      // One accrual per day; a backdated payment's restatement adds adjustments beside them.
      const accruals = h.events
        .filter((e) => e.eventType === "interest_accrual" && e.eventData.adjusts === undefined)
        .map((e) => e.effectiveDate);
      expect(new Set(accruals).size, `${h.loan.loanNumber} one accrual per day`).toBe(
        accruals.length,
      );
      expect(accruals.at(-1)! >= "2026-06-29").toBe(true);
    }
  });

  it("records every event at or after its predecessor (simulated time runs forward)", async () => {
    for (const { events } of await histories(t.db)) {
      for (let i = 1; i < events.length; i++) {
        expect(events[i]!.recordedAt! >= events[i - 1]!.recordedAt!).toBe(true);
      }
    }
  });

  it("is deterministic: the same seed gives the same events", async () => {
    const other = await createTestDatabase();
    try {
      await seedPortfolio({ db: other.db, loans: 3, years: 1, seed: 11, through: THROUGH });
      const again = await createTestDatabase();
      try {
        await seedPortfolio({ db: again.db, loans: 3, years: 1, seed: 11, through: THROUGH });
        const strip = (h: Awaited<ReturnType<typeof histories>>) =>
          h.map((x) =>
            x.events.map((e) => [
              e.sequenceNumber,
              e.eventType,
              e.effectiveDate,
              e.recordedAt,
              e.eventData,
            ]),
          );
        expect(strip(await histories(again.db))).toEqual(strip(await histories(other.db)));
      } finally {
        await again.destroy();
      }
    } finally {
      await other.destroy();
    }
  }, 120_000);
});
