/**
 * The Review step's content (lib/presentation/append-review.ts) from a
 * preview with the shape lib/servicing/preview.ts returns: a payment received
 * 2025-01-15 posted after payment #34 of 2025-02-01, re-applying it and
 * adjusting 27 days of interest (the scenario of tests/db/corrections.test.ts).
 */
import { describe, expect, it } from "vitest";
import { reviewOfPreview, reviewWarnings } from "../../lib/presentation/append-review";
import type { AppendPreview, PreviewedEvent } from "../../lib/servicing/preview";

const TAG = { id: "r", cause: 73 };

function adjustment(seq: number, date: string, amount: string, adjusts: number): PreviewedEvent {
  return {
    sequenceNumber: seq,
    eventType: "interest_accrual",
    effectiveDate: date,
    role: "accrual_adjustment",
    eventData: {
      amount,
      rate: "0.06",
      dayCount: "actual/365",
      days: 1,
      principalBasis: "11027.61",
      adjusts,
      restatement: TAG,
    },
  };
}

const preview: AppendPreview & { loanNumber: string } = {
  loanNumber: "LN-000001",
  lastSequence: 44,
  restatement: {
    cause: 73,
    reappliedPayments: [34],
    restatedChargeOff: null,
    adjustedAccrualDays: 2,
    addedAccrualDays: 0,
  },
  events: [
    {
      sequenceNumber: 45,
      eventType: "reversal",
      effectiveDate: "2025-02-01",
      role: "reversal",
      eventData: {
        reversedSequence: 34,
        reason: "payment re-applied: restated by payment #73 received 2025-01-15",
        restatement: TAG,
      },
    },
    adjustment(46, "2025-01-15", "-0.159845", 17),
    adjustment(47, "2025-01-16", "-0.159845", 18),
    {
      sequenceNumber: 73,
      eventType: "payment",
      effectiveDate: "2025-01-15",
      role: "correction",
      eventData: {
        amount: "1000.00",
        allocation: { fees: "0.00", interest: "27.61", principal: "972.39", unapplied: "0.00" },
        restatement: TAG,
      },
    },
    {
      sequenceNumber: 74,
      eventType: "payment",
      effectiveDate: "2025-02-01",
      role: "reapplied",
      eventData: {
        amount: "500.00",
        allocation: { fees: "0.00", interest: "30.82", principal: "469.18", unapplied: "0.00" },
        reapplies: 34,
        restatement: TAG,
      },
    },
  ],
  figures: [
    {
      date: "2025-01-15",
      kind: "affected",
      changes: [
        { field: "totals.paid", before: "0.00", after: "1000.00" },
        { field: "principal", before: "12000.00", after: "11027.61" },
      ],
    },
    { date: "2025-02-01", kind: "affected", changes: [] },
    {
      date: "2025-02-10",
      kind: "today",
      changes: [{ field: "principal", before: "11561.15", after: "10558.43" }],
    },
  ],
};

