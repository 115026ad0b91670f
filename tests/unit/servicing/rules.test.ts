/**
 * Given events / appending candidates / refused or accepted: one refusal per
 * rule in lib/servicing/rules.ts, with the accepted counterpart where it means
 * something. Candidates are numbered after the given events.
 */
import { describe, expect, it } from "vitest";
import { checkAppend } from "../../../lib/servicing/rules";
import { ev } from "../../engine/helpers";
import {
  asDrafts,
  given,
  LOAN,
  numbered,
  ORIGINATION,
  principalPayment,
  TEN_DAYS,
  view,
} from "./spec";

const fee = (date: string, amount = "25.00") => ev.fee(date, { amount, feeType: "late" });
const waiver = (date: string, amount: string) =>
  ev.waiver(date, { amount, waivedBy: "ops", reason: "goodwill" });
const accrual = (date: string) =>
  asDrafts(TEN_DAYS.slice(0, 1)).map((d) => ({ ...d, effectiveDate: date }))[0]!;
const chargeOff = (date: string, principal = "12000.00") =>
  ev.chargeOff(date, {
    amount: principal,
    principal,
    interest: "0.00",
    fees: "0.00",
    reason: "fraud",
  });
const forbearance = (date: string) =>
  ev.forbearanceStart(date, { forbearanceType: "suspension", reducedPayment: "0.00" });
const reversal = (date: string, reversedSequence: number) =>
  ev.reversal(date, { reversedSequence, reason: "returned" });
const modification = (date: string) =>
  ev.modification(date, {
    before: {
      annualRate: "0.06",
      termMonths: 12,
      paymentAmount: "1032.80",
      maturityDate: "2026-01-01",
    },
    after: {
      annualRate: "0.05",
      termMonths: 12,
      paymentAmount: "1027.29",
      maturityDate: "2026-01-01",
    },
    reason: "hardship",
  });
const deferment = (date: string) => ev.deferment(date, { periods: 1, interestTreatment: "accrue" });

/** Loans in each status the rules distinguish. */
const ORIGINATED = [ORIGINATION];
const ACTIVE = LOAN;
const FORBEARING = [...LOAN, forbearance("2025-01-05")];
const CHARGED_OFF = [...LOAN, chargeOff("2025-01-10")];
const PAID_OFF = [...LOAN, principalPayment("2025-01-01", "12000.00")];

