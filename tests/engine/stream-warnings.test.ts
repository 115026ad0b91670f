/** Problems with the event stream itself: replay warns, never throws. */
import { describe, expect, it } from "vitest";
import { parseEvent } from "../../lib/events/parse";
import type { LoanEvent } from "../../lib/events/types";
import { replay } from "../../lib/index";
import { accrual, BASE, history, pay } from "./helpers";

const base = history(
  ...BASE,
  accrual("2025-01-31", "50.00"),
  pay("2025-02-01", "100.00", ["0.00", "50.00", "50.00"]),
);
const renumber = (e: LoanEvent, sequenceNumber: number): LoanEvent => ({ ...e, sequenceNumber });

describe("stream warnings", () => {
  it("out-of-order input is replayed in sequence order, with a warning", () => {
    const [a, b, c, d] = base as [LoanEvent, LoanEvent, LoanEvent, LoanEvent];
    const sorted = replay(base, "2025-12-31").state;
    const shuffled = replay([a, c, b, d], "2025-12-31").state;
    expect(shuffled.principal).toBe(sorted.principal);
    expect(shuffled.warnings).toEqual([
      {
        sequenceNumber: 2,
        message: "out of order: event #2 comes after #3 in the input; replayed in sequence order",
      },
    ]);
  });

  it("missing sequence numbers are reported on the event after the gap", () => {
    const [a, b, c, d] = base as [LoanEvent, LoanEvent, LoanEvent, LoanEvent];
    const s = replay([a, b, renumber(c, 5), renumber(d, 6)], "2025-12-31").state;
    expect(s.warnings).toEqual([
      { sequenceNumber: 5, message: "missing sequence numbers: #3 to #4 are absent before #5" },
    ]);
    const single = replay([a, renumber(b, 3)], "2025-12-31").state;
    expect(single.warnings[0]?.message).toBe("missing sequence number: #2 is absent before #3");
    const noOrigin = replay([renumber(b, 2)], "2025-12-31").state;
    expect(noOrigin.warnings.map((w) => w.message)).toEqual([
      "missing sequence number: #1 is absent before #2",
      "disbursement before origination; ignored",
    ]);
  });

  it("a duplicate sequence number keeps the first copy and warns", () => {
    const [a, b, c] = base as [LoanEvent, LoanEvent, LoanEvent];
    const s = replay([a, b, c, renumber(c, 2)], "2025-12-31").state;
    expect(s.principal).toBe("10000.00");
    expect(s.interest).toBe("50.00");
    expect(s.warnings.map((w) => w.message)).toEqual([
      "out of order: event #2 comes after #3 in the input; replayed in sequence order",
      "duplicate sequence number #2; the later copy (interest_accrual) is ignored",
    ]);
  });

  it("recorded_at going backwards while sequence numbers go forwards is reported", () => {
    const events = [
      parseEvent({ ...(base[0] as LoanEvent), recordedAt: "2025-01-01T10:00:00Z" }),
      parseEvent({ ...(base[1] as LoanEvent), recordedAt: "2025-01-01T09:00:00Z" }),
    ];
    expect(replay(events, "2025-12-31").state.warnings).toEqual([
      {
        sequenceNumber: 2,
        message:
          "recorded at 2025-01-01T09:00:00Z, before #1 (recorded at 2025-01-01T10:00:00Z), although its sequence number is later",
      },
    ]);
  });

  it("an event effective before the origination date is applied with a warning", () => {
    const s = replay(history(...BASE, accrual("2024-12-31", "1.00")), "2025-12-31").state;
    expect(s.interest).toBe("1.00");
    expect(s.warnings).toEqual([
      {
        sequenceNumber: 3,
        message: "effective date 2024-12-31 is before the origination date 2025-01-01",
      },
    ]);
  });

  it("an empty history is the empty state", () => {
    const s = replay([], "2025-12-31").state;
    expect(s).toMatchObject({
      status: "none",
      principal: "0.00",
      interest: "0.00",
      fees: "0.00",
      totalOutstanding: "0.00",
      terms: null,
      deferredPeriods: 0,
      lastSequence: 0,
      eventsApplied: 0,
      asOf: "2025-12-31",
      knownAt: null,
      warnings: [],
    });
  });
});
