/**
 * One describe block per event type: given a history, then the state. Every expected
 * figure is written out and computed by hand (the arithmetic is in the comments).
 */
import { describe, expect, it } from "vitest";
import {
  accrual,
  BASE,
  ev,
  expectNoWarnings,
  given,
  givenSteps,
  messages,
  ORIGINATION,
  pay,
} from "./helpers";

const fee = (date: string, amount: string, feeType = "late") => ev.fee(date, { amount, feeType });
const reverse = (date: string, reversedSequence: number, reason = "nsf") =>
  ev.reversal(date, { reversedSequence, reason });

describe("origination", () => {
  it("sets the terms, computes the level payment and the maturity date, status originated", () => {
    const s = given([ORIGINATION]);
    expect(s.status).toBe("originated");
    expect(s.principal).toBe("0.00");
    // PMT(0.06/12, 12, -10000) = 860.66; maturity = 2025-02-01 + 11 months.
    expect(s.terms).toEqual({
      annualRate: "0.0600",
      termMonths: 12,
      paymentAmount: "860.66",
      dayCount: "30/360",
      firstPaymentDate: "2025-02-01",
      maturityDate: "2026-01-01",
    });
    expect(s.originationDate).toBe("2025-01-01");
    expectNoWarnings(s);
  });

  it("keeps a recorded paymentAmount and computes 0 % loans as principal / term", () => {
    const recorded = given([
      ev.origination("2025-01-15", {
        principal: "5000.00",
        annualRate: "0.0500",
        termMonths: 24,
        dayCount: "actual/365",
        firstPaymentDate: "2025-02-28",
        paymentAmount: "250.00",
      }),
    ]);
    expect(recorded.terms?.paymentAmount).toBe("250.00");
    // 2025-02-28 + 23 months = 2027-01-28.
    expect(recorded.terms?.maturityDate).toBe("2027-01-28");
    const zero = given([
      ev.origination("2025-01-01", {
        principal: "1000.00",
        annualRate: "0",
        termMonths: 3,
        dayCount: "30/360",
        firstPaymentDate: "2025-01-31",
      }),
    ]);
    // 1000.00 / 3 = 333.333... -> 333.33; 2025-01-31 + 2 months = 2025-03-31.
    expect(zero.terms?.paymentAmount).toBe("333.33");
    expect(zero.terms?.maturityDate).toBe("2025-03-31");
  });

  it("warns about a second origination and ignores it", () => {
    const s = given([
      ...BASE,
      ev.origination("2025-02-01", {
        principal: "99.00",
        annualRate: "0.5",
        termMonths: 1,
        dayCount: "actual/360",
        firstPaymentDate: "2025-03-01",
      }),
    ]);
    expect(s.terms?.annualRate).toBe("0.0600");
    expect(s.principal).toBe("10000.00");
    expect(messages(s)).toEqual([
      "#3: second origination (the loan was originated on 2025-01-01); ignored",
    ]);
  });

  it("warns when the first payment date is not after the origination date", () => {
    const s = given([
      ev.origination("2025-03-01", {
        principal: "100.00",
        annualRate: "0.01",
        termMonths: 1,
        dayCount: "30/360",
        firstPaymentDate: "2025-03-01",
      }),
    ]);
    expect(messages(s)).toEqual([
      "#1: firstPaymentDate 2025-03-01 is not after the origination date 2025-03-01",
    ]);
  });
});

