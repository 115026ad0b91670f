import { describe, expect, it } from "vitest";
import { lateDateNotice, missedEventNotice } from "../../lib/presentation/step-landing";

const nav = { asOf: "2025-12-31", knownAt: null, skipAccruals: false };
const payment = {
  sequenceNumber: 40,
  eventType: "payment" as const,
  effectiveDate: "2025-03-01",
  recordedAt: "2025-03-05T10:00:00.000Z",
};

describe("why the step-through shows another event than the one asked for", () => {
  it("says nothing when it shows the one asked for", () => {
    expect(missedEventNotice({ requested: 40, event: payment, landed: 40, nav })).toBeNull();
  });

  it("an event recorded after 'as known at' was not known then", () => {
    const notice = missedEventNotice({
      requested: 40,
      event: payment,
      landed: 39,
      nav: { ...nav, knownAt: "2025-03-04T23:59:59Z" },
    });
    expect(notice).toBe(
      "Event #40 (Payment) was not known at 2025-03-04 23:59:59 UTC: it was recorded 2025-03-05 10:00:00 UTC. Showing event #39, the last event known then.",
    );
  });

  it("an event effective after the as-of date is not replayed", () => {
    expect(
      missedEventNotice({
        requested: 40,
        event: payment,
        landed: 41,
        nav: { ...nav, asOf: "2025-02-28" },
      }),
    ).toBe(
      "Event #40 (Payment) is effective 2025-03-01, after the as-of date 2025-02-28, so it is not replayed. Showing event #41, the next event in effect by then.",
    );
  });

  it("a skipped accrual, and a number the loan does not have", () => {
    const accrual = { ...payment, eventType: "interest_accrual" as const };
    expect(
      missedEventNotice({
        requested: 40,
        event: accrual,
        landed: 44,
        nav: { ...nav, skipAccruals: true },
      }),
    ).toContain("is a daily interest accrual, and accruals are being skipped. Showing event #44");
    expect(missedEventNotice({ requested: 9999, event: null, landed: 812, nav })).toBe(
      "This loan has no event #9999. Showing event #812, the last one.",
    );
  });

  it("a date after every event: the last one before it", () => {
    expect(lateDateNotice("2099-12-31", { sequenceNumber: 812, effectiveDate: "2026-11-30" })).toBe(
      "No event is effective on or after 2099-12-31. Showing the last event before it, #812 (effective 2026-11-30).",
    );
  });
});
