/**
 * The installment schedule (lib/due/schedule.ts): due dates with the
 * end-of-month clamp, deferments moving later due dates, forbearance
 * installments, the payment in force on each due date, and the final
 * installment. Every amount by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import { dueDates, installmentSchedule, scheduleEvents } from "../../../lib/due/schedule";
import { replayState } from "../../../lib/replay/replay";
import { type Draft, ev, history } from "../../engine/helpers";
import { ZERO_LOAN } from "./helpers";

function schedule(drafts: Draft[], asOf: string, obligation = "1200.00") {
  const events = history(...drafts);
  const terms = replayState(events, asOf).terms;
  if (!terms) throw new Error("no terms");
  return installmentSchedule({ terms, events, asOf, obligation });
}

const zeroLoan = (firstPaymentDate: string, termMonths: number, principal = "1200.00"): Draft[] => [
  ev.origination("2023-12-15", {
    principal,
    annualRate: "0",
    termMonths,
    dayCount: "30/360",
    firstPaymentDate,
  }),
  ev.disbursement("2023-12-15", { amount: principal, method: "ach" }),
];

describe("due dates", () => {
  it("a loan first due on the 31st is due on the last day of shorter months (counted from the 31st each time)", () => {
    // 2025-01-31 + 1 month = 2025-02-28 (clamped), + 2 = 03-31 (not 03-28), + 3 = 04-30, + 4 = 05-31.
    const rows = schedule(zeroLoan("2025-01-31", 5, "500.00"), "2025-01-01", "500.00");
    expect(rows.map((r) => r.dueDate)).toEqual([
      "2025-01-31",
      "2025-02-28",
      "2025-03-31",
      "2025-04-30",
      "2025-05-31",
    ]);
    // 500.00 / 5 = 100.00 each; the final is 500.00 - 4 x 100.00 = 100.00.
    expect(rows.map((r) => r.amount)).toEqual(["100.00", "100.00", "100.00", "100.00", "100.00"]);
    expect(rows.map((r) => r.kind)).toEqual(["regular", "regular", "regular", "regular", "final"]);
  });

  it("in a leap year the 31st clamps to February 29", () => {
    const rows = schedule(zeroLoan("2024-01-31", 3, "300.00"), "2024-01-01", "300.00");
    expect(rows.map((r) => r.dueDate)).toEqual(["2024-01-31", "2024-02-29", "2024-03-31"]);
  });

  it("a deferment moves every due date on or after its effective date out by its periods", () => {
    // Deferment effective 2025-03-01 (the second due date), 2 periods: installment 2 moves from
    // 03-01 to 05-01, every later one 2 months; maturity 2026-01-01 + 2 = 2026-03-01; still 12.
    const drafts = [
      ...ZERO_LOAN,
      ev.deferment("2025-03-01", { periods: 2, interestTreatment: "accrue" }),
    ];
    const rows = schedule(drafts, "2025-03-15");
    expect(rows).toHaveLength(12);
    expect(rows.slice(0, 3).map((r) => r.dueDate)).toEqual([
      "2025-02-01",
      "2025-05-01",
      "2025-06-01",
    ]);
    expect(rows[11]?.dueDate).toBe("2026-03-01");
  });

  it("two deferments add up; one effective between due dates moves only the later ones", () => {
    // 1 period effective 2025-02-10 moves 03-01 -> 04-01; then 1 period effective 2025-04-01
    // (on the moved date) moves it again -> 05-01. Maturity 2026-01-01 + 2 = 2026-03-01.
    const drafts = [
      ...ZERO_LOAN,
      ev.deferment("2025-02-10", { periods: 1, interestTreatment: "accrue" }),
      ev.deferment("2025-04-01", { periods: 1, interestTreatment: "accrue" }),
    ];
    const events = history(...drafts);
    const terms = replayState(events, "2025-04-01").terms;
    expect(terms?.maturityDate).toBe("2026-03-01");
    const dates = dueDates(terms!, events);
    expect(dates.slice(0, 3)).toEqual(["2025-02-01", "2025-05-01", "2025-06-01"]);
    expect(dates).toHaveLength(12);
  });

  it("a forbearance extension adds installments at the end", () => {
    // forbearance_end with extendedMonths 3: maturity 2026-01-01 -> 2026-04-01, 15 installments.
    const drafts = [
      ...ZERO_LOAN,
      ev.forbearanceStart("2025-02-15", { forbearanceType: "suspension", reducedPayment: "0.00" }),
      ev.forbearanceEnd("2025-05-15", { action: "extend_term", extendedMonths: 3 }),
    ];
    const rows = schedule(drafts, "2025-06-01");
    expect(rows).toHaveLength(15);
    expect(rows[14]?.dueDate).toBe("2026-04-01");
  });
});

describe("amounts", () => {
  it("reduced-payment forbearance: due dates from its start until its end pay the reduced payment", () => {
    // Start 2025-02-15 (reduced 40.00), end 2025-05-15: 03-01, 04-01, 05-01 are 40.00; 06-01 is 100.00.
    // Final: 1200.00 - (100.00 + 3 x 40.00 + 7 x 100.00) = 1200.00 - 920.00 = 280.00.
    const drafts = [
      ...ZERO_LOAN,
      ev.forbearanceStart("2025-02-15", {
        forbearanceType: "reduced_payment",
        reducedPayment: "40.00",
      }),
      ev.forbearanceEnd("2025-05-15", { action: "repayment_plan" }),
    ];
    const rows = schedule(drafts, "2025-06-15");
    expect(rows.slice(0, 5).map((r) => [r.dueDate, r.kind, r.amount])).toEqual([
      ["2025-02-01", "regular", "100.00"],
      ["2025-03-01", "reduced", "40.00"],
      ["2025-04-01", "reduced", "40.00"],
      ["2025-05-01", "reduced", "40.00"],
      ["2025-06-01", "regular", "100.00"],
    ]);
    expect(rows[11]).toMatchObject({ dueDate: "2026-01-01", kind: "final", amount: "280.00" });
  });

  it("an open forbearance reaches later due dates only until its planned end", () => {
    // Suspension from 2025-02-15, planned end 2025-04-15, no end event as of 2025-03-15:
    // 03-01 and 04-01 are suspended (0.00); 05-01 (after the planned end) is 100.00 again.
    const drafts = [
      ...ZERO_LOAN,
      ev.forbearanceStart("2025-02-15", {
        forbearanceType: "suspension",
        reducedPayment: "0.00",
        plannedEndDate: "2025-04-15",
      }),
    ];
    const rows = schedule(drafts, "2025-03-15");
    expect(rows.slice(1, 4).map((r) => [r.kind, r.amount])).toEqual([
      ["suspended", "0.00"],
      ["suspended", "0.00"],
      ["regular", "100.00"],
    ]);
    // Still in forbearance on 2025-05-10 (no end posted): 05-01 is due on or before that
    // date while the loan is in forbearance, so it is suspended too.
    const later = schedule(drafts, "2025-05-10");
    expect(later[3]).toMatchObject({ dueDate: "2025-05-01", kind: "suspended", amount: "0.00" });
    expect(later[4]).toMatchObject({ dueDate: "2025-06-01", kind: "regular", amount: "100.00" });
  });

  it("a modification changes the payment from its effective date and the count to its maturity", () => {
    // Effective 2025-04-15: 60.00 a month to 2026-07-01 (18 installments in all).
    // 02-01, 03-01, 04-01 are 100.00; 05-01 .. 2026-06-01 (14) are 60.00;
    // final 2026-07-01: 1200.00 - (3 x 100.00 + 14 x 60.00) = 1200.00 - 1140.00 = 60.00.
    const drafts = [
      ...ZERO_LOAN,
      ev.modification("2025-04-15", {
        before: {
          annualRate: "0",
          termMonths: 12,
          paymentAmount: "100.00",
          maturityDate: "2026-01-01",
        },
        after: {
          annualRate: "0",
          termMonths: 18,
          paymentAmount: "60.00",
          maturityDate: "2026-07-01",
        },
        reason: "hardship",
      }),
    ];
    const rows = schedule(drafts, "2025-05-15");
    expect(rows).toHaveLength(18);
    expect(rows.slice(2, 4).map((r) => [r.dueDate, r.amount])).toEqual([
      ["2025-04-01", "100.00"],
      ["2025-05-01", "60.00"],
    ]);
    expect(rows[17]).toMatchObject({ dueDate: "2026-07-01", kind: "final", amount: "60.00" });
  });

  it("the final installment is what remains; before its due date at least the payment in force", () => {
    // 1000.00 at 0 % for 3 months with a contractual payment of 400.00:
    // final = 1000.00 - 2 x 400.00 = 200.00. Before 2025-04-01 it shows 400.00
    // (interest not yet accrued is not in the balance); on its due date, 200.00.
    const drafts: Draft[] = [
      ev.origination("2025-01-01", {
        principal: "1000.00",
        annualRate: "0",
        termMonths: 3,
        dayCount: "30/360",
        firstPaymentDate: "2025-02-01",
        paymentAmount: "400.00",
      }),
      ev.disbursement("2025-01-01", { amount: "1000.00", method: "ach" }),
    ];
    expect(schedule(drafts, "2025-03-31", "1000.00")[2]?.amount).toBe("400.00");
    expect(schedule(drafts, "2025-04-01", "1000.00")[2]?.amount).toBe("200.00");
    // A balloon: obligation 1300.00 (say 300.00 of fees) makes the final 500.00 even before.
    expect(schedule(drafts, "2025-03-31", "1300.00")[2]?.amount).toBe("500.00");
  });

  it("scheduleEvents keeps only the events that shape the schedule", () => {
    const events = history(
      ...ZERO_LOAN,
      ev.deferment("2025-03-01", { periods: 1, interestTreatment: "accrue" }),
    );
    expect(scheduleEvents(events).map((e) => e.eventType)).toEqual(["origination", "deferment"]);
  });
});