describe("disbursement", () => {
  it("adds to principal and makes the loan active", () => {
    const s = given(BASE);
    expect(s.status).toBe("active");
    expect(s.principal).toBe("10000.00");
    expect(s.totals.disbursed).toBe("10000.00");
    expect(s.totalOutstanding).toBe("10000.00");
  });

  it("adds tranches: 6,000.00 + 4,000.55 = 10,000.55", () => {
    const s = given([
      ORIGINATION,
      ev.disbursement("2025-01-01", { amount: "6000.00", method: "wire" }),
      ev.disbursement("2025-01-10", { amount: "4000.55", method: "check" }),
    ]);
    expect(s.principal).toBe("10000.55");
    expect(s.totals.disbursed).toBe("10000.55");
  });

  it("before origination: warned and ignored", () => {
    const s = given([ev.disbursement("2025-01-01", { amount: "10.00", method: "ach" })]);
    expect(s.status).toBe("none");
    expect(s.principal).toBe("0.00");
    expect(messages(s)).toEqual(["#1: disbursement before origination; ignored"]);
  });
});

describe("payment", () => {
  it("reduces each balance by its allocation and grows the paid totals", () => {
    const s = given([
      ...BASE,
      accrual("2025-01-31", "50.00"),
      pay("2025-02-01", "860.66", ["0.00", "50.00", "810.66"]),
    ]);
    // 10000.00 - 810.66 = 9189.34; interest 50.00 - 50.00 = 0.
    expect(s.principal).toBe("9189.34");
    expect(s.interest).toBe("0.00");
    expect(s.totalOutstanding).toBe("9189.34");
    expect(s.totals.paid).toBe("860.66");
    expect(s.totals.paidPrincipal).toBe("810.66");
    expect(s.totals.paidInterest).toBe("50.00");
    expect(s.totals.paidFees).toBe("0.00");
    expect(s.status).toBe("active");
    expect(s.payments).toEqual([
      {
        sequenceNumber: 4,
        effectiveDate: "2025-02-01",
        kind: "payment",
        amount: "860.66",
        allocation: { fees: "0.00", interest: "50.00", principal: "810.66", unapplied: "0.00" },
        reversed: false,
        reversedBy: null,
      },
    ]);
    expectNoWarnings(s);
  });

  it("pays fees first when the allocation says so, and holds a recorded unapplied part", () => {
    const s = given([
      ...BASE,
      fee("2025-02-16", "25.00"),
      accrual("2025-02-28", "12.345678"),
      pay("2025-03-01", "100.00", ["25.00", "12.34", "60.00", "2.66"]),
    ]);
    // fees 25 - 25 = 0; interest 12.345678 - 12.34 = 0.005678; principal 10000 - 60 = 9940.00.
    expect(s.fees).toBe("0.00");
    expect(s.interest).toBe("0.005678");
    expect(s.principal).toBe("9940.00");
    expect(s.unapplied).toBe("2.66");
    expect(s.totalOutstanding).toBe("9940.005678");
    expect(s.totals.paidFees).toBe("25.00");
    expectNoWarnings(s);
  });

  it("an allocation summing to less than the amount: the difference is unapplied, with a warning", () => {
    const s = given([
      ...BASE,
      accrual("2025-01-31", "50.00"),
      pay("2025-02-01", "100.00", ["0.00", "50.00", "40.00"]),
    ]);
    expect(s.principal).toBe("9960.00");
    expect(s.unapplied).toBe("10.00");
    expect(s.totals.paid).toBe("100.00");
    expect(messages(s)).toEqual([
      "#4: allocation sums to 90.00, less than the payment amount 100.00; the difference 10.00 is held as unapplied",
    ]);
  });

  it("an allocation summing to more than the amount is applied in order up to the amount", () => {
    const s = given([
      ...BASE,
      accrual("2025-01-31", "50.00"),
      pay("2025-02-01", "100.00", ["0.00", "50.00", "60.00"]),
    ]);
    // interest takes 50.00, principal the remaining 50.00 (not 60.00).
    expect(s.interest).toBe("0.00");
    expect(s.principal).toBe("9950.00");
    expect(s.payments[0]?.allocation).toEqual({
      fees: "0.00",
      interest: "50.00",
      principal: "50.00",
      unapplied: "0.00",
    });
    expect(messages(s)).toEqual([
      "#4: allocation sums to 110.00, more than the payment amount 100.00; applied in the order fees, interest, principal up to the amount",
    ]);
  });

  it("an allocation above a balance takes the balance; the excess is unapplied, with a warning", () => {
    const s = given([
      ...BASE,
      accrual("2025-01-31", "50.00"),
      pay("2025-02-01", "100.00", ["0.00", "60.00", "40.00"]),
    ]);
    expect(s.interest).toBe("0.00");
    expect(s.principal).toBe("9960.00");
    expect(s.unapplied).toBe("10.00");
    expect(s.totals.paidInterest).toBe("50.00");
    expect(messages(s)).toEqual([
      "#4: allocation.interest 60.00 exceeds the interest balance 50.00; 10.00 held as unapplied",
    ]);
  });

  it("detects payoff when every balance reaches zero", () => {
    const s = given([
      ...BASE,
      accrual("2025-01-31", "50.00"),
      pay("2025-02-01", "10050.00", ["0.00", "50.00", "10000.00"]),
    ]);
    expect(s.status).toBe("paid_off");
    expect(s.totalOutstanding).toBe("0.00");
    expect(s.totals.residualWrittenOff).toBe("0.00");
  });

  it("pays off with less than a cent of interest left and writes the remainder off", () => {
    const s = given([
      ...BASE,
      accrual("2025-01-31", "50.004"),
      pay("2025-02-01", "10050.00", ["0.00", "50.00", "10000.00"]),
    ]);
    // 50.004 - 50.00 = 0.004 < 0.01: written off.
    expect(s.status).toBe("paid_off");
    expect(s.interest).toBe("0.00");
    expect(s.totals.residualWrittenOff).toBe("0.004");
  });

  it("is not paid off while a whole cent of interest is owed", () => {
    const s = given([
      ...BASE,
      accrual("2025-01-31", "50.01"),
      pay("2025-02-01", "10050.00", ["0.00", "50.00", "10000.00"]),
    ]);
    expect(s.status).toBe("active");
    expect(s.interest).toBe("0.01");
  });
});

