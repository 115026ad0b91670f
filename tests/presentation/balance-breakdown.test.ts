import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseEvents } from "../../lib/events/parse";
import { replay } from "../../lib/index";
import { toSnapshotOnly } from "../../lib/presentation/as-of-view";
import {
  type BreakdownFigure,
  balanceBreakdown,
  breakdownFilter,
} from "../../lib/presentation/balance-breakdown";
import { date, historyArb } from "../engine/arbitraries";
import { history as buildHistory, ev, pay } from "../engine/helpers";

const FIGURES: BreakdownFigure[] = ["principal", "interest", "fees", "totalOutstanding"];

const rec = "2025-01-01T00:00:00Z";
const events = parseEvents([
  {
    sequenceNumber: 1,
    eventType: "origination",
    effectiveDate: "2025-01-01",
    recordedAt: rec,
    eventData: {
      principal: "10000.00",
      annualRate: "0.0730",
      termMonths: 12,
      dayCount: "actual/365",
      firstPaymentDate: "2025-02-01",
    },
  },
  {
    sequenceNumber: 2,
    eventType: "disbursement",
    effectiveDate: "2025-01-01",
    recordedAt: rec,
    eventData: { amount: "10000.00", method: "ach" },
  },
  {
    sequenceNumber: 3,
    eventType: "interest_accrual",
    effectiveDate: "2025-01-01",
    recordedAt: rec,
    eventData: {
      amount: "2.000000",
      rate: "0.0730",
      dayCount: "actual/365",
      days: 1,
      principalBasis: "10000.00",
    },
  },
  {
    sequenceNumber: 4,
    eventType: "fee_assessment",
    effectiveDate: "2025-01-02",
    recordedAt: rec,
    eventData: { amount: "25.00", feeType: "late" },
  },
  {
    sequenceNumber: 5,
    eventType: "fee_waiver",
    effectiveDate: "2025-01-03",
    recordedAt: rec,
    eventData: { amount: "5.00", waivedBy: "staff:x" },
  },
  {
    sequenceNumber: 6,
    eventType: "payment",
    effectiveDate: "2025-01-04",
    recordedAt: rec,
    eventData: {
      amount: "100.00",
      allocation: { fees: "20.00", interest: "1.50", principal: "78.50" },
    },
  },
]);

describe("how a balance figure adds up", () => {
  const s = toSnapshotOnly(replay(events, "2025-01-31").state);

  it("principal: disbursed less principal paid, each line naming its events", () => {
    const b = balanceBreakdown(s, "principal");
    expect(b.value).toBe("9921.50");
    expect(b.lines.map((l) => [l.label, l.amount])).toEqual([
      ["Disbursed", "10000.00"],
      ["Principal paid (net of reversed payments)", "-78.50"],
    ]);
    expect(b.balanced).toBe(true);
    expect(b.lines[0]?.events).toEqual({ types: ["disbursement"], noun: "disbursements" });
  });

  it("interest: accrued less what payments took", () => {
    const b = balanceBreakdown(s, "interest");
    expect(b.value).toBe("0.50");
    expect(b.lines.map((l) => [l.key, l.amount])).toEqual([
      ["accrued", "2.00"],
      ["paidInterest", "-1.50"],
    ]);
    expect(b.balanced).toBe(true);
  });

  it("fees: assessed less waived and paid; the total lists its three parts", () => {
    expect(balanceBreakdown(s, "fees").lines.map((l) => [l.key, l.amount])).toEqual([
      ["assessed", "25.00"],
      ["waived", "-5.00"],
      ["paidFees", "-20.00"],
    ]);
    const total = balanceBreakdown(s, "totalOutstanding");
    expect(total.lines.map((l) => [l.figure, l.amount])).toEqual([
      ["principal", "9921.50"],
      ["interest", "0.50"],
      ["fees", "0.00"],
    ]);
    expect(total.balanced).toBe(true);
  });

  it("a line's events open in the timeline as in effect on the as-of date", () => {
    const line = balanceBreakdown(s, "interest").lines[0];
    expect(line && breakdownFilter(line, "2025-01-31")).toEqual({
      types: ["interest_accrual"],
      from: "",
      to: "2025-01-31",
    });
  });

  it("a payment reversed after the charge-off it preceded moves to the charged-off line (found by the property below)", () => {
    const history = buildHistory(
      ev.origination("2024-12-31", {
        principal: "100.00",
        annualRate: "0.000000",
        termMonths: 1,
        dayCount: "actual/365",
        firstPaymentDate: "2025-01-01",
      }),
      ev.disbursement("2025-01-01", { amount: "100.00", method: "ach" }),
      pay("2025-01-01", "0.01", ["0.00", "0.00", "0.01"]),
      ev.chargeOff("2025-01-01", {
        amount: "0.00",
        principal: "0.00",
        interest: "0.00",
        fees: "0.00",
        reason: "uncollectible",
      }),
      ev.reversal("2025-01-01", { reversedSequence: 3, reason: "nsf" }),
    );
    const b = balanceBreakdown(toSnapshotOnly(replay(history, "2025-01-01").state), "principal");
    // 100.00 disbursed; the 0.01 the reversed payment had paid is written off, not paid: 99.99.
    expect(b.value).toBe("99.99");
    expect(b.lines.map((l) => [l.key, l.amount])).toEqual([
      ["disbursed", "100.00"],
      ["chargedOff", "-0.01"],
    ]);
    expect(b.balanced).toBe(true);
  });

  it("every figure's lines add up to it exactly, for any history and date", () => {
    fc.assert(
      fc.property(historyArb, date, (history, asOf) => {
        const state = toSnapshotOnly(replay(history, asOf).state);
        for (const figure of FIGURES) {
          const b = balanceBreakdown(state, figure);
          expect(b.balanced, `${figure} as of ${asOf}`).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