describe("the Review panel's content", () => {
  const review = reviewOfPreview(preview, [
    {
      sequenceNumber: 34,
      eventData: {
        amount: "500.00",
        allocation: { fees: "0.00", interest: "61.15", principal: "438.85" },
      },
    },
  ]);

  it("says what posting appends, and that it is a correction", () => {
    expect(review.lastSequence).toBe(44);
    expect(review.empty).toBe(false);
    expect(review.headline).toBe(
      "Posting appends 5 events: the payment, 1 payment re-applied, 2 accrual adjustments.",
    );
    expect(review.restatement).toEqual({
      cause: 73,
      causeLabel: "payment #73 received 2025-01-15",
      what: "1 payment re-applied, 2 accrual adjustments",
    });
  });

  it("groups the events: the correction, each re-applied payment beside its reversal, the adjustments collapsed", () => {
    expect(review.groups.map((g) => [g.key, g.title, g.count, g.collapsed])).toEqual([
      ["correction", "The payment", 1, false],
      ["reapplied", "1 payment re-applied", 2, false],
      ["adjustments", "2 accrual adjustments", 2, true],
    ]);
    const reapplied = review.groups[1];
    expect(reapplied?.events.map((e) => e.sequenceNumber)).toEqual([45, 74]);
    expect(reapplied?.events[0]?.summary).toMatch(/^Payment #34 reversed — payment re-applied/);
    expect(reapplied?.events[1]?.allocationChange).toBe(
      "Was $0.00 fees, $61.15 interest, $438.85 principal; now $0.00 fees, $30.82 interest, $469.18 principal.",
    );
    expect(review.groups[2]?.total).toBe("-0.31969");
  });

  it("lists the figures that change on each date and today, before -> after, in reading order", () => {
    expect(review.dates.map((d) => d.heading)).toEqual([
      "On 2025-01-15: the correction's date",
      "On 2025-02-01: payment #34",
      "Today, 2025-02-10",
    ]);
    expect(review.dates[0]?.changes).toEqual([
      {
        field: "principal",
        label: "Principal",
        format: "money",
        before: "12000.00",
        after: "11027.61",
        delta: "-972.39",
      },
      {
        field: "totals.paid",
        label: "Paid to date",
        format: "money",
        before: "0.00",
        after: "1000.00",
        delta: "1000.00",
      },
    ]);
  });

  it("a command that appends nothing says so", () => {
    const nothing = reviewOfPreview({ ...preview, events: [], restatement: null, figures: [] });
    expect(nothing.empty).toBe(true);
    expect(nothing.headline).toMatch(/would record nothing/);
    expect(nothing.groups).toEqual([]);
  });
});

describe("what to check before posting a payment", () => {
  const payment = (amount: string, unapplied?: string): PreviewedEvent => ({
    sequenceNumber: 50,
    eventType: "payment",
    effectiveDate: "2025-03-01",
    role: "correction",
    eventData: {
      amount,
      allocation: {
        fees: "0.00",
        interest: "10.00",
        principal: unapplied ? "90.00" : "190.00",
        ...(unapplied ? { unapplied } : {}),
      },
    },
  });
  const active = { status: "active", totalOutstanding: "5000.00" };

  it("an ordinary payment warns of nothing", () => {
    expect(reviewWarnings([payment("200.00")], active)).toEqual([]);
  });

  it("an overpayment says how much would be held unapplied", () => {
    expect(reviewWarnings([payment("200.00", "100.00")], active)).toEqual([
      "Overpayment: $100.00 of this $200.00 payment pays no balance and would be held as unapplied funds.",
    ]);
  });

  it("a payment on a paid-off loan is all unapplied, and says so once", () => {
    expect(
      reviewWarnings([payment("200.00", "200.00")], {
        status: "paid_off",
        totalOutstanding: "0.00",
      }),
    ).toEqual([
      "This loan is paid off: it owes nothing, so all $200.00 would be held as unapplied funds. A refund is not recorded here.",
    ]);
  });

  it("a payment on a charged-off loan is a recovery", () => {
    expect(
      reviewWarnings([payment("200.00")], { status: "charged_off", totalOutstanding: "0.00" }),
    ).toEqual([
      "This loan is charged off: the $200.00 is recorded as a recovery and pays no balance.",
    ]);
  });

  it("an amount far above what the loan owes is named with the balance", () => {
    const owes = { status: "active", totalOutstanding: "1200.00" };
    expect(reviewWarnings([payment("12000.00", "10800.00")], owes)).toEqual([
      "Overpayment: $10,800.00 of this $12,000.00 payment pays no balance and would be held as unapplied funds.",
      "The amount, $12,000.00, is 10 times what the loan owes today ($1,200.00): check it was typed right.",
    ]);
    // Just under twice the balance: an overpayment, not a typing error.
    expect(reviewWarnings([payment("2399.99", "1199.99")], owes)).toHaveLength(1);
  });

  it("only the command's own payments are judged (not the payments a restatement re-applies)", () => {
    const reapplied = { ...payment("200.00", "100.00"), role: "reapplied" as const };
    expect(reviewWarnings([reapplied], active)).toEqual([]);
    expect(reviewWarnings([payment("200.00", "100.00")], null)).toHaveLength(1);
  });

  it("the review carries them", () => {
    const review = reviewOfPreview(
      {
        loanNumber: "LN-1",
        lastSequence: 49,
        restatement: null,
        events: [payment("200.00", "100.00")],
        figures: [],
      },
      [],
      new Map(),
      active,
    );
    expect(review.warnings).toHaveLength(1);
    expect(reviewOfPreview(preview).warnings).toEqual([]);
  });
});
