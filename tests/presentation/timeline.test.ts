import { describe, expect, it } from "vitest";
import {
  buildTimelineRows,
  describeEvent,
  entriesOfRows,
  joinEntries,
  NO_FILTER,
  rowIndexOf,
  rowsFromEntries,
  type TimelineEntry,
  type TimelineEvent,
  toTimelineEvents,
} from "../../lib/presentation/timeline";
import { accrual, BASE, ev, history, pay } from "../engine/helpers";

const events = history(
  ...BASE,
  accrual("2025-01-30", "1.666667"),
  accrual("2025-01-31", "1.666667"),
  accrual("2025-02-01", "1.666667"),
  pay("2025-02-01", "100.00", ["0.00", "5.00", "95.00"]),
  accrual("2025-02-02", "1.666667"),
  // Posted late: effective before the accrual recorded just before it.
  ev.payment("2025-02-01", {
    amount: "10.00",
    allocation: { fees: "0.00", interest: "0.00", principal: "10.00" },
    backdated: true,
  }),
  ev.fee("2025-03-01", { amount: "25.00", feeType: "late" }),
);

describe("timeline rows", () => {
  const described = toTimelineEvents(events);

  it("marks backdated events: effective before an earlier-recorded event, or flagged", () => {
    expect(described.filter((e) => e.backdated).map((e) => e.sequenceNumber)).toEqual([8]);
  });

  it("collapses runs of accruals into one row per month", () => {
    const rows = buildTimelineRows(described, NO_FILTER, true);
    expect(rows.map((r) => (r.kind === "event" ? r.event.sequenceNumber : r.key))).toEqual([
      1,
      2,
      "accruals-3",
      "accruals-5",
      6,
      "accruals-7",
      8,
      9,
    ]);
    const first = rows[2];
    expect(first?.kind === "accruals" && first.group).toMatchObject({
      month: "2025-01",
      count: 2,
      total: "3.333334",
      fromDate: "2025-01-30",
      toDate: "2025-01-31",
    });
  });

  it("expands a group in place and can show every accrual", () => {
    const open = buildTimelineRows(described, NO_FILTER, true, new Set(["accruals-3"]));
    expect(
      open.slice(2, 5).map((r) => (r.kind === "event" ? r.event.sequenceNumber : r.key)),
    ).toEqual(["accruals-3", 3, 4]);
    expect(buildTimelineRows(described, NO_FILTER, false)).toHaveLength(9);
  });

  it("filters by type and by effective date range", () => {
    const payments = buildTimelineRows(described, { types: ["payment"], from: "", to: "" }, true);
    expect(payments.map((r) => r.kind === "event" && r.event.sequenceNumber)).toEqual([6, 8]);
    const february = buildTimelineRows(
      described,
      { types: [], from: "2025-02-01", to: "2025-02-28" },
      false,
    );
    expect(february.map((r) => r.kind === "event" && r.event.sequenceNumber)).toEqual([5, 6, 7, 8]);
  });
});

describe("timeline pages", () => {
  const described = toTimelineEvents(events);
  const whole = entriesOfRows(buildTimelineRows(described, NO_FILTER, true));

  /** The entries of events[from..to) as a paged read returns them (runs cut at the edges). */
  function page(from: number, to: number): TimelineEntry[] {
    const slice = described.slice(from, to);
    return entriesOfRows(buildTimelineRows(slice, NO_FILTER, true));
  }

  it("describes an event from the latest effective date before it", () => {
    const eighth = events[7] as (typeof events)[number];
    expect(describeEvent(eighth, { priorMaxEffective: "2025-02-02" }).backdated).toBe(true);
    expect(describeEvent(eighth, { priorMaxEffective: null })).toEqual({
      ...(described[7] as TimelineEvent),
      backdated: true, // flagged in its payload
    });
    expect(
      describeEvent(events[5] as (typeof events)[number], { priorMaxEffective: "2025-02-01" }),
    ).toEqual(described[5]);
  });

  it("joins pages cut anywhere, even inside a run of accruals, into the whole timeline", () => {
    for (let cut = 0; cut <= described.length; cut++) {
      for (let cut2 = cut; cut2 <= described.length; cut2++) {
        const joined = joinEntries(
          joinEntries(page(0, cut), page(cut, cut2)),
          page(cut2, described.length),
        );
        expect(joined, `${cut}/${cut2}`).toEqual(whole);
      }
    }
  });

  it("turns entries into rows, expanded runs followed by their events", () => {
    const key = "accruals-3";
    const group = buildTimelineRows(described, NO_FILTER, true, new Set([key]));
    const events3 = described.filter((e) => e.sequenceNumber === 3 || e.sequenceNumber === 4);
    const withoutEvents = group.map((r) => {
      if (r.kind !== "accruals") return r;
      const { events: _events, ...summary } = r.group as typeof r.group & { events?: unknown };
      return { ...r, group: summary };
    });
    expect(rowsFromEntries(whole, new Map([[key, events3]]))).toEqual(withoutEvents);
    const loading = rowsFromEntries(whole, new Map([[key, null]]));
    expect(loading[2]).toMatchObject({ kind: "accruals", key, expanded: false, loading: true });
    expect(rowIndexOf(loading, 4)).toBe(2);
    expect(rowIndexOf(loading, 9)).toBe(loading.length - 1);
    expect(rowIndexOf(loading, 99)).toBe(-1);
  });
});