describe("interest_accrual", () => {
  it("adds the stored amount to interest (replay never recomputes it)", () => {
    // 10000 * 0.06 / 365 = 1.643835616... recorded by the service as 1.643836.
    const s = given([
      ...BASE,
      ev.accrual("2025-01-02", {
        amount: "1.643836",
        rate: "0.0600",
        dayCount: "actual/365",
        days: 1,
        principalBasis: "10000.00",
      }),
      ev.accrual("2025-01-03", {
        amount: "1.643836",
        rate: "0.0600",
        dayCount: "actual/365",
        days: 1,
        principalBasis: "10000.00",
      }),
    ]);
    expect(s.interest).toBe("3.287672");
    expect(s.totals.interestAccrued).toBe("3.287672");
    expect(s.totalOutstanding).toBe("10003.287672");
  });

  it("warns about interest accrued before any disbursement", () => {
    const s = given([ORIGINATION, accrual("2025-01-02", "1.00")]);
    expect(s.interest).toBe("1.00");
    expect(messages(s)).toEqual(["#2: interest accrued before any disbursement"]);
  });
});

describe("fee_assessment", () => {
  it("adds to fees", () => {
    const s = given([...BASE, fee("2025-02-16", "25.00"), fee("2025-03-05", "30.00", "nsf")]);
    expect(s.fees).toBe("55.00");
    expect(s.totals.feesAssessed).toBe("55.00");
    expect(s.totalOutstanding).toBe("10055.00");
  });
});

