import { describe, expect, it } from "vitest";
import type { LoanEvent } from "../../lib/events/types";
import { eventDetail, eventDetailFromStep } from "../../lib/presentation/event-detail";
import { replayStep } from "../../lib/presentation/replay-step";
import { toTimelineEvents } from "../../lib/presentation/timeline";
import { foldEvents, replay } from "../../lib/replay/replay";
import { accrual, BASE, ev, history, pay } from "../engine/helpers";

const T = (date: string, time = "09:00:00") => `${date}T${time}Z`;

// A gap before #6 (no #5), #7 recorded before #6, and a payment before any accrual is due.
const events: LoanEvent[] = history(
  { ...BASE[0], recordedAt: T("2025-01-01") } as (typeof BASE)[number],
  { ...BASE[1], recordedAt: T("2025-01-01") } as (typeof BASE)[number],
  { ...accrual("2025-01-31", "50.00"), recordedAt: T("2025-02-01") },
  { ...pay("2025-02-01", "500.00", ["0.00", "50.00", "450.00"]), recordedAt: T("2025-02-05") },
  { ...accrual("2025-02-02", "1.00"), recordedAt: T("2025-02-03") },
  ev.fee("2025-03-01", { amount: "25.00", feeType: "late" }, T("2025-03-02")),
  ev.waiver("2025-03-02", { amount: "90.00", waivedBy: "x", reason: "too much" }, T("2025-03-01")),
).map((e) => (e.sequenceNumber >= 5 ? { ...e, sequenceNumber: e.sequenceNumber + 1 } : e));

describe("a replay step from a base state", () => {
  it("equals replay's step for every event, from every prefix as the base", () => {
    for (const asOf of ["2099-12-31", "2025-02-01"]) {
      for (const knownAt of [null, T("2025-02-04")]) {
        const steps = replay(events, asOf, { knownAt, steps: true }).steps;
        const applied = events.filter((e) =>
          steps.some((s) => s.sequenceNumber === e.sequenceNumber),
        );
        for (const step of steps) {
          const index = events.findIndex((e) => e.sequenceNumber === step.sequenceNumber);
          const target = events[index] as LoanEvent;
          const before = applied.filter((e) => e.sequenceNumber < step.sequenceNumber);
          // Any prefix of the applied events may be the snapshot; the rest is the tail.
          for (let cut = 0; cut <= before.length; cut++) {
            const got = replayStep({
              start: cut === 0 ? null : foldEvents(before.slice(0, cut)),
              tail: before.slice(cut),
              target,
              previous: events[index - 1] ?? null,
            });
            expect(got.step, `#${step.sequenceNumber} cut ${cut}`).toEqual(step);
          }
        }
      }
    }
  });

  it("reports the stream warnings of the event it steps to", () => {
    const steps = replay(events, "2099-12-31", { steps: true }).steps;
    const sixth = steps.find((s) => s.sequenceNumber === 6);
    expect(sixth?.warnings.map((w) => w.message)).toEqual([
      expect.stringContaining("before #4"),
      expect.stringContaining("missing sequence number: #5"),
    ]);
    const last = replayStep({
      start: null,
      tail: events.slice(0, -1),
      target: events.at(-1) as LoanEvent,
      previous: events.at(-2) as LoanEvent,
    });
    expect(last.streamWarnings.map((w) => w.message)).toEqual([
      expect.stringContaining("recorded at"),
    ]);
    expect(last.handlerWarnings.length).toBeGreaterThan(0);
  });

  it("gives the event detail the full-history detail gives", () => {
    const described = toTimelineEvents(events);
    for (const [i, target] of events.entries()) {
      for (const knownAt of [null, T("2025-02-04")]) {
        const asOf = "2025-02-10";
        const want = eventDetail(events, target.sequenceNumber, asOf, knownAt);
        const replayedAsOf = want?.replayedAsOf as string;
        const known = want?.step !== null;
        const prior = events
          .slice(0, i)
          .filter((e) => e.effectiveDate <= replayedAsOf)
          .filter((e) => knownAt === null || (e.recordedAt ?? "") <= knownAt);
        const computed = known
          ? replayStep({ start: null, tail: prior, target, previous: events[i - 1] ?? null })
          : null;
        expect(
          eventDetailFromStep(
            described[i] as (typeof described)[number],
            target.eventData as Record<string, unknown>,
            replayedAsOf,
            knownAt,
            computed,
          ),
        ).toEqual(want);
      }
    }
  });
});
