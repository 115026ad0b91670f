/**
 * The events in view (lib/due/view.ts) are the events replay applies: folding
 * them gives replay's state, for any history, as-of date and known-at time,
 * including out-of-order input and timestamps in other offsets.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../../../lib/app-error";
import { eventsInView } from "../../../lib/due";
import { foldEvents, replay } from "../../../lib/replay/replay";
import { toLoanState } from "../../../lib/replay/state";
import { date, historyArb, recordedAtArb } from "../../engine/arbitraries";

const withoutWarnings = <T extends { warnings: unknown }>(s: T) => ({ ...s, warnings: [] });

describe("eventsInView", () => {
  it("folding the events in view gives replay's state (as of D, as known at T)", () => {
    const arb = historyArb.chain((events) =>
      fc.tuple(
        fc.constant(events),
        recordedAtArb(events.length),
        date,
        fc.option(fc.integer({ min: 0, max: 60 * 86_400 }), { nil: undefined }),
        fc.boolean(),
      ),
    );
    fc.assert(
      fc.property(arb, ([events, recorded, asOf, knownSeconds, shuffle]) => {
        const stamped = events.map((e, i) => ({ ...e, recordedAt: recorded[i] }));
        const input = shuffle ? [...stamped].reverse() : stamped;
        const knownAt =
          knownSeconds === undefined
            ? null
            : new Date(Date.UTC(2025, 0, 1) + knownSeconds * 1000).toISOString();
        const inView = eventsInView(input, { asOf, knownAt });
        const mine = toLoanState(foldEvents(inView), asOf, knownAt);
        const theirs = replay(input, asOf, { knownAt }).state;
        expect(withoutWarnings(mine)).toEqual(withoutWarnings(theirs));
      }),
      { numRuns: 200 },
    );
  });

  it("refuses an impossible as-of date or known-at time with a typed error", () => {
    expect(() => eventsInView([], { asOf: "2025-02-30" })).toThrow(AppError);
    expect(() => eventsInView([], { asOf: "2025-02-28", knownAt: "yesterday" })).toThrow(
      /known-at time must be an ISO timestamp/,
    );
  });
});