describe("fee_waiver", () => {
  it("subtracts from fees", () => {
    const s = given([
      ...BASE,
      fee("2025-02-16", "25.00"),
      ev.waiver("2025-02-20", { amount: "10.00", waivedBy: "j.smith", reason: "goodwill" }),
    ]);
    expect(s.fees).toBe("15.00");
    expect(s.totals.feesWaived).toBe("10.00");
  });

  it("a waiver above the outstanding fees waives only what is owed, with a warning", () => {
    const s = given([
      ...BASE,
      fee("2025-02-16", "25.00"),
      ev.waiver("2025-02-20", { amount: "40.00", waivedBy: "j.smith" }),
    ]);
    expect(s.fees).toBe("0.00");
    expect(s.totals.feesWaived).toBe("25.00");
    expect(messages(s)).toEqual([
      "#4: waiver of 40.00 exceeds the outstanding fees 25.00; only 25.00 waived",
    ]);
  });
});

describe("modification", () => {
  const before = {
    annualRate: "0.06",
    termMonths: 12,
    paymentAmount: "860.66",
    maturityDate: "2026-01-01",
  };
  const after = {
    annualRate: "0.0450",
    termMonths: 18,
    paymentAmount: "580.00",
    maturityDate: "2026-07-01",
  };

  it("replaces the terms and capitalises interest into principal", () => {
    const s = given([
      ...BASE,
      accrual("2025-01-31", "50.123456"),
      ev.modification("2025-02-01", {
        before,
        after,
        reason: "hardship",
        capitalizedInterest: "50.123456",
      }),
    ]);
    expect(s.terms).toEqual({ ...after, dayCount: "30/360", firstPaymentDate: "2025-02-01" });
    // 10000.00 + 50.123456 = 10050.123456
    expect(s.principal).toBe("10050.123456");
    expect(s.interest).toBe("0.00");
    expect(s.totals.capitalized).toBe("50.123456");
    // "0.06" equals the replayed "0.0600": compared as numbers, no warning.
    expectNoWarnings(s);
  });

  it("warns when `before` disagrees with the replayed terms, and still applies `after`", () => {
    const s = given([
      ...BASE,
      ev.modification("2025-02-01", {
        before: { ...before, annualRate: "0.0700", paymentAmount: "900.00" },
        after,
        reason: "rate reduction",
      }),
    ]);
    expect(s.terms?.annualRate).toBe("0.0450");
    expect(messages(s)).toEqual([
      '#3: modification "before" disagrees with the replayed terms: annualRate 0.0700 (replayed 0.0600); paymentAmount 900.00 (replayed 860.66)',
    ]);
  });
});

describe("forbearance_start / forbearance_end", () => {
  const start = ev.forbearanceStart("2025-03-01", {
    forbearanceType: "reduced_payment",
    reducedPayment: "200.00",
    plannedEndDate: "2025-05-31",
  });

  it("forbearance_start sets status forbearance and records the arrangement", () => {
    const s = given([...BASE, start]);
    expect(s.status).toBe("forbearance");
    expect(s.forbearance).toEqual({
      forbearanceType: "reduced_payment",
      reducedPayment: "200.00",
      startDate: "2025-03-01",
      plannedEndDate: "2025-05-31",
    });
  });

  it("forbearance_start on a loan that is not active is ignored with a warning", () => {
    const s = given([ORIGINATION, start]);
    expect(s.status).toBe("originated");
    expect(messages(s)).toEqual([
      "#2: forbearance cannot start on a loan that is originated; ignored",
    ]);
  });

  it("forbearance_end capitalize: interest moves to principal, back to active", () => {
    const s = given([
      ...BASE,
      start,
      accrual("2025-04-30", "120.50"),
      ev.forbearanceEnd("2025-06-01", { action: "capitalize", capitalizedAmount: "120.50" }),
    ]);
    expect(s.status).toBe("active");
    expect(s.forbearance).toBeNull();
    expect(s.principal).toBe("10120.50");
    expect(s.interest).toBe("0.00");
    expect(s.totals.capitalized).toBe("120.50");
  });

  it("forbearance_end extend_term: term +3 months, maturity 2026-01-01 -> 2026-04-01", () => {
    const s = given([
      ...BASE,
      start,
      ev.forbearanceEnd("2025-06-01", { action: "extend_term", extendedMonths: 3 }),
    ]);
    expect(s.terms?.termMonths).toBe(15);
    expect(s.terms?.maturityDate).toBe("2026-04-01");
    expect(s.status).toBe("active");
  });

  it("capitalising more than the interest balance moves only the balance, with a warning", () => {
    const s = given([
      ...BASE,
      start,
      accrual("2025-04-30", "20.00"),
      ev.forbearanceEnd("2025-06-01", { action: "capitalize", capitalizedAmount: "25.00" }),
    ]);
    expect(s.principal).toBe("10020.00");
    expect(s.interest).toBe("0.00");
    expect(messages(s)).toEqual([
      "#5: capitalizedAmount 25.00 exceeds the interest balance 20.00; only 20.00 capitalised",
    ]);
  });

  it("forbearance_end when not in forbearance warns and leaves the status", () => {
    const s = given([...BASE, ev.forbearanceEnd("2025-06-01", { action: "lump_sum" })]);
    expect(s.status).toBe("active");
    expect(messages(s)).toEqual([
      "#3: forbearance_end on a loan that is active, not in forbearance; status unchanged, recorded amounts applied",
    ]);
  });
});

