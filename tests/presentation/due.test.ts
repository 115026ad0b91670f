/** The loan page's words, sorting, CSV, date bounds and URL reading for what the borrower owes. */
import { describe, expect, it } from "vitest";
import type { InstallmentView, PayoffQuote } from "../../lib/due";
import {
  bucketLabel,
  bucketSeverity,
  closedReason,
  dayCount,
  defaultInterestPeriod,
  downloadName,
  dueHeadline,
  installmentStatus,
  installmentsCsv,
  interestPeriodParam,
  interestPeriodPicks,
  nextDayOfMonth,
  pastMaturity,
  payoffBounds,
  payoffCsv,
  payoffParam,
  payoffQuickPicks,
  sortInstallments,
} from "../../lib/presentation/due";
import { dueOf, onTime, pay, ZERO_LOAN } from "../unit/due/helpers";

const row = (over: Partial<InstallmentView>): InstallmentView => ({
  number: 1,
  dueDate: "2025-02-01",
  amount: "100.00",
  paid: "0.00",
  unpaid: "100.00",
  paidDate: null,
  daysLate: 0,
  kind: "regular",
  ...over,
});

describe("buckets and the headline", () => {
  it("names every bucket in words", () => {
    expect(bucketLabel("current")).toBe("Current");
    expect(bucketLabel("30-59")).toBe("30–59 days past due");
    expect(bucketLabel("120+")).toBe("120+ days past due");
    expect([
      bucketSeverity("current"),
      bucketSeverity("1-29"),
      bucketSeverity("60-89"),
      bucketSeverity("90-119"),
    ]).toEqual([0, 1, 2, 3]);
    expect(dayCount(1)).toBe("1 day");
    expect(dayCount(0)).toBe("0 days");
  });

  it("says how late the loan is, or that it is current", () => {
    const late = dueOf([...ZERO_LOAN, ...onTime(1)], "2025-03-15");
    expect(dueHeadline(late)).toBe(
      "14 days past due: the installment due 2025-03-01 is not fully paid.",
    );
    expect(pastMaturity(late)).toBeNull();
    const matured = dueOf([...ZERO_LOAN, ...onTime(10)], "2026-02-10");
    expect(pastMaturity(matured)).toBe("2026-01-01");
    expect(dueHeadline(matured)).toBe(
      "71 days past due: the installment due 2025-12-01 is not fully paid.",
    );
    const current = dueOf([...ZERO_LOAN, ...onTime(2)], "2025-03-15");
    expect(dueHeadline(current)).toBe("Current: nothing to pay to be current as of 2025-03-15.");
    const dueToday = dueOf([...ZERO_LOAN, ...onTime(1)], "2025-03-01");
    expect(dueToday.amountDue).toBe("100.00");
    expect(dueHeadline(dueToday)).toBe(
      "The installment due today makes the loan current once paid.",
    );
    const within = dueOf([...ZERO_LOAN, pay("2025-02-01", "98.00")], "2025-02-10", {
      tolerance: "2.50",
    });
    expect(dueHeadline(within)).toMatch(/within the product's tolerance/);
  });

  it("says why a closed loan has nothing due", () => {
    const paidOff = dueOf([...ZERO_LOAN, pay("2025-02-01", "1200.00")], "2025-03-01");
    expect(closedReason(paidOff)).toBe("Paid off: nothing is due as of 2025-03-01.");
    expect(dueHeadline(paidOff)).toBe("Paid off: nothing is due as of 2025-03-01.");
    expect(closedReason({ status: "charged_off", asOf: "2025-06-01" }, "2025-05-20")).toBe(
      "Charged off on 2025-05-20: no installments are due; a payment now is a recovery.",
    );
    expect(closedReason({ status: "active", asOf: "2025-06-01" })).toBeNull();
    expect(closedReason({ status: "forbearance", asOf: "2025-06-01" })).toBeNull();
  });
});

describe("the installments table", () => {
  const rows = [
    row({
      number: 1,
      dueDate: "2025-02-01",
      paid: "100.00",
      unpaid: "0.00",
      paidDate: "2025-02-01",
    }),
    row({ number: 2, dueDate: "2025-03-01", paid: "40.00", unpaid: "60.00", daysLate: 40 }),
    row({
      number: 3,
      dueDate: "2025-04-01",
      paid: "100.00",
      unpaid: "0.00",
      paidDate: "2025-04-20",
      daysLate: 19,
    }),
    row({ number: 4, dueDate: "2025-05-01", amount: "1000.00", unpaid: "1000.00", kind: "final" }),
  ];

  it("sorts by any column, ties by number, blank dates paid last both ways", () => {
    expect(sortInstallments(rows, "daysLate", "desc").map((r) => r.number)).toEqual([2, 3, 1, 4]);
    expect(sortInstallments(rows, "amount", "desc").map((r) => r.number)).toEqual([4, 1, 2, 3]);
    expect(sortInstallments(rows, "unpaid", "asc").map((r) => r.number)).toEqual([1, 3, 2, 4]);
    expect(sortInstallments(rows, "paidDate", "asc").map((r) => r.number)).toEqual([1, 3, 2, 4]);
    expect(sortInstallments(rows, "paidDate", "desc").map((r) => r.number)).toEqual([3, 1, 2, 4]);
    expect(sortInstallments(rows, "number", "desc").map((r) => r.number)).toEqual([4, 3, 2, 1]);
    expect(sortInstallments(rows, "kind", "asc").map((r) => r.number)).toEqual([4, 1, 2, 3]);
    // Money compares as cents, not as text ("1000.00" < "200.00" as strings).
    const money = [row({ number: 1, amount: "1000.00" }), row({ number: 2, amount: "200.00" })];
    expect(sortInstallments(money, "amount", "asc").map((r) => r.number)).toEqual([2, 1]);
  });

  it("says where each installment stands on the as-of date", () => {
    const asOf = "2025-04-25";
    expect(rows.map((r) => installmentStatus(r, asOf))).toEqual([
      "Paid",
      "Partly paid",
      "Paid late",
      "Not yet due",
    ]);
    expect(
      installmentStatus(row({ dueDate: "2025-06-01", paid: "100.00", unpaid: "0.00" }), asOf),
    ).toBe("Paid ahead");
    expect(installmentStatus(row({ dueDate: "2025-04-01" }), asOf)).toBe("Unpaid");
  });

  it("exports CSV with money as decimal strings", () => {
    const due = dueOf([...ZERO_LOAN, ...onTime(1)], "2025-03-15");
    const csv = installmentsCsv("LN-000007", due);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "loan_number,as_of,known_at,number,due_date,amount,paid,unpaid,paid_date,days_late,kind",
    );
    expect(lines[1]).toBe(
      "LN-000007,2025-03-15,,1,2025-02-01,100.00,100.00,0.00,2025-02-01,0,regular",
    );
    expect(lines[2]).toBe("LN-000007,2025-03-15,,2,2025-03-01,100.00,0.00,100.00,,14,regular");
    expect(lines).toHaveLength(1 + due.installments.length);
  });
});