describe("the first event and origination", () => {
  it("the first event on a loan must be an origination", () => {
    given([])
      .appending([ev.disbursement("2025-01-01", { amount: "100.00", method: "ach" })])
      .refusedWith(/the first event on a loan must be an origination, not disbursement/);
    given([]).appending([ORIGINATION]).accepted();
  });

  it("an origination and its disbursement can be appended together", () => {
    const end = given([]).appending(LOAN).accepted();
    expect(end.status).toBe("active");
  });

  it("no second origination", () => {
    given(ACTIVE)
      .appending([ORIGINATION])
      .refusedWith(/the loan was already originated on 2025-01-01 \(event #1\)/);
  });

  it("nothing dated before the origination date", () => {
    given(ACTIVE)
      .appending([fee("2024-12-31")])
      .refusedWith(/effective date 2024-12-31 is before the origination date 2025-01-01/);
    given(ACTIVE)
      .appending([fee("2025-01-01")])
      .accepted();
  });
});

describe("disbursement", () => {
  it("not above the committed principal", () => {
    given(ACTIVE)
      .appending([ev.disbursement("2025-01-02", { amount: "0.01", method: "ach" })])
      .refusedWith(
        /disbursing 0.01 would exceed the committed principal 12000.00 \(12000.00 already disbursed\)/,
      );
    // 6000.00 + 6000.00 = the 12000.00 committed
    given([ORIGINATION, ev.disbursement("2025-01-01", { amount: "6000.00", method: "ach" })])
      .appending([ev.disbursement("2025-01-02", { amount: "6000.00", method: "wire" })])
      .accepted();
  });

  it("not on a charged-off loan", () => {
    given([
      ORIGINATION,
      ev.disbursement("2025-01-01", { amount: "6000.00", method: "ach" }),
      chargeOff("2025-01-05", "6000.00"),
    ])
      .appending([ev.disbursement("2025-01-06", { amount: "1000.00", method: "ach" })])
      .refusedWith(/cannot disburse on a loan that is charged off/);
  });

  it("not on a paid-off loan", () => {
    given([
      ORIGINATION,
      ev.disbursement("2025-01-01", { amount: "6000.00", method: "ach" }),
      principalPayment("2025-01-01", "6000.00"),
    ])
      .appending([ev.disbursement("2025-01-06", { amount: "1000.00", method: "ach" })])
      .refusedWith(/cannot disburse on a loan that is paid off/);
  });
});

describe("payment", () => {
  it("no payment before disbursement", () => {
    given(ORIGINATED)
      .appending([principalPayment("2025-01-02", "10.00")])
      .refusedWith(/cannot take a payment before disbursement/);
  });

  it("judged as of its date: dated before a later first disbursement is refused", () => {
    given([ORIGINATION, ev.disbursement("2025-01-10", { amount: "12000.00", method: "ach" })])
      .appending([principalPayment("2025-01-05", "10.00")])
      .refusedWith(/cannot take a payment before disbursement/);
    given([ORIGINATION, ev.disbursement("2025-01-10", { amount: "12000.00", method: "ach" })])
      .appending([principalPayment("2025-01-10", "10.00")])
      .accepted();
  });

  const PAID_JAN_11 = [...LOAN, principalPayment("2025-01-11", "500.00")]; // event #3

  it("a payment dated before the latest payment passes the rules (decide restates the later one)", () => {
    given(PAID_JAN_11)
      .appending([principalPayment("2025-01-10", "10.00")])
      .accepted();
    given(PAID_JAN_11)
      .appending([principalPayment("2025-01-11", "10.00")])
      .accepted();
  });

  it("once the later payment is reversed, an earlier-dated payment is accepted", () => {
    given([...PAID_JAN_11, reversal("2025-01-11", 3)])
      .appending([principalPayment("2025-01-10", "10.00")])
      .accepted();
    // reversal and re-dated payment in one append
    given(PAID_JAN_11)
      .appending([reversal("2025-01-11", 3), principalPayment("2025-01-10", "10.00")])
      .accepted();
  });

  it("an allocation that does not sum to the amount is refused (replay would warn)", () => {
    given(ACTIVE)
      .appending([
        ev.payment("2025-01-02", {
          amount: "500.00",
          allocation: { fees: "0.00", interest: "0.00", principal: "400.00" },
        }),
      ])
      .refusedWith(/allocation sums to 400.00, less than the payment amount 500.00/);
  });

  it("an allocation above a balance is refused (replay would warn)", () => {
    given(ACTIVE)
      .appending([
        ev.payment("2025-01-02", {
          amount: "500.00",
          allocation: { fees: "0.00", interest: "5.00", principal: "495.00" },
        }),
      ])
      .refusedWith(/allocation.interest 5.00 exceeds the interest balance 0.00/);
  });

  it("a payment after charge-off is a recovery, accepted", () => {
    const end = given(CHARGED_OFF)
      .appending([
        ev.payment("2025-02-01", {
          amount: "100.00",
          allocation: { fees: "0.00", interest: "0.00", principal: "100.00" },
        }),
      ])
      .accepted();
    expect(view(end).totals.recoveries).toBe("100.00");
  });
});

describe("interest_accrual", () => {
  it("no accrual unless the loan is active or in forbearance", () => {
    given(ORIGINATED)
      .appending([accrual("2025-01-02")])
      .refusedWith(/no interest accrues on a loan that is originated/);
    given(CHARGED_OFF)
      .appending([accrual("2025-01-11")])
      .refusedWith(/no interest accrues on a loan that is charged off/);
    given(PAID_OFF)
      .appending([accrual("2025-01-02")])
      .refusedWith(/no interest accrues on a loan that is paid off/);
    given(ACTIVE)
      .appending([accrual("2025-01-02")])
      .accepted();
    given(FORBEARING)
      .appending([accrual("2025-01-06")])
      .accepted();
  });
});

describe("fee_waiver", () => {
  it("not above the fees outstanding on its date", () => {
    given([...ACTIVE, fee("2025-01-10")])
      .appending([waiver("2025-01-10", "25.01")])
      .refusedWith(/cannot waive 25.01: outstanding fees on 2025-01-10 are 25.00/);
    given([...ACTIVE, fee("2025-01-10")])
      .appending([waiver("2025-01-10", "25.00")])
      .accepted();
  });

  it("judged as of its date: a waiver backdated before the fee finds no fees", () => {
    given([...ACTIVE, fee("2025-01-10")])
      .appending([waiver("2025-01-05", "10.00")])
      .refusedWith(/cannot waive 10.00: outstanding fees on 2025-01-05 are 0.00/);
  });

  it("sees a fee appended before it in the same batch", () => {
    given(ACTIVE)
      .appending([fee("2025-01-10"), waiver("2025-01-10", "25.00")])
      .accepted();
  });
});

describe("fee, modification and deferment", () => {
  it("not on a charged-off loan", () => {
    given(CHARGED_OFF)
      .appending([fee("2025-01-11")])
      .refusedWith(/cannot record fee_assessment on a loan that is charged off/);
    given(CHARGED_OFF)
      .appending([modification("2025-01-11")])
      .refusedWith(/cannot record modification on a loan that is charged off/);
    given(CHARGED_OFF)
      .appending([deferment("2025-01-11")])
      .refusedWith(/cannot record deferment on a loan that is charged off/);
  });

  it("not on a paid-off loan", () => {
    given(PAID_OFF)
      .appending([fee("2025-01-02")])
      .refusedWith(/cannot record fee_assessment on a loan that is paid off/);
    given(PAID_OFF)
      .appending([modification("2025-01-02")])
      .refusedWith(/cannot record modification on a loan that is paid off/);
    given(PAID_OFF)
      .appending([deferment("2025-01-02")])
      .refusedWith(/cannot record deferment on a loan that is paid off/);
  });

  it("accepted on an active loan", () => {
    given(ACTIVE)
      .appending([fee("2025-01-02")])
      .accepted();
    given(ACTIVE)
      .appending([modification("2025-01-02")])
      .accepted();
    given(ACTIVE)
      .appending([deferment("2025-01-02")])
      .accepted();
  });

  it("a modification whose 'before' disagrees with the terms in force is refused (replay would warn)", () => {
    given(ACTIVE)
      .appending([
        ev.modification("2025-01-02", {
          before: {
            annualRate: "0.07",
            termMonths: 12,
            paymentAmount: "1032.80",
            maturityDate: "2026-01-01",
          },
          after: {
            annualRate: "0.05",
            termMonths: 12,
            paymentAmount: "1027.29",
            maturityDate: "2026-01-01",
          },
          reason: "hardship",
        }),
      ])
      .refusedWith(
        /modification "before" disagrees with the replayed terms: annualRate 0.07 \(replayed 0.06\)/,
      );
  });
});

describe("forbearance", () => {
  it("starts only on an active loan", () => {
    given(ORIGINATED)
      .appending([forbearance("2025-01-02")])
      .refusedWith(/forbearance can only start on an active loan; this loan is originated/);
    given(FORBEARING)
      .appending([forbearance("2025-01-06")])
      .refusedWith(/forbearance can only start on an active loan; this loan is forbearance/);
    given(ACTIVE)
      .appending([forbearance("2025-01-02")])
      .accepted();
  });

  it("ends only during forbearance", () => {
    given(ACTIVE)
      .appending([ev.forbearanceEnd("2025-01-10", { action: "lump_sum" })])
      .refusedWith(
        /forbearance_end is only allowed during forbearance; on 2025-01-10 the loan is active/,
      );
    given(FORBEARING)
      .appending([ev.forbearanceEnd("2025-01-10", { action: "lump_sum" })])
      .accepted();
  });

  it("judged as of its date: an end backdated before the start is refused", () => {
    given(FORBEARING)
      .appending([ev.forbearanceEnd("2025-01-04", { action: "lump_sum" })])
      .refusedWith(
        /forbearance_end is only allowed during forbearance; on 2025-01-04 the loan is active/,
      );
  });

  it("a capitalised amount above the interest balance is refused (replay would warn)", () => {
    given(FORBEARING)
      .appending([
        ev.forbearanceEnd("2025-01-10", { action: "capitalize", capitalizedAmount: "5.00" }),
      ])
      .refusedWith(/capitalizedAmount 5.00 exceeds the interest balance 0.00/);
  });
});

describe("charge_off", () => {
  it("only an active loan (or one in forbearance) can be charged off", () => {
    given(ORIGINATED)
      .appending([chargeOff("2025-01-02", "0.00")])
      .refusedWith(/only an active loan can be charged off; this loan is originated/);
    given(PAID_OFF)
      .appending([chargeOff("2025-01-02", "0.00")])
      .refusedWith(/only an active loan can be charged off; this loan is paid off/);
    given(CHARGED_OFF)
      .appending([chargeOff("2025-01-11", "0.00")])
      .refusedWith(/only an active loan can be charged off; this loan is charged off/);
    given(ACTIVE)
      .appending([chargeOff("2025-01-10")])
      .accepted();
    given(FORBEARING)
      .appending([chargeOff("2025-01-10")])
      .accepted();
  });

  it("amounts that are not the balances are refused (replay would warn)", () => {
    given(ACTIVE)
      .appending([chargeOff("2025-01-10", "11000.00")])
      .refusedWith(/charge-off leaves 1000.00 outstanding \(partial charge-off\)/);
    given(ACTIVE)
      .appending([
        ev.chargeOff("2025-01-10", {
          amount: "12001.00",
          principal: "12000.00",
          interest: "0.00",
          fees: "0.00",
          reason: "fraud",
        }),
      ])
      .refusedWith(/charge-off amount 12001.00 is not principal \+ interest \+ fees \(12000.00\)/);
  });
});

describe("reversal", () => {
  const PAID = [...LOAN, principalPayment("2025-01-11", "500.00")]; // payment is event #3

  it("only of an existing payment", () => {
    given(PAID)
      .appending([reversal("2025-01-12", 9)])
      .refusedWith(/there is no payment, fee, waiver or charge-off #9 on this loan to reverse/);
    // #2 exists but is the disbursement
    given(PAID)
      .appending([reversal("2025-01-12", 2)])
      .refusedWith(/there is no payment, fee, waiver or charge-off #2 on this loan to reverse/);
  });

  it("only of a payment not already reversed", () => {
    given([...PAID, reversal("2025-01-12", 3)])
      .appending([reversal("2025-01-13", 3)])
      .refusedWith(/payment #3 was already reversed by event #4/);
  });

  it("effective on or after the payment it reverses", () => {
    given(PAID)
      .appending([reversal("2025-01-10", 3)])
      .refusedWith(
        /a reversal must be effective on or after the payment it reverses \(2025-01-11\)/,
      );
    const end = given(PAID)
      .appending([reversal("2025-01-11", 3)])
      .accepted();
    expect(view(end).principal).toBe("12000.00");
  });
});

describe("sequence numbers and batches", () => {
  it("candidates must follow the stored events without a gap", () => {
    const spec = given(LOAN);
    const [candidate] = numbered([fee("2025-01-02")], 3); // #4, but the loan is at #2
    const { problems, end } = checkAppend(spec.model, [candidate!]);
    expect(problems).toEqual([{ sequenceNumber: 4, message: "sequence number must be 3" }]);
    expect(end).toBe(spec.model.current);
  });

  it("the first refused candidate stops the check; the problem names it", () => {
    const result = given(LOAN).appending([
      fee("2025-01-02"),
      waiver("2025-01-02", "30.00"),
      fee("2025-01-03"),
    ]);
    expect(result.problems).toEqual([
      {
        sequenceNumber: 4,
        message: "cannot waive 30.00: outstanding fees on 2025-01-02 are 25.00",
      },
    ]);
    // `end` is the state after the candidates accepted so far (#3)
    expect(view(result.end)).toMatchObject({ fees: "25.00", lastSequence: 3 });
  });

  it("a candidate backdated before another candidate in the batch is judged with it folded in", () => {
    // #3 a fee on Jan 10, #4 a waiver on Jan 12 of it, #5 a waiver on Jan 11: fees on Jan 11 are 25.00
    // but only 15.00 are left after #4, so replay (in sequence order) would warn.
    given(LOAN)
      .appending([fee("2025-01-10"), waiver("2025-01-12", "10.00"), waiver("2025-01-11", "25.00")])
      .refusedWith(/waiver of 25.00 exceeds the outstanding fees 15.00/);
  });
});