describe("deferment", () => {
  it("moves the maturity date out by the deferred periods (interest keeps accruing)", () => {
    const s = given([
      ...BASE,
      ev.deferment("2025-03-01", { periods: 2, interestTreatment: "accrue" }),
    ]);
    // 2026-01-01 + 2 months
    expect(s.terms?.maturityDate).toBe("2026-03-01");
    expect(s.terms?.termMonths).toBe(12);
    expect(s.deferredPeriods).toBe(2);
    expect(s.status).toBe("active");
  });

  it("applies a recorded capitalised amount", () => {
    const s = given([
      ...BASE,
      accrual("2025-02-28", "30.00"),
      ev.deferment("2025-03-01", {
        periods: 1,
        interestTreatment: "capitalize",
        capitalizedAmount: "30.00",
      }),
    ]);
    expect(s.principal).toBe("10030.00");
    expect(s.interest).toBe("0.00");
    expect(s.totals.capitalized).toBe("30.00");
    expect(s.terms?.maturityDate).toBe("2026-02-01");
  });

  it("applies a recorded waived amount (interestWaived)", () => {
    const s = given([
      ...BASE,
      accrual("2025-02-28", "30.123456"),
      ev.deferment("2025-03-01", {
        periods: 3,
        interestTreatment: "waive",
        waivedAmount: "30.000006",
      }),
    ]);
    // 30.123456 - 30.000006 = 0.12345
    expect(s.interest).toBe("0.12345");
    expect(s.totals.interestWaived).toBe("30.000006");
    expect(s.deferredPeriods).toBe(3);
  });
});