const QUOTE: PayoffQuote = {
  asOf: "2025-01-11",
  on: "2025-01-15",
  principal: "12000.00",
  interest: "27.61",
  fees: "0.00",
  perDiem: "1.972603",
  payoffAmount: "12027.61",
  goodThrough: "2025-01-15",
  interestThrough: "2025-01-14",
  unaccruedInterest: "27.616438",
  residual: "0.006438",
  maturityDate: "2026-01-01",
  knownAt: null,
};

describe("the payoff quote", () => {
  it("runs from the as-of date to maturity (or only the as-of date past maturity)", () => {
    expect(payoffBounds("2025-03-10", "2026-01-01")).toEqual({
      min: "2025-03-10",
      max: "2026-01-01",
    });
    expect(payoffBounds("2026-03-10", "2026-01-01")).toEqual({
      min: "2026-03-10",
      max: "2026-03-10",
    });
    expect(payoffBounds("2025-03-10", null)).toEqual({ min: "2025-03-10", max: null });
  });

  it("finds the next 15th (and clamps the 31st to short months)", () => {
    expect(nextDayOfMonth("2025-03-10", 15)).toBe("2025-03-15");
    expect(nextDayOfMonth("2025-03-15", 15)).toBe("2025-03-15");
    expect(nextDayOfMonth("2025-03-16", 15)).toBe("2025-04-15");
    expect(nextDayOfMonth("2025-12-20", 15)).toBe("2026-01-15");
    expect(nextDayOfMonth("2025-04-10", 31)).toBe("2025-04-30");
    expect(nextDayOfMonth("2024-02-10", 31)).toBe("2024-02-29");
  });

  it("offers quick dates within the bounds, without repeats", () => {
    expect(payoffQuickPicks("2025-03-10", "2026-01-01", "2025-04-01")).toEqual([
      { label: "As-of date", date: "2025-03-10" },
      { label: "Next 15th", date: "2025-03-15" },
      { label: "End of month", date: "2025-03-31" },
      { label: "Next due date", date: "2025-04-01" },
    ]);
    // On the 15th itself, past the maturity's month: only what is in range.
    expect(payoffQuickPicks("2025-12-15", "2025-12-20", null).map((p) => p.label)).toEqual([
      "As-of date",
    ]);
  });

  it("exports CSV (one row) with money as decimal strings, and a safe file name", () => {
    const [head, values] = payoffCsv("LN-000001", QUOTE).trimEnd().split("\r\n");
    expect(head).toBe(
      "loan_number,as_of,known_at,payoff_date,good_through,principal,interest,interest_through,fees,payoff_amount,per_diem,unaccrued_interest,residual,maturity_date",
    );
    expect(values).toBe(
      "LN-000001,2025-01-11,,2025-01-15,2025-01-15,12000.00,27.61,2025-01-14,0.00,12027.61,1.972603,27.616438,0.006438,2026-01-01",
    );
    expect(downloadName("LN-000001", "payoff", "2025-01-15", "csv")).toBe(
      "LN-000001-payoff-2025-01-15.csv",
    );
    expect(downloadName('LN-1"; x', "payoff", "2025", "json")).toBe("LN-1x-payoff-2025.json");
  });
});

