import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromEpochDay, toEpochDay } from "../../lib/dates";
import type { LoanEvent } from "../../lib/events/types";
import { applyEvent } from "../../lib/replay/handlers";
import { replay } from "../../lib/replay/replay";
import {
  deserializeState,
  monthEndSnapshots,
  replayFrom,
  serializeState,
} from "../../lib/replay/snapshot";
import { initialEngineState, toLoanState } from "../../lib/replay/state";
import { accrualRunHistoryArb, historyArb, recordedAtArb } from "./arbitraries";

/** A history with monotonic recorded_at (as the write path records it). */
const recordedHistory = historyArb.chain((events) =>
  recordedAtArb(events.length).map((at) =>
    events.map((e, i) => ({ ...e, recordedAt: at[i] }) as LoanEvent),
  ),
);
const dateArb = fc
  .integer({ min: -40, max: 800 })
  .map((n) => fromEpochDay(toEpochDay("2025-01-01") + n));

/**
 * The cache as the database keeps it: snapshots built from the first `built`
 * events, then invalidated by any later event effective on or before their date.
 */
function cacheAfter(events: LoanEvent[], built: number) {
  return monthEndSnapshots(events.slice(0, built)).map((s) => {
    const later = events.slice(built).filter((e) => e.effectiveDate <= s.asOfDate);
    return {
      ...s,
      stored: serializeState(s.state),
      invalidatedAt: later.length > 0 ? (later[0]?.recordedAt ?? null) : null,
    };
  });
}

function replayWithCache(events: LoanEvent[], built: number, asOf: string, knownAt: string | null) {
  const usable = cacheAfter(events, built)
    .filter((s) => s.asOfDate <= asOf)
    .filter((s) =>
      knownAt === null
        ? s.invalidatedAt === null
        : (s.invalidatedAt === null || s.invalidatedAt > knownAt) &&
          s.maxRecordedAt !== null &&
          s.maxRecordedAt <= knownAt,
    )
    .at(-1);
  if (!usable) return { state: replay(events, asOf, { knownAt }).state, used: false };
  const tail = events.filter((e) => e.effectiveDate > usable.asOfDate);
  return {
    state: replayFrom(deserializeState(usable.stored), tail, asOf, { knownAt }).state,
    used: true,
  };
}

describe("replay snapshots (a cache, never a source of truth)", () => {
  it("a snapshot replay equals the full replay at any date and knownAt, with backdated events and reversals", () => {
    let used = 0;
    fc.assert(
      fc.property(
        recordedHistory,
        fc.nat(),
        dateArb,
        fc.option(fc.nat(), { nil: null }),
        (events, builtSeed, asOf, knownSeed) => {
          const built = events.length === 0 ? 0 : builtSeed % (events.length + 1);
          const knownAt =
            knownSeed === null || events.length === 0
              ? null
              : (events[knownSeed % events.length]?.recordedAt ?? null);
          const expected = replay(events, asOf, { knownAt }).state;
          const actual = replayWithCache(events, built, asOf, knownAt);
          if (actual.used) used++;
          expect(actual.state).toEqual(expected);
        },
      ),
      { numRuns: 600 },
    );
    expect(used).toBeGreaterThan(50); // the property exercised the snapshot path, not only the fallback
  });

  it("state survives the JSON round trip exactly", () => {
    fc.assert(
      fc.property(recordedHistory, (events) => {
        for (const s of monthEndSnapshots(events)) {
          const back = deserializeState(JSON.parse(JSON.stringify(serializeState(s.state))));
          expect(replayFrom(back, [], "9999-12-31").state).toEqual(
            replayFrom(s.state, [], "9999-12-31").state,
          );
        }
      }),
      { numRuns: 200 },
    );
  });

  it("takes snapshots only where the events on or before the month end are a prefix of the history", () => {
    const e = (seq: number, eff: string): LoanEvent =>
      ({
        sequenceNumber: seq,
        eventType: "fee_assessment",
        effectiveDate: eff,
        eventData: { amount: "1.00", feeType: "late" },
      }) as LoanEvent;
    // #3 is backdated into January after #2 (February): no January snapshot is exact.
    const dates = monthEndSnapshots([
      e(1, "2025-01-10"),
      e(2, "2025-02-10"),
      e(3, "2025-01-20"),
      e(4, "2025-03-05"),
      e(5, "2025-04-01"),
    ]);
    expect(dates.map((s) => [s.asOfDate, s.throughSequence])).toEqual([
      ["2025-02-28", 3],
      ["2025-03-31", 4],
    ]);
  });
});

describe("replayFrom and replay fold runs of accruals at once (foldAccrualRun)", () => {
  it("reaches the state applyEvent reaches event by event, at any date and knownAt", () => {
    const withRecorded = accrualRunHistoryArb.chain((events) =>
      recordedAtArb(events.length).map((at) =>
        events.map((e, i) => ({ ...e, recordedAt: at[i] }) as LoanEvent),
      ),
    );
    fc.assert(
      fc.property(
        withRecorded,
        dateArb,
        fc.integer({ min: 0, max: 40 }),
        fc.boolean(),
        (events, asOf, cut, useKnownAt) => {
          const knownAt = useKnownAt
            ? (events[Math.min(cut, events.length - 1)]?.recordedAt ?? null)
            : null;
          // The reference: every event kept folded on its own, as replayFrom did before.
          let one = initialEngineState();
          for (const e of events) {
            if (e.effectiveDate > asOf) continue;
            if (knownAt !== null && e.recordedAt !== undefined && e.recordedAt > knownAt) continue;
            one = applyEvent(one, e);
          }
          const folded = replayFrom(initialEngineState(), events, asOf, { knownAt }).state;
          expect(folded).toEqual(toLoanState(one, asOf, knownAt));
          // replay() folds the same runs when it is not asked for its steps.
          expect(replay(events, asOf, { knownAt }).state).toEqual(toLoanState(one, asOf, knownAt));
        },
      ),
      { numRuns: 300 },
    );
  });
});