describe("charge_off", () => {
  const chargeOff = ev.chargeOff("2025-06-30", {
    amount: "10075.00",
    principal: "10000.00",
    interest: "50.00",
    fees: "25.00",
    reason: "uncollectible",
  });

  it("moves the balances into the charged-off total; later payments are recoveries", () => {
    const s = given([
      ...BASE,
      accrual("2025-05-31", "50.00"),
      fee("2025-06-16", "25.00"),
      chargeOff,
      pay("2025-07-15", "500.00", ["0.00", "0.00", "500.00"]),
    ]);
    expect(s.status).toBe("charged_off");
    expect(s.principal).toBe("0.00");
    expect(s.interest).toBe("0.00");
    expect(s.fees).toBe("0.00");
    expect(s.totals.chargedOff).toBe("10075.00");
    expect(s.chargeOff).toEqual({
      sequenceNumber: 5,
      date: "2025-06-30",
      principal: "10000.00",
      interest: "50.00",
      fees: "25.00",
    });
    expect(s.totals.recoveries).toBe("500.00");
    expect(s.totals.paid).toBe("0.00");
    expect(s.payments[0]?.kind).toBe("recovery");
    expectNoWarnings(s);
  });

  it("ignores accruals and fees after charge-off, with warnings", () => {
    const s = given([
      ...BASE,
      accrual("2025-05-31", "50.00"),
      fee("2025-06-16", "25.00"),
      chargeOff,
      accrual("2025-07-01", "1.00"),
      fee("2025-07-16", "25.00"),
    ]);
    expect(s.interest).toBe("0.00");
    expect(s.fees).toBe("0.00");
    expect(messages(s)).toEqual([
      "#6: loan is charged off; interest_accrual ignored",
      "#7: loan is charged off; fee_assessment ignored",
    ]);
  });

  it("warns when the components do not add up or exceed the balances", () => {
    const s = given([
      ...BASE,
      ev.chargeOff("2025-06-30", {
        amount: "10000.00",
        principal: "10000.00",
        interest: "5.00",
        fees: "0.00",
        reason: "fraud",
      }),
    ]);
    expect(s.totals.chargedOff).toBe("10000.00");
    expect(messages(s)).toEqual([
      "#3: charge-off amount 10000.00 is not principal + interest + fees (10005.00); the components are applied",
      "#3: charge-off interest 5.00 exceeds the interest balance 0.00; 0.00 written off",
    ]);
  });
});

