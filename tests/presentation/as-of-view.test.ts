import { describe, expect, it } from "vitest";
import { fromEpochDay, toEpochDay } from "../../lib/dates";
import { toMoney, ZERO } from "../../lib/money";
import { buildAsOfView, lastEffectiveDate } from "../../lib/presentation/as-of-view";
import {
  balanceSeries,
  MAX_SERIES_POINTS,
  pointDate,
  seriesFromSnapshots,
  thin,
} from "../../lib/presentation/balance-series";
import { eventDetail } from "../../lib/presentation/event-detail";
import { replay } from "../../lib/replay/replay";
import { accrual, BASE, ev, history, pay } from "../engine/helpers";

const T = (date: string) => `${date}T09:00:00Z`;

// Accruals recorded daily; the 2025-02-01 payment is posted on 2025-02-05 (backdated).
const events = history(
  { ...BASE[0], recordedAt: T("2025-01-01") } as (typeof BASE)[number],
  { ...BASE[1], recordedAt: T("2025-01-01") } as (typeof BASE)[number],
  accrual("2025-01-31", "50.00"),
  { ...accrual("2025-02-01", "1.00"), recordedAt: T("2025-02-02") },
  { ...accrual("2025-02-02", "1.00"), recordedAt: T("2025-02-03") },
  pay("2025-02-01", "500.00", ["0.00", "50.00", "450.00"], T("2025-02-05")),
  ev.fee("2025-03-01", { amount: "25.00", feeType: "late" }, T("2025-03-01")),
);
events[2] = { ...events[2], recordedAt: T("2025-02-01") } as (typeof events)[number];

describe("the as-of view", () => {
  it("is replay's state as of the date, with the latest payments", () => {
    const view = buildAsOfView(events, "2025-02-10");
    const state = replay(events, "2025-02-10").state;
    expect(view.snapshot.principal).toBe(state.principal);
    expect(view.snapshot.totalOutstanding).toBe(state.totalOutstanding);
    expect(view.recentPayments.map((p) => p.sequenceNumber)).toEqual([6]);
    expect(view.lastEffectiveDate).toBe("2025-02-02");
    expect(view.knowledge).toBeNull();
  });

  it("as known at an instant: says what changed and lists the events recorded later", () => {
    const view = buildAsOfView(events, "2025-02-01", "2025-02-01T23:59:59Z");
    expect(view.snapshot.principal).toBe("10000.00"); // the payment was not yet known
    const k = view.knowledge;
    expect(k?.differs).toBe(true);
    expect(k?.changes.find((c) => c.field === "principal")).toEqual({
      field: "principal",
      before: "10000.00",
      after: "9550.00",
    });
    expect(k?.lateEvents.map((e) => e.sequenceNumber)).toEqual([6]);
    expect(k?.lateAccruals).toEqual({
      count: 1,
      total: "1.00",
      fromDate: "2025-02-01",
      toDate: "2025-02-01",
    });
  });

  it("as known at a later instant: nothing differs", () => {
    const k = buildAsOfView(events, "2025-02-01", "2025-02-06T00:00:00Z").knowledge;
    expect(k).toMatchObject({ differs: false, changes: [], lateEvents: [], lateAccruals: null });
  });

  it("last effective date honours knownAt", () => {
    expect(lastEffectiveDate(events, "2025-02-28", "2025-02-02T12:00:00Z")).toBe("2025-02-01");
  });
});

describe("event detail", () => {
  it("shows the state just before and after the event, with the changes", () => {
    const d = eventDetail(events, 6, "2025-02-28");
    expect(d?.step?.before.principal).toBe("10000.00");
    expect(d?.step?.after.principal).toBe("9550.00");
    expect(d?.step?.changes.map((c) => c.field)).toContain("totals.paidPrincipal");
    expect(d?.step?.explanation).toBe(
      "Payment of $500.00 applied: $0.00 fees, $50.00 interest, $450.00 principal.",
    );
    expect(d?.event.backdated).toBe(true);
  });

  it("replays an event that is after the page's date on its own date", () => {
    expect(eventDetail(events, 7, "2025-01-15")?.replayedAsOf).toBe("2025-03-01");
  });

  it("has no step for an event not known at the instant, and null for an unknown event", () => {
    expect(eventDetail(events, 6, "2025-02-28", "2025-02-02T00:00:00Z")?.step).toBeNull();
    expect(eventDetail(events, 99, "2025-02-28")).toBeNull();
  });
});

describe("balance series", () => {
  it("one point per business day, backdated payments on their own day, with markers", () => {
    const series = balanceSeries(events);
    expect(series.basis).toBe("daily");
    expect(series.points.map(pointDate)).toEqual([
      "2025-01-01",
      "2025-01-31",
      "2025-02-01",
      "2025-02-02",
      "2025-03-01",
    ]);
    const feb1 = series.points[2];
    expect(feb1).toMatchObject({ principal: "9550.00", interest: "1.00", fees: "0.00" });
    // Equal to replay as of each day.
    for (const p of series.points) {
      const state = replay(events, pointDate(p)).state;
      expect([p.principal, p.interest, p.fees]).toEqual([
        state.principal,
        state.interest,
        state.fees,
      ]);
    }
    expect(series.markers.map((m) => [fromEpochDay(m.day), m.kind])).toEqual([
      ["2025-02-01", "payment"],
      ["2025-03-01", "fee"],
    ]);
    expect(series.markers[1]?.label).toBe("#7 Fee assessed $25.00");
  });

  it("from month-end figures and the latest state: bounded, the latest state last", () => {
    const monthEnds = Array.from({ length: 1000 }, (_, i) => ({
      asOfDate: fromEpochDay(toEpochDay("1950-01-31") + i * 30),
      principal: String(100000 - i),
      interest: "1.00",
      fees: "0.00",
    }));
    const latest = replay(events, "2025-03-01").state;
    const state = { principal: toMoney(latest.principal), interest: ZERO, fees: ZERO };
    const series = seriesFromSnapshots(monthEnds, { date: "2030-01-01", state }, events);
    expect(series.basis).toBe("month-ends");
    expect(series.points.length).toBeLessThanOrEqual(MAX_SERIES_POINTS);
    expect(series.points[0]?.principal).toBe("100000.00");
    expect(series.points.at(-1)).toEqual({
      day: toEpochDay("2030-01-01"),
      principal: latest.principal,
      interest: "0.00",
      fees: "0.00",
    });
    expect(series.markers.map((m) => m.kind)).toEqual(["payment", "fee"]);
  });

  it("thins long histories but keeps the ends and every marked day, within the bound", () => {
    const kept = thin(1000, 100, (i) => i === 555);
    expect(kept.length).toBeLessThanOrEqual(100);
    expect(kept).toContain(0);
    expect(kept).toContain(999);
    expect(kept).toContain(555);
    expect(thin(5, 100, () => false)).toEqual([0, 1, 2, 3, 4]);
    // More marked days than room: still bounded, still both ends.
    const crowded = thin(1000, 50, (i) => i % 3 === 0);
    expect(crowded.length).toBeLessThanOrEqual(50);
    expect(crowded[0]).toBe(0);
    expect(crowded.at(-1)).toBe(999);
  });
});