describe("interest accrued in a period", () => {
  it("offers the year to date, the quarters begun and the year before, ending no later than the business date", () => {
    expect(interestPeriodPicks("2025-05-20", "2025-06-01")).toEqual([
      { label: "Year to date", from: "2025-01-01", to: "2025-05-20" },
      { label: "Q1 2025", from: "2025-01-01", to: "2025-03-31" },
      { label: "Q2 2025", from: "2025-04-01", to: "2025-06-01" },
      { label: "2024", from: "2024-01-01", to: "2024-12-31" },
    ]);
    expect(defaultInterestPeriod("2025-05-20", "2025-06-01")).toEqual({
      from: "2025-01-01",
      to: "2025-05-20",
    });
    // An as-of date after the business date: the period still ends by then.
    expect(defaultInterestPeriod("2025-07-01", "2025-06-01").to).toBe("2025-06-01");
  });
});

describe("the URL", () => {
  it("reads the payoff date and the interest period, ignoring what is not a date", () => {
    expect(payoffParam({ payoff: "2026-12-15" })).toBe("2026-12-15");
    expect(payoffParam({ payoff: ["2026-12-15", "2027-01-01"] })).toBe("2026-12-15");
    expect(payoffParam({ payoff: "2026-02-30" })).toBeNull();
    expect(payoffParam({})).toBeNull();
    expect(interestPeriodParam({ accruedFrom: "2025-01-01", accruedTo: "2025-03-31" })).toEqual({
      from: "2025-01-01",
      to: "2025-03-31",
    });
    expect(interestPeriodParam({ accruedFrom: "2025-04-01", accruedTo: "2025-03-31" })).toBeNull();
    expect(interestPeriodParam({ accruedFrom: "2025-04-01" })).toBeNull();
  });
});