describe("reversal", () => {
  const paid = [
    ...BASE,
    accrual("2025-01-31", "50.00"),
    fee("2025-01-31", "15.00"),
    pay("2025-02-01", "875.66", ["15.00", "50.00", "810.66"]),
  ];
  /** The whole principal left after `paid`, written off. */
  const chargeOffAfterPaid = ev.chargeOff("2025-06-30", {
    amount: "9189.34",
    principal: "9189.34",
    interest: "0.00",
    fees: "0.00",
    reason: "uncollectible",
  });

  it("puts back exactly the payment's allocation and marks it reversed", () => {
    const s = given([...paid, reverse("2025-02-05", 5)]);
    expect(s.principal).toBe("10000.00");
    expect(s.interest).toBe("50.00");
    expect(s.fees).toBe("15.00");
    expect(s.totals.paid).toBe("0.00");
    expect(s.totals.paidPrincipal).toBe("0.00");
    expect(s.totals.reversed).toBe("875.66");
    expect(s.payments[0]?.reversed).toBe(true);
    expect(s.payments[0]?.reversedBy).toBe(6);
    expectNoWarnings(s);
  });

  it("a double reversal is warned and ignored", () => {
    const s = given([...paid, reverse("2025-02-05", 5), reverse("2025-02-06", 5)]);
    expect(s.principal).toBe("10000.00");
    expect(s.totals.reversed).toBe("875.66");
    expect(messages(s)).toEqual(["#7: event #5 was already reversed by #6; ignored"]);
  });

  it("an unknown, non-payment or later target is warned and ignored", () => {
    const s = given([...paid, reverse("2025-02-05", 99), reverse("2025-02-05", 2)]);
    expect(s.principal).toBe("9189.34");
    expect(messages(s)).toEqual([
      "#6: reversal target #99 is not an earlier event; ignored",
      "#7: reversal target #2 is not a payment, fee, waiver or charge-off in this history (unknown, or not in effect at this date); ignored",
    ]);
  });

  it("reversing the payoff payment restores the balances and the status", () => {
    const s = given([
      ...BASE,
      accrual("2025-01-31", "50.004"),
      pay("2025-02-01", "10050.00", ["0.00", "50.00", "10000.00"]),
      reverse("2025-02-03", 4),
    ]);
    expect(s.status).toBe("active");
    expect(s.principal).toBe("10000.00");
    expect(s.interest).toBe("50.004");
    expect(s.totals.residualWrittenOff).toBe("0.00");
  });

  it("reversing a fee takes back only what is still owed of it: fees never go negative", () => {
    // BASE is #1-#2; #3 fee 25.00, #4 waiver 10.00 (15.00 owed), #5 the fee reversed.
    const s = given([
      ...BASE,
      fee("2025-01-10", "25.00"),
      ev.waiver("2025-01-11", { amount: "10.00", waivedBy: "ops" }),
      reverse("2025-01-12", 3),
    ]);
    // Taken back: min(25.00, 15.00) = 15.00; assessed 25.00 - 15.00 = 10.00, waived 10.00, owed 0.00.
    expect(s.fees).toBe("0.00");
    expect(s.totals.feesAssessed).toBe("10.00");
    expect(s.totals.feesWaived).toBe("10.00");
    expect(messages(s)).toEqual([
      "#5: reversing fee #3 of 25.00: only 15.00 was still owed (the rest was already paid or waived); only 15.00 taken back",
    ]);
    // Nothing waived: the whole fee is taken back, without a warning.
    const clean = given([...BASE, fee("2025-01-10", "25.00"), reverse("2025-01-12", 3)]);
    expect(clean.fees).toBe("0.00");
    expect(clean.totals.feesAssessed).toBe("0.00");
    expectNoWarnings(clean);
  });

  it("reversing a recovery reduces recoveries; reversing an earlier payment after charge-off adds to the loss", () => {
    const s = given([
      ...paid,
      chargeOffAfterPaid,
      pay("2025-07-15", "300.00", ["0.00", "0.00", "300.00"]),
      reverse("2025-07-20", 7),
      reverse("2025-07-21", 5),
    ]);
    expect(s.totals.recoveries).toBe("0.00");
    // 9189.34 + 875.66 = 10065.00
    expect(s.totals.chargedOff).toBe("10065.00");
    expect(s.totals.reversed).toBe("1175.66");
    expect(s.principal).toBe("0.00");
    expect(messages(s)).toEqual([
      "#9: payment #5 was applied before the charge-off; its 875.66 is added to the charged-off total",
    ]);
  });

  it("a payment reversed after the charge-off is added to the write-off by balance; reversing the charge-off then puts it all back", () => {
    const s = given([...paid, chargeOffAfterPaid, reverse("2025-07-20", 5)]);
    // Payment #5 paid 15.00 fees, 50.00 interest, 810.66 principal: now written off too.
    // 9189.34 + 810.66 = 10000.00
    expect(s.chargeOff).toMatchObject({ principal: "10000.00", interest: "50.00", fees: "15.00" });
    expect(s.totals.chargedOff).toBe("10065.00");
    const back = given([
      ...paid,
      chargeOffAfterPaid,
      reverse("2025-07-20", 5),
      reverse("2025-07-21", 6),
    ]);
    // As if neither the payment nor the charge-off had happened: 10000.00 + 50.00 + 15.00.
    expect(back.status).toBe("active");
    expect(back.principal).toBe("10000.00");
    expect(back.interest).toBe("50.00");
    expect(back.fees).toBe("15.00");
    expect(back.totals.chargedOff).toBe("0.00");
  });
});

