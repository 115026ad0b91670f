/**
 * Two times: effective date (business time) and recorded_at (system time).
 * A backdated event has a later sequence number and recorded_at but an earlier
 * effective date.
 */
import { describe, expect, it } from "vitest";
import { replay } from "../../lib/index";
import { accrual, BASE, ev, history, pay } from "./helpers";

// #1-#2 origination and disbursement (recorded 2025-01-01, no recordedAt: always known)
// #3 accrual 2025-01-31: 50.00, recorded 2025-01-31
// #4 late fee 2025-02-16: 25.00, recorded 2025-02-16
// #5 payment effective 2025-02-10 of 875.00 (fees 0, interest 50.00, principal 825.00),
//    found in the lockbox and recorded late, on 2025-03-05: backdated.
// #6 waiver of the late fee, 2025-03-05 (the payment was on time after all)
const events = history(
  ...BASE,
  accrual("2025-01-31", "50.00", "10000.00"),
  {
    ...ev.fee("2025-02-16", { amount: "25.00", feeType: "late" }),
    recordedAt: "2025-02-16T09:00:00Z",
  },
  pay("2025-02-10", "875.00", ["0.00", "50.00", "825.00"], "2025-03-05T14:30:00Z"),
  ev.waiver(
    "2025-03-05",
    { amount: "25.00", waivedBy: "ops", reason: "payment was on time" },
    "2025-03-05T14:31:00Z",
  ),
).map((e) => (e.sequenceNumber === 3 ? { ...e, recordedAt: "2025-01-31T23:00:00Z" } : e));

describe("backdated events", () => {
  it("as of a date before its effective date, the backdated payment is not there", () => {
    const s = replay(events, "2025-02-09").state;
    expect(s.principal).toBe("10000.00");
    expect(s.interest).toBe("50.00");
    expect(s.lastSequence).toBe(3);
  });

  it("as of a date after its effective date, it is there (applied in sequence order)", () => {
    const s = replay(events, "2025-02-20").state;
    // 10000.00 - 825.00 = 9175.00; the fee (#4, effective 02-16) is still owed before the waiver.
    expect(s.principal).toBe("9175.00");
    expect(s.interest).toBe("0.00");
    expect(s.fees).toBe("25.00");
    expect(s.lastSequence).toBe(5);
    expect(s.eventsApplied).toBe(5);
  });

  it("as then known (knownAt before recorded_at): the balance the agent saw on 2025-03-01", () => {
    const s = replay(events, "2025-03-01", { knownAt: "2025-03-01T12:00:00Z" }).state;
    expect(s.principal).toBe("10000.00");
    expect(s.interest).toBe("50.00");
    expect(s.fees).toBe("25.00");
    expect(s.totalOutstanding).toBe("10075.00");
    expect(s.knownAt).toBe("2025-03-01T12:00:00Z");
  });

  it("as now known (knownAt after recorded_at): the corrected balance for the same date", () => {
    const s = replay(events, "2025-03-01", { knownAt: "2025-03-06T00:00:00Z" }).state;
    expect(s.principal).toBe("9175.00");
    expect(s.interest).toBe("0.00");
    expect(s.fees).toBe("25.00"); // the waiver is effective 03-05, after 03-01
    expect(s.totalOutstanding).toBe("9200.00");
    // Without knownAt: everything recorded, as of 03-06 including the waiver.
    expect(replay(events, "2025-03-06").state.totalOutstanding).toBe("9175.00");
  });

  it("knownAt compares instants exactly, across offsets", () => {
    // 2025-03-05T15:30:00+01:00 is 14:30Z: exactly the payment's recorded_at -> included.
    const s = replay(events, "2025-03-01", { knownAt: "2025-03-05T15:30:00+01:00" }).state;
    expect(s.principal).toBe("9175.00");
    const justBefore = replay(events, "2025-03-01", {
      knownAt: "2025-03-05T14:29:59.999999Z",
    }).state;
    expect(justBefore.principal).toBe("10000.00");
  });

  it("steps show what the backdated event changed", () => {
    const { steps } = replay(events, "2025-03-31", { steps: true });
    const late = steps.find((s) => s.sequenceNumber === 5);
    expect(late?.recordedAt).toBe("2025-03-05T14:30:00Z");
    expect(late?.effectiveDate).toBe("2025-02-10");
    expect(late?.changes.find((c) => c.field === "principal")).toEqual({
      field: "principal",
      before: "10000.00",
      after: "9175.00",
    });
  });

  it("rejects a bad asOf or knownAt argument (a programming error, not bad history)", () => {
    expect(() => replay(events, "2025-02-30")).toThrow(/asOf/);
    expect(() => replay(events, "2025-03-01", { knownAt: "yesterday" })).toThrow(/knownAt/);
  });
});
