import { describe, expect, it } from "vitest";
import { groupLateEvents, type LateEventLine } from "@/lib/presentation/late-events";

const AT = "2026-03-02T01:00:00.000Z";

function accrual(sequenceNumber: number, effectiveDate: string, recordedAt = AT): LateEventLine {
  return {
    sequenceNumber,
    eventType: "interest_accrual",
    effectiveDate,
    recordedAt,
    recordedBy: "job:accrual",
  };
}

function payment(sequenceNumber: number, effectiveDate: string): LateEventLine {
  return {
    sequenceNumber,
    eventType: "payment",
    effectiveDate,
    recordedAt: AT,
    recordedBy: "staff:servicer@loan-replay.test",
  };
}

describe("groupLateEvents", () => {
  it("sums consecutive accruals per month and keeps other events as lines, in order", () => {
    const events = [
      ...Array.from({ length: 31 }, (_, i) =>
        accrual(10 + i, `2026-01-${String(i + 1).padStart(2, "0")}`),
      ),
      ...Array.from({ length: 28 }, (_, i) =>
        accrual(41 + i, `2026-02-${String(i + 1).padStart(2, "0")}`),
      ),
      payment(69, "2026-02-28"),
      accrual(70, "2026-03-01"),
    ];
    const entries = groupLateEvents(events);
    expect(entries.map((e) => e.kind)).toEqual(["accruals", "accruals", "event", "event"]);
    const [jan, feb] = entries;
    if (jan?.kind !== "accruals" || feb?.kind !== "accruals") throw new Error("not groups");
    expect(jan.group).toEqual({
      month: "2026-01",
      count: 31,
      firstSequence: 10,
      lastSequence: 40,
      fromDate: "2026-01-01",
      toDate: "2026-01-31",
      recordedFrom: AT,
      recordedTo: AT,
      recordedBy: "job:accrual",
    });
    expect(feb.group).toMatchObject({ month: "2026-02", count: 28, firstSequence: 41 });
    expect(jan.key).not.toBe(feb.key);
    // A lone accrual is shown as itself.
    expect(entries[3]).toEqual({ kind: "event", event: events.at(-1) });
  });

  it("another late event between accruals of one month splits the run", () => {
    const entries = groupLateEvents([
      accrual(1, "2026-01-01"),
      accrual(2, "2026-01-02"),
      payment(3, "2026-01-02"),
      accrual(4, "2026-01-03"),
      accrual(5, "2026-01-04"),
    ]);
    expect(entries.map((e) => (e.kind === "accruals" ? e.group.count : e.event.eventType))).toEqual(
      [2, "payment", 2],
    );
  });

  it("spans recording instants and actors of a run; an empty list stays empty", () => {
    const later = "2026-03-05T01:00:00.000Z";
    const [only] = groupLateEvents([
      accrual(1, "2026-01-01"),
      { ...accrual(2, "2026-01-02", later), recordedBy: "cli:ops" },
    ]);
    if (only?.kind !== "accruals") throw new Error("not a group");
    expect(only.group).toMatchObject({ recordedFrom: AT, recordedTo: later, recordedBy: null });
    expect(groupLateEvents([])).toEqual([]);
  });

  it("every event is in exactly one entry", () => {
    const events = Array.from({ length: 400 }, (_, i) =>
      i % 37 === 0 ? payment(i + 1, "2026-01-15") : accrual(i + 1, `2026-0${1 + (i % 3)}-01`),
    );
    const entries = groupLateEvents(events);
    const total = entries.reduce((n, e) => n + (e.kind === "accruals" ? e.group.count : 1), 0);
    expect(total).toBe(events.length);
  });
});