describe("steps", () => {
  it("give before / after and the changed fields of every event", () => {
    const { steps } = givenSteps([
      ...BASE,
      accrual("2025-01-31", "50.00"),
      pay("2025-02-01", "860.66", ["0.00", "50.00", "810.66"]),
    ]);
    expect(steps.map((s) => s.sequenceNumber)).toEqual([1, 2, 3, 4]);
    const payment = steps[3];
    expect(payment?.before.principal).toBe("10000.00");
    expect(payment?.after.principal).toBe("9189.34");
    expect(payment?.changes).toEqual([
      { field: "principal", before: "10000.00", after: "9189.34" },
      { field: "interest", before: "50.00", after: "0.00" },
      { field: "totalOutstanding", before: "10050.00", after: "9189.34" },
      { field: "totals.paid", before: "0.00", after: "860.66" },
      { field: "totals.paidPrincipal", before: "0.00", after: "810.66" },
      { field: "totals.paidInterest", before: "0.00", after: "50.00" },
    ]);
    expect(steps[1]?.changes).toEqual([
      { field: "status", before: "originated", after: "active" },
      { field: "principal", before: "0.00", after: "10000.00" },
      { field: "totalOutstanding", before: "0.00", after: "10000.00" },
      { field: "totals.disbursed", before: "0.00", after: "10000.00" },
    ]);
    // Each step's "after" is the next step's "before".
    expect(steps[2]?.after).toEqual(steps[3]?.before);
  });

  it("carry the warnings of their event", () => {
    const { steps } = givenSteps([
      ...BASE,
      ev.waiver("2025-02-20", { amount: "5.00", waivedBy: "x" }),
    ]);
    expect(steps[2]?.warnings).toEqual([
      {
        sequenceNumber: 3,
        message: "waiver of 5.00 exceeds the outstanding fees 0.00; only 0.00 waived",
      },
    ]);
    expect(steps[2]?.changes).toEqual([]);
  });
});

describe("status edge cases", () => {
  const paidOff = [
    ...BASE,
    accrual("2025-01-31", "50.00"),
    fee("2025-01-31", "15.00"),
    pay("2025-02-01", "10050.00", ["0.00", "50.00", "10000.00"]),
  ];

  it("waiving the last fee pays the loan off", () => {
    const open = given(paidOff);
    expect(open.status).toBe("active");
    expect(open.totalOutstanding).toBe("15.00");
    const s = given([...paidOff, ev.waiver("2025-02-02", { amount: "15.00", waivedBy: "ops" })]);
    expect(s.status).toBe("paid_off");
    expect(s.totalOutstanding).toBe("0.00");
  });

  it("interest accrued on a paid-off loan reopens it, with a warning", () => {
    const s = given([
      ...paidOff,
      ev.waiver("2025-02-02", { amount: "15.00", waivedBy: "ops" }),
      accrual("2025-02-03", "0.50"),
    ]);
    expect(s.status).toBe("active");
    expect(s.interest).toBe("0.50");
    expect(messages(s)).toEqual(["#7: interest accrued on a paid-off loan; status back to active"]);
  });

  it("a payment on a paid-off loan is held as unapplied", () => {
    const s = given([
      ...paidOff,
      ev.waiver("2025-02-02", { amount: "15.00", waivedBy: "ops" }),
      pay("2025-02-05", "20.00", ["0.00", "0.00", "20.00"]),
    ]);
    expect(s.status).toBe("paid_off");
    expect(s.unapplied).toBe("20.00");
    expect(messages(s)).toEqual([
      "#7: allocation.principal 20.00 exceeds the principal balance 0.00; 20.00 held as unapplied",
    ]);
  });

  it("reversing a payoff made during forbearance restores the forbearance", () => {
    const s = given([
      ...BASE,
      ev.forbearanceStart("2025-03-01", { forbearanceType: "suspension", reducedPayment: "0.00" }),
      pay("2025-03-10", "10000.00", ["0.00", "0.00", "10000.00"]),
      reverse("2025-03-12", 4),
    ]);
    expect(s.status).toBe("forbearance");
    expect(s.forbearance?.startDate).toBe("2025-03-01");
    expect(s.principal).toBe("10000.00");
  });

  it("a second forbearance_start replaces the arrangement, with a warning", () => {
    const s = given([
      ...BASE,
      ev.forbearanceStart("2025-03-01", { forbearanceType: "suspension", reducedPayment: "0.00" }),
      ev.forbearanceStart("2025-04-01", {
        forbearanceType: "reduced_payment",
        reducedPayment: "100.00",
      }),
    ]);
    expect(s.forbearance?.reducedPayment).toBe("100.00");
    expect(messages(s)).toEqual([
      "#4: already in forbearance since 2025-03-01; forbearance terms replaced",
    ]);
  });
});
