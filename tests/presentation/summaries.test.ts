import { describe, expect, it } from "vitest";
import { eventAmount, summarizeEvent } from "../../lib/presentation/event-summary";
import { explainStep } from "../../lib/presentation/step-explanation";
import { replay } from "../../lib/replay/replay";
import { accrual, BASE, ev, history, pay } from "../engine/helpers";

describe("event summaries", () => {
  const events = history(
    ...BASE,
    accrual("2025-01-01", "1.666667"),
    ev.fee("2025-01-20", { amount: "25.00", feeType: "late" }),
    pay("2025-02-01", "512.33", ["25.00", "40.12", "447.21"]),
    ev.reversal("2025-02-04", { reversedSequence: 5, reason: "NSF" }),
    ev.waiver("2025-02-05", { amount: "25.00", waivedBy: "staff:ana", reason: "goodwill" }),
  );

  it("says what each payload does", () => {
    expect(events.map(summarizeEvent)).toEqual([
      "Originated $10,000.00 at 6.00% for 12 months (30/360), first due 2025-02-01",
      "Disbursed $10,000.00 by ACH",
      "Interest $1.666667 for 1 day at 6.00% on $10,000.00 (30/360)",
      "Late fee of $25.00 assessed",
      "Payment of $512.33 applied: $25.00 fees, $40.12 interest, $447.21 principal (ACH)",
      "Payment #5 reversed — NSF",
      "Fees of $25.00 waived by staff:ana — goodwill",
    ]);
  });

  it("names the main amount, a reversal's being the reversed payment's", () => {
    const payments = new Map([[5, "512.33"]]);
    expect(events.map((e) => eventAmount(e, payments))).toEqual([
      "10000.00",
      "10000.00",
      "1.666667",
      "25.00",
      "512.33",
      "512.33",
      "25.00",
    ]);
  });
});

describe("explaining a replay step", () => {
  it("gives a payment's applied split and a reversal's put-back amounts", () => {
    const events = history(
      ...BASE,
      ev.fee("2025-01-20", { amount: "25.00", feeType: "late" }),
      accrual("2025-01-31", "50.00"),
      pay("2025-02-01", "512.33", ["25.00", "40.12", "447.21"]),
      ev.reversal("2025-02-04", { reversedSequence: 5, reason: "NSF: returned" }),
    );
    const steps = replay(events, "2025-12-31", { steps: true }).steps;
    expect(explainStep(steps[4] as (typeof steps)[number])).toBe(
      "Payment of $512.33 applied: $25.00 fees, $40.12 interest, $447.21 principal.",
    );
    expect(explainStep(steps[5] as (typeof steps)[number])).toBe(
      "Payment #5 reversed (NSF: returned): $25.00 fees, $40.12 interest, $447.21 principal put back.",
    );
    expect(explainStep(steps[3] as (typeof steps)[number])).toBe(
      "Interest of $50.00 accrued: interest $0.00 → $50.00.",
    );
    expect(explainStep(steps[1] as (typeof steps)[number])).toBe(
      "Disbursed $10,000.00 by ACH. Balances: principal $0.00 → $10,000.00, total outstanding $0.00 → $10,000.00. Status Originated → Active.",
    );
  });
});
