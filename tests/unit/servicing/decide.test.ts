/**
 * Given events / when a command / then these events: one spec per servicing
 * command (lib/servicing/decide.ts), every amount worked out by hand in the
 * comment beside it. `then` also checks that checkAppend accepts what was
 * decided (tests/unit/servicing/spec.ts).
 */
import { describe, expect, it } from "vitest";
import { EVENT_TYPES, type EventType } from "../../../lib/events/event-types";
import { Dec } from "../../../lib/money";
import {
  commandChangesPaymentLog,
  earliestDateRead,
  touchesPaymentLog,
} from "../../../lib/servicing/decide";
import { waterfallFor } from "../../../lib/servicing/waterfall";
import { MissingBaseError } from "../../../lib/servicing/write-model";
import { ev } from "../../engine/helpers";
import {
  asDrafts,
  type CommandInput,
  DAY,
  dailyAccruals,
  decimalOf,
  given,
  LOAN,
  loan360,
  principalPayment,
  snapshotBase,
  TEN_DAYS,
  TERMS,
  view,
  ZERO_RATE_LOAN,
} from "./spec";

const LATE_FEE = ev.fee("2025-01-05", { amount: "25.00", feeType: "late" });

describe("record_payment", () => {
  it("accrues the days before the payment, then splits fees -> interest -> principal", () => {
    // Catch-up: Jan 1 .. Jan 10 at 1.972603 a day = 19.72603 owed on Jan 11.
    // 500.00: fees 0.00, interest 19.72 (19.72603 rounded DOWN to cents), principal 480.28.
    const { end } = given(LOAN)
      .when({
        type: "record_payment",
        amount: "500",
        effectiveDate: "2025-01-11",
        method: "ach",
        reference: "chk-1",
      })
      .then([
        ...TEN_DAYS,
        {
          eventType: "payment",
          effectiveDate: "2025-01-11",
          eventData: {
            amount: "500.00",
            allocation: { fees: "0.00", interest: "19.72", principal: "480.28", unapplied: "0.00" },
            method: "ach",
            reference: "chk-1",
          },
        },
      ]);
    // 19.72603 - 19.72 = 0.00603 of interest left; 12000.00 - 480.28 = 11519.72.
    expect(view(end)).toMatchObject({ interest: "0.00603", principal: "11519.72", fees: "0.00" });
  });

  it("takes fees first under the standard waterfall", () => {
    // Owed on Jan 11: fees 25.00, interest 19.72603. 30.00: fees 25.00, interest 5.00, principal 0.00.
    given([...LOAN, LATE_FEE])
      .when({ type: "record_payment", amount: "30.00", effectiveDate: "2025-01-11" })
      .then([
        ...TEN_DAYS,
        {
          eventType: "payment",
          effectiveDate: "2025-01-11",
          eventData: {
            amount: "30.00",
            allocation: { fees: "25.00", interest: "5.00", principal: "0.00", unapplied: "0.00" },
          },
        },
      ]);
  });

  it('takes interest, then principal, then fees under the "interest-first" waterfall', () => {
    // Same 30.00: interest 19.72, principal 30.00 - 19.72 = 10.28, fees 0.00 (the 25.00 fee waits).
    const { end } = given([...LOAN, LATE_FEE])
      .when(
        { type: "record_payment", amount: "30.00", effectiveDate: "2025-01-11" },
        { order: waterfallFor("interest-first") },
      )
      .then([
        ...TEN_DAYS,
        {
          eventType: "payment",
          effectiveDate: "2025-01-11",
          eventData: {
            amount: "30.00",
            allocation: { fees: "0.00", interest: "19.72", principal: "10.28", unapplied: "0.00" },
          },
        },
      ]);
    expect(view(end)).toMatchObject({ fees: "25.00", principal: "11989.72" });
  });

  it("holds an overpayment as unapplied and pays the loan off (sub-cent interest written off)", () => {
    // Owed: fees 25.00 + interest 19.72 (of 19.72603) + principal 12000.00 = 12044.72.
    // 12050.00 - 12044.72 = 5.28 unapplied; 0.00603 of interest is below a cent: written off.
    const { end } = given([...LOAN, LATE_FEE])
      .when({ type: "record_payment", amount: "12,050.00", effectiveDate: "2025-01-11" })
      .then([
        ...TEN_DAYS,
        {
          eventType: "payment",
          effectiveDate: "2025-01-11",
          eventData: {
            amount: "12050.00",
            allocation: {
              fees: "25.00",
              interest: "19.72",
              principal: "12000.00",
              unapplied: "5.28",
            },
          },
        },
      ]);
    const state = view(end);
    expect(state.status).toBe("paid_off");
    expect(state.unapplied).toBe("5.28");
    expect(state.totals.residualWrittenOff).toBe("0.00603");
  });

  it("marks a payment dated before today as backdated", () => {
    given(LOAN)
      .when(
        { type: "record_payment", amount: "100.00", effectiveDate: "2025-01-01" },
        { today: "2025-01-02" },
      )
      .then([
        {
          eventType: "payment",
          effectiveDate: "2025-01-01",
          eventData: {
            amount: "100.00",
            allocation: { fees: "0.00", interest: "0.00", principal: "100.00", unapplied: "0.00" },
            backdated: true,
          },
        },
      ]);
  });

  // 6,000.00 disbursed Jan 1, the other 6,000.00 on Jan 20; the payment is dated Jan 11.
  const SPLIT_DISBURSEMENT = [
    LOAN[0]!,
    ev.disbursement("2025-01-01", { amount: "6000.00", method: "ach" }),
    ev.disbursement("2025-01-20", { amount: "6000.00", method: "ach" }),
  ];

  it("a backdated payment's catch-up reads the base: the principal as of each day, not today's", () => {
    // Jan 1 .. Jan 10 the principal was 6000.00: 6000 x 0.06 / 365 = 0.986301369... -> 0.986301
    // (today's 12000.00 would give 1.972603). 10 days = 9.86301; 500.00 -> interest 9.86,
    // principal 490.14.
    given(SPLIT_DISBURSEMENT)
      .when(
        { type: "record_payment", amount: "500.00", effectiveDate: "2025-01-11" },
        { today: "2025-01-25" },
      )
      .then([
        ...dailyAccruals("2025-01-01", "2025-01-10", {
          ...DAY,
          amount: "0.986301",
          principalBasis: "6000.00",
        }),
        {
          eventType: "payment",
          effectiveDate: "2025-01-11",
          eventData: {
            amount: "500.00",
            allocation: { fees: "0.00", interest: "9.86", principal: "490.14", unapplied: "0.00" },
            backdated: true,
          },
        },
      ]);
  });

  it("a backdated decision without a base is refused, not guessed from today's state", () => {
    const { decided } = given(SPLIT_DISBURSEMENT, { base: false }).when({
      type: "record_payment",
      amount: "500.00",
      effectiveDate: "2025-01-11",
    });
    expect(decided).toThrow(MissingBaseError);
  });

  it("decides the same with the base a snapshot would give (as of earliestDateRead)", () => {
    // The event store loads a base as of earliestDateRead (the first day not accrued).
    const spec = given(SPLIT_DISBURSEMENT);
    const { command, decided } = spec.when({
      type: "record_payment",
      amount: "500.00",
      effectiveDate: "2025-01-11",
    });
    const asOf = earliestDateRead(spec.model.current, command);
    expect(asOf).toBe("2025-01-01");
    const fromGenesis = decided();
    const snapshotSpec = given(SPLIT_DISBURSEMENT);
    snapshotSpec.model.base = snapshotBase(spec.events, asOf);
    expect(snapshotSpec.when(command).decided()).toEqual(fromGenesis);
  });
});

describe("accrue", () => {
  it("accrues each day through the date at principal x rate / 365, half-up to 6 places", () => {
    // 12000 x 0.06 / 365 = 1.972602739... -> "1.972603", for Jan 1, Jan 2 and Jan 3.
    const { end } = given(LOAN)
      .when({ type: "accrue", through: "2025-01-03" })
      .then(dailyAccruals("2025-01-01", "2025-01-03", DAY));
    // 3 x 1.972603 = 5.917809
    expect(view(end).interest).toBe("5.917809");
  });

  it("is a no-op when already accrued through the date (or later)", () => {
    const accrued = [...LOAN, ...asDrafts(dailyAccruals("2025-01-01", "2025-01-03", DAY))];
    given(accrued).when({ type: "accrue", through: "2025-01-03" }).then([]);
    given(accrued).when({ type: "accrue", through: "2025-01-02" }).then([]);
  });

  it("continues from the day after the last accrual", () => {
    const accrued = [...LOAN, ...asDrafts(dailyAccruals("2025-01-01", "2025-01-03", DAY))];
    given(accrued)
      .when({ type: "accrue", through: "2025-01-05" })
      .then(dailyAccruals("2025-01-04", "2025-01-05", DAY));
  });

  it("accrues nothing before disbursement, at 0 %, or on a paid-off or charged-off loan", () => {
    given([LOAN[0]!]).when({ type: "accrue", through: "2025-01-31" }).then([]);
    given(ZERO_RATE_LOAN).when({ type: "accrue", through: "2025-01-31" }).then([]);
    given([...LOAN, principalPayment("2025-01-01", "12000.00")])
      .when({ type: "accrue", through: "2025-01-31" })
      .then([]);
    given([
      ...LOAN,
      ev.chargeOff("2025-01-01", {
        amount: "12000.00",
        principal: "12000.00",
        interest: "0.00",
        fees: "0.00",
        reason: "fraud",
      }),
    ])
      .when({ type: "accrue", through: "2025-01-31" })
      .then([]);
  });

  it("accrues the days before a change at the principal of those days (backdated catch-up reads the base)", () => {
    // A 2,000.00 principal payment on Jan 3 (no accruals yet): Jan 1, Jan 2 on 12000.00 (1.972603),
    // Jan 3, Jan 4 on 10000.00: 10000 x 0.06 / 365 = 1.643835616... -> 1.643836.
    given([...LOAN, principalPayment("2025-01-03", "2000.00")])
      .when({ type: "accrue", through: "2025-01-04" })
      .then([
        ...dailyAccruals("2025-01-01", "2025-01-02", DAY),
        ...dailyAccruals("2025-01-03", "2025-01-04", {
          ...DAY,
          amount: "1.643836",
          principalBasis: "10000.00",
        }),
      ]);
  });

  describe("30/360 (bond basis) day rules", () => {
    // One 30/360 day on 12,000.00 at 6 %: 12000 x 0.06 x 1 / 360 = 2.000000.
    const day360 = (date: string, days: number, amount: string) => ({
      eventType: "interest_accrual" as const,
      effectiveDate: date,
      eventData: { amount, rate: "0.06", dayCount: "30/360", days, principalBasis: "12000.00" },
    });

    // The accrual dated D counts dayCount(S, D+1) - dayCount(S, D), S the disbursement
    // date, so the days from S through E-1 add up to dayCount(S, E) (DOMAIN.md "Daily
    // accrual days"): the 31st counts when S's day is before the 30th.
    it("disbursed before the 30th: the 30th of a 31-day month counts 1 day, the 31st 0 (no event)", () => {
      // S = Jan 29 (D1 = 29). dayCount(S, Jan 30) = 1, (S, Jan 31) = 2 (D2 = 31 stays 31
      // since D1 < 30), (S, Feb 1) = 30 x 1 + (1 - 29) = 2, (S, Feb 2) = 3.
      // So Jan 29: 1, Jan 30: 2 - 1 = 1, Jan 31: 2 - 2 = 0 (no event), Feb 1: 3 - 2 = 1.
      given(loan360("2025-01-01", "2025-01-29", "2025-03-01"))
        .when({ type: "accrue", through: "2025-02-01" })
        .then([
          day360("2025-01-29", 1, "2.000000"),
          day360("2025-01-30", 1, "2.000000"),
          day360("2025-02-01", 1, "2.000000"),
        ]);
    });

    it("disbursed on the 30th: the 30th of a 31-day month counts 0 days (no event), the 31st 1", () => {
      // S = Jan 30 (D1 = 30). dayCount(S, Jan 31) = 0 (D2 = 31 -> 30 since D1 = 30),
      // (S, Feb 1) = 30 x 1 + (1 - 30) = 1, (S, Feb 2) = 2.
      // So Jan 30: 0 (no event), Jan 31: 1 - 0 = 1, Feb 1: 2 - 1 = 1.
      given(loan360("2025-01-30", "2025-01-30", "2025-03-01"))
        .when({ type: "accrue", through: "2025-02-01" })
        .then([day360("2025-01-31", 1, "2.000000"), day360("2025-02-01", 1, "2.000000")]);
    });

    it("the last day of February counts 3 days in a common year", () => {
      // Feb 28 -> Mar 1 2025: 30 x 1 + (1 - 28) = 3 days: 12000 x 0.06 x 3 / 360 = 6.000000.
      given(loan360("2025-02-01", "2025-02-27", "2025-03-27"))
        .when({ type: "accrue", through: "2025-03-01" })
        .then([
          day360("2025-02-27", 1, "2.000000"),
          day360("2025-02-28", 3, "6.000000"),
          day360("2025-03-01", 1, "2.000000"),
        ]);
    });

    it("and 2 days in a leap year (Feb 28 counts 1, Feb 29 counts 2)", () => {
      // Feb 29 -> Mar 1 2024: 30 + (1 - 29) = 2 days: 12000 x 0.06 x 2 / 360 = 4.000000.
      given(loan360("2024-02-01", "2024-02-28", "2024-03-28"))
        .when({ type: "accrue", through: "2024-03-01" })
        .then([
          day360("2024-02-28", 1, "2.000000"),
          day360("2024-02-29", 2, "4.000000"),
          day360("2024-03-01", 1, "2.000000"),
        ]);
    });

    it("so every month accrues 30 days: March is 12000 x 0.06 / 12 = 60.00", () => {
      const decided = given(loan360("2025-03-01", "2025-03-01", "2025-04-01"))
        .when({ type: "accrue", through: "2025-03-31" })
        .decided();
      // S = Mar 1: Mar 1 .. Mar 30 count 1 day each (dayCount(S, Mar 31) = 30 since
      // D1 = 1 < 30); Mar 31 counts dayCount(S, Apr 1) - 30 = 30 - 30 = 0: no event.
      expect(decided).toHaveLength(30);
      expect(decided.some((e) => e.effectiveDate === "2025-03-31")).toBe(false);
      const total = decided.reduce(
        (s, e) => s.plus((e.eventData as { amount: string }).amount),
        new Dec(0),
      );
      expect(total.toFixed(2)).toBe("60.00");
    });
  });

  it("writes no accrual inside a deferment whose interest is waived", () => {
    // Deferment Jan 11, 1 period, waive: no interest Jan 11 .. Feb 10 (until Feb 11).
    // Jan 1 .. Jan 10 (before the deferment, read from the base) and Feb 11, Feb 12 accrue.
    given([...LOAN, ev.deferment("2025-01-11", { periods: 1, interestTreatment: "waive" })])
      .when({ type: "accrue", through: "2025-02-12" })
      .then([...TEN_DAYS, ...dailyAccruals("2025-02-11", "2025-02-12", DAY)]);
  });
});

describe("accrue after a charge-off or payoff recorded without its catch-up", () => {
  // An imported history (or a raw `cli append`) can hold a charge-off or a payoff with no
  // accruals before it: both are accepted when appended (the balances match).
  const CHARGED_OFF_UNACCRUED = [
    ...LOAN,
    ev.chargeOff("2025-01-20", {
      amount: "12000.00",
      principal: "12000.00",
      interest: "0.00",
      fees: "0.00",
      reason: "fraud",
    }),
  ];
  const PAID_OFF_UNACCRUED = [...LOAN, principalPayment("2025-01-20", "12000.00")];

  // Regression: the planner once read each day's status as of that day and planned
  // Jan 1 .. Jan 19 (active then) for a loan charged off on Jan 20 without accruals;
  // appended after the charge-off in sequence order the rules refused them, and one
  // such loan failed the accrual job's whole batch. Whatever the planner decides,
  // checkAppend accepts (here: nothing).
  const acceptsWhatIsPlanned = (drafts: typeof LOAN) => () => {
    const spec = given(drafts);
    const decided = spec.when({ type: "accrue", through: "2025-01-25" }).decided();
    spec.appending(asDrafts(decided)).accepted();
  };

  it(
    "plans no accrual the rules refuse: a charge-off without accruals before it",
    acceptsWhatIsPlanned(CHARGED_OFF_UNACCRUED),
  );

  it(
    "plans no accrual the rules refuse: a payoff without accruals before it",
    acceptsWhatIsPlanned(PAID_OFF_UNACCRUED),
  );
});

describe("assess_fee", () => {
  it("records the fee as given, with its note", () => {
    given(LOAN)
      .when({
        type: "assess_fee",
        amount: "$25",
        effectiveDate: "2025-01-15",
        feeType: "late",
        note: "  10 days late ",
      })
      .then([
        {
          eventType: "fee_assessment",
          effectiveDate: "2025-01-15",
          eventData: { amount: "25.00", feeType: "late", note: "10 days late" },
        },
      ]);
  });

  it("leaves out an empty note (and does not catch up accruals)", () => {
    given(LOAN)
      .when({
        type: "assess_fee",
        amount: "10",
        effectiveDate: "2025-01-15",
        feeType: "other",
        note: "",
      })
      .then([
        {
          eventType: "fee_assessment",
          effectiveDate: "2025-01-15",
          eventData: { amount: "10.00", feeType: "other" },
        },
      ]);
  });
});

describe("waive_fee", () => {
  it("records the waiver with the actor as waivedBy", () => {
    const { end } = given([...LOAN, LATE_FEE])
      .when(
        { type: "waive_fee", amount: "10", effectiveDate: "2025-01-06", reason: "goodwill" },
        { actor: "ops@bank.test" },
      )
      .then([
        {
          eventType: "fee_waiver",
          effectiveDate: "2025-01-06",
          eventData: { amount: "10.00", waivedBy: "ops@bank.test", reason: "goodwill" },
        },
      ]);
    // 25.00 - 10.00
    expect(view(end).fees).toBe("15.00");
  });
});

describe("reverse_payment", () => {
  // Event #3: 500.00 of principal on Jan 1.
  const PAID = [...LOAN, principalPayment("2025-01-01", "500.00")];

  it("reverses the payment (no NSF fee)", () => {
    const { end } = given(PAID)
      .when({
        type: "reverse_payment",
        paymentSequence: "3",
        effectiveDate: "2025-01-12",
        reason: "returned unpaid",
      })
      .then([
        {
          eventType: "reversal",
          effectiveDate: "2025-01-12",
          eventData: { reversedSequence: 3, reason: "returned unpaid" },
        },
      ]);
    expect(view(end)).toMatchObject({ principal: "12000.00", fees: "0.00" });
  });

  it("adds an NSF fee related to the payment when one is given", () => {
    const { end } = given(PAID)
      .when({
        type: "reverse_payment",
        paymentSequence: 3,
        effectiveDate: "2025-01-12",
        reason: "NSF",
        nsfFee: "25",
      })
      .then([
        {
          eventType: "reversal",
          effectiveDate: "2025-01-12",
          eventData: { reversedSequence: 3, reason: "NSF" },
        },
        {
          eventType: "fee_assessment",
          effectiveDate: "2025-01-12",
          eventData: { amount: "25.00", feeType: "nsf", relatedSequence: 3 },
        },
      ]);
    expect(view(end)).toMatchObject({ principal: "12000.00", fees: "25.00" });
  });

  it("a zero NSF fee adds no fee", () => {
    given(PAID)
      .when({
        type: "reverse_payment",
        paymentSequence: 3,
        effectiveDate: "2025-01-12",
        reason: "NSF",
        nsfFee: "0",
      })
      .then([
        {
          eventType: "reversal",
          effectiveDate: "2025-01-12",
          eventData: { reversedSequence: 3, reason: "NSF" },
        },
      ]);
  });
});

describe("modify_terms", () => {
  it('a new rate: ratePercent "4.5" -> annualRate 0.045 and the level payment at it', () => {
    // Catch-up Jan 1 .. Jan 10 first. All 12 due dates (2025-02-01 .. 2026-01-01) are after
    // Jan 11: r = 0.045 / 12 = 0.00375, (1.00375)^12 = 1.04593982504...,
    // 12000 x 0.00375 x 1.04593982504 / 0.04593982504 = 1024.542259... -> "1024.54".
    const { end } = given(LOAN)
      .when({
        type: "modify_terms",
        effectiveDate: "2025-01-11",
        ratePercent: "4.5",
        reason: "hardship",
      })
      .then([
        ...TEN_DAYS,
        {
          eventType: "modification",
          effectiveDate: "2025-01-11",
          eventData: {
            before: TERMS,
            after: {
              // "0.045" (or "0.0450": the printed places are not the point)
              annualRate: decimalOf("0.045"),
              termMonths: 12,
              paymentAmount: "1024.54",
              maturityDate: "2026-01-01",
            },
            reason: "hardship",
          },
        },
      ]);
    expect(view(end).terms).toMatchObject({
      annualRate: decimalOf("0.045"),
      paymentAmount: "1024.54",
    });
  });

  it("a new term: the level payment over the payments left to the new maturity", () => {
    // 0 % loan, 1000.00 paid on Feb 1 and Mar 1: principal 10000.00.
    // 24 months from 2025-02-01: maturity 2025-02-01 + 23 months = 2027-01-01. Due dates after
    // Mar 15: 24 - 2 (Feb 1, Mar 1) = 22. 10000 / 22 = 454.5454... -> "454.55".
    given([
      ...ZERO_RATE_LOAN,
      principalPayment("2025-02-01", "1000.00"),
      principalPayment("2025-03-01", "1000.00"),
    ])
      .when({
        type: "modify_terms",
        effectiveDate: "2025-03-15",
        termMonths: "24",
        reason: "extension",
      })
      .then([
        {
          eventType: "modification",
          effectiveDate: "2025-03-15",
          eventData: {
            before: {
              annualRate: "0",
              termMonths: 12,
              paymentAmount: "1000.00",
              maturityDate: "2026-01-01",
            },
            after: {
              annualRate: "0",
              termMonths: 24,
              paymentAmount: "454.55",
              maturityDate: "2027-01-01",
            },
            reason: "extension",
          },
        },
      ]);
  });

  it("capitalizeInterest moves the interest outstanding into principal before the payment is computed", () => {
    // Accrued Jan 1 .. Jan 10: 19.72603, nothing to catch up on Jan 11. Principal 12019.72603,
    // rounded to cents 12019.73 for the payment: 12019.73 x 0.005 x 1.0616778118645 /
    // 0.0616778118645 = 1034.495247... -> "1034.50".
    const { end } = given([...LOAN, ...asDrafts(TEN_DAYS)])
      .when({
        type: "modify_terms",
        effectiveDate: "2025-01-11",
        capitalizeInterest: "on",
        reason: "capitalise arrears",
      })
      .then([
        {
          eventType: "modification",
          effectiveDate: "2025-01-11",
          eventData: {
            before: TERMS,
            after: { ...TERMS, paymentAmount: "1034.50" },
            reason: "capitalise arrears",
            capitalizedInterest: "19.72603",
          },
        },
      ]);
    expect(view(end)).toMatchObject({ principal: "12019.72603", interest: "0.00" });
    expect(view(end).totals.capitalized).toBe("19.72603");
  });

  it("capitalizeInterest with no interest outstanding records no capitalizedInterest", () => {
    given(LOAN)
      .when({
        type: "modify_terms",
        effectiveDate: "2025-01-01",
        capitalizeInterest: true,
        reason: "x",
      })
      .then([
        {
          eventType: "modification",
          effectiveDate: "2025-01-01",
          eventData: { before: TERMS, after: TERMS, reason: "x" },
        },
      ]);
  });

  it("refuses a modification whose new maturity is not after its date", () => {
    // 12 months from 2025-02-01: maturity 2026-01-01, no due date after 2026-01-01.
    given(ZERO_RATE_LOAN)
      .when({ type: "modify_terms", effectiveDate: "2026-01-01", ratePercent: "1", reason: "late" })
      .thenThrows("rule_violation", /new maturity date 2026-01-01 is not after 2026-01-01/);
    // termMonths 1: maturity = first payment date 2025-02-01.
    given(ZERO_RATE_LOAN)
      .when({ type: "modify_terms", effectiveDate: "2025-02-01", termMonths: 1, reason: "late" })
      .thenThrows(
        "rule_violation",
        /new maturity date 2025-02-01 is not after 2025-02-01; lengthen the term/,
      );
  });

  it("a term that reaches past the date is accepted (13 months: one payment left, 2026-02-01)", () => {
    given(ZERO_RATE_LOAN)
      .when({ type: "modify_terms", effectiveDate: "2026-01-01", termMonths: 13, reason: "late" })
      .then([
        {
          eventType: "modification",
          effectiveDate: "2026-01-01",
          eventData: {
            before: {
              annualRate: "0",
              termMonths: 12,
              paymentAmount: "1000.00",
              maturityDate: "2026-01-01",
            },
            // 12000.00 over 1 payment
            after: {
              annualRate: "0",
              termMonths: 13,
              paymentAmount: "12000.00",
              maturityDate: "2026-02-01",
            },
            reason: "late",
          },
        },
      ]);
  });

  it("refuses a modification of a loan that was never originated", () => {
    given([])
      .when({ type: "modify_terms", effectiveDate: "2025-01-01", ratePercent: "5", reason: "x" })
      .thenThrows("rule_violation", /has not been originated/);
  });

  // Regression: the new maturity was once recomputed as firstPaymentDate +
  // termMonths - 1, silently undoing a deferment (which moves maturityDate but
  // not termMonths) and spreading the payment over fewer payments.
  it("a rate-only modification after a deferment keeps the deferred maturity", () => {
    const decided = given([
      ...ZERO_RATE_LOAN,
      ev.deferment("2025-01-15", { periods: 2, interestTreatment: "accrue" }),
    ])
      .when({
        type: "modify_terms",
        effectiveDate: "2025-01-20",
        ratePercent: "0",
        reason: "rate review",
      })
      .decided();
    const data = decided.at(-1)?.eventData as {
      before: { maturityDate: string };
      after: { maturityDate: string };
    };
    expect(data.before.maturityDate).toBe("2026-03-01");
    expect(data.after.maturityDate).toBe("2026-03-01");
  });
});

describe("start_forbearance", () => {
  it("records the forbearance as given (no catch-up)", () => {
    const { end } = given(LOAN)
      .when({
        type: "start_forbearance",
        effectiveDate: "2025-02-01",
        forbearanceType: "suspension",
        reducedPayment: "0",
        plannedEndDate: "2025-05-01",
      })
      .then([
        {
          eventType: "forbearance_start",
          effectiveDate: "2025-02-01",
          eventData: {
            forbearanceType: "suspension",
            reducedPayment: "0.00",
            plannedEndDate: "2025-05-01",
          },
        },
      ]);
    expect(end.status).toBe("forbearance");
  });

  it("leaves out a missing planned end date", () => {
    given(LOAN)
      .when({
        type: "start_forbearance",
        effectiveDate: "2025-02-01",
        forbearanceType: "reduced_payment",
        reducedPayment: "250",
      })
      .then([
        {
          eventType: "forbearance_start",
          effectiveDate: "2025-02-01",
          eventData: { forbearanceType: "reduced_payment", reducedPayment: "250.00" },
        },
      ]);
  });
});

describe("end_forbearance", () => {
  const FORBEARING = [
    ...LOAN,
    ev.forbearanceStart("2025-01-01", {
      forbearanceType: "reduced_payment",
      reducedPayment: "100.00",
    }),
  ];

  it("capitalize: accrues to the end date, then moves the interest into principal", () => {
    // Interest accrues in forbearance: Jan 1 .. Jan 10 = 19.72603, all capitalised.
    const { end } = given(FORBEARING)
      .when({ type: "end_forbearance", effectiveDate: "2025-01-11", action: "capitalize" })
      .then([
        ...TEN_DAYS,
        {
          eventType: "forbearance_end",
          effectiveDate: "2025-01-11",
          eventData: { action: "capitalize", capitalizedAmount: "19.72603" },
        },
      ]);
    expect(view(end)).toMatchObject({
      status: "active",
      principal: "12019.72603",
      interest: "0.00",
    });
  });

  it("extend_term: extends the term and maturity by the months given", () => {
    const { end } = given(FORBEARING)
      .when({
        type: "end_forbearance",
        effectiveDate: "2025-01-11",
        action: "extend_term",
        extendedMonths: "3",
      })
      .then([
        ...TEN_DAYS,
        {
          eventType: "forbearance_end",
          effectiveDate: "2025-01-11",
          eventData: { action: "extend_term", extendedMonths: 3 },
        },
      ]);
    // 12 + 3 months; 2026-01-01 + 3 months
    expect(view(end).terms).toMatchObject({ termMonths: 15, maturityDate: "2026-04-01" });
    expect(view(end).interest).toBe("19.72603");
  });

  it("repayment_plan: ends the forbearance, interest stays interest", () => {
    given(FORBEARING)
      .when({ type: "end_forbearance", effectiveDate: "2025-01-11", action: "repayment_plan" })
      .then([
        ...TEN_DAYS,
        {
          eventType: "forbearance_end",
          effectiveDate: "2025-01-11",
          eventData: { action: "repayment_plan" },
        },
      ]);
  });
});

describe("defer", () => {
  it("capitalize: accrues to the date, moves the interest into principal, maturity moves out", () => {
    const { end } = given(LOAN)
      .when({
        type: "defer",
        effectiveDate: "2025-01-11",
        periods: "2",
        interestTreatment: "capitalize",
      })
      .then([
        ...TEN_DAYS,
        {
          eventType: "deferment",
          effectiveDate: "2025-01-11",
          eventData: { periods: 2, interestTreatment: "capitalize", capitalizedAmount: "19.72603" },
        },
      ]);
    // 2026-01-01 + 2 months
    expect(view(end)).toMatchObject({
      principal: "12019.72603",
      interest: "0.00",
      deferredPeriods: 2,
    });
    expect(view(end).terms?.maturityDate).toBe("2026-03-01");
  });

  it("waive: records the deferment; the accrual planner then skips its months", () => {
    given(LOAN)
      .when({ type: "defer", effectiveDate: "2025-01-11", periods: 1, interestTreatment: "waive" })
      .then([
        ...TEN_DAYS,
        {
          eventType: "deferment",
          effectiveDate: "2025-01-11",
          eventData: { periods: 1, interestTreatment: "waive" },
        },
      ]);
  });

  it("accrue: only the maturity moves", () => {
    const { end } = given(LOAN)
      .when({ type: "defer", effectiveDate: "2025-01-11", periods: 1, interestTreatment: "accrue" })
      .then([
        ...TEN_DAYS,
        {
          eventType: "deferment",
          effectiveDate: "2025-01-11",
          eventData: { periods: 1, interestTreatment: "accrue" },
        },
      ]);
    expect(view(end)).toMatchObject({ principal: "12000.00", interest: "19.72603" });
  });
});

describe("charge_off", () => {
  it("accrues to the date, then writes off principal + interest + fees", () => {
    // 12000.00 + 19.72603 + 25.00 = 12044.72603
    const { end } = given([...LOAN, LATE_FEE])
      .when({ type: "charge_off", effectiveDate: "2025-01-11", reason: "uncollectible" })
      .then([
        ...TEN_DAYS,
        {
          eventType: "charge_off",
          effectiveDate: "2025-01-11",
          eventData: {
            amount: "12044.72603",
            principal: "12000.00",
            interest: "19.72603",
            fees: "25.00",
            reason: "uncollectible",
          },
        },
      ]);
    const state = view(end);
    expect(state).toMatchObject({
      status: "charged_off",
      principal: "0.00",
      interest: "0.00",
      fees: "0.00",
    });
    expect(state.totals.chargedOff).toBe("12044.72603");
  });

  it("charges off a loan in forbearance", () => {
    const decided = given([
      ...ZERO_RATE_LOAN,
      ev.forbearanceStart("2025-01-02", { forbearanceType: "suspension", reducedPayment: "0.00" }),
    ])
      .when({ type: "charge_off", effectiveDate: "2025-01-11", reason: "uncollectible" })
      .then([
        {
          eventType: "charge_off",
          effectiveDate: "2025-01-11",
          eventData: {
            // amount, like the parts, with at least two decimals
            amount: "12000.00",
            principal: "12000.00",
            interest: "0.00",
            fees: "0.00",
            reason: "uncollectible",
          },
        },
      ]);
    expect(decided.end.status).toBe("charged_off");
  });
});

describe("charge_off backdated behind accruals (restated)", () => {
  it("writes off the interest through the day before and takes back the later accruals", () => {
    // Accrued (nightly) through Jan 10 (#3 .. #12, 1.972603 a day); charge-off dated Jan 5.
    // On time it would have been posted on Jan 5 with Jan 1 .. Jan 4 accrued: it writes off
    // 4 x 1.972603 = 7.890412 of interest, and no interest accrues from Jan 5 (the loan is
    // charged off at the end of Jan 5). So each accrual Jan 5 .. Jan 10 (#7 .. #12) gets an
    // adjustment of -1.972603 (corrected 0 minus original), appended before the charge-off,
    // which becomes #13 + 6 = #19: the restatement's cause.
    const spec = given([...LOAN, ...asDrafts(TEN_DAYS)]);
    const tag = { id: "restatement-13", cause: 19 };
    const adjustments = [7, 8, 9, 10, 11, 12].map((seq, i) => ({
      eventType: "interest_accrual" as const,
      effectiveDate: `2025-01-${String(5 + i).padStart(2, "0")}`,
      eventData: {
        amount: "-1.972603",
        rate: "0.06",
        dayCount: "actual/365",
        days: 0,
        principalBasis: "0.00",
        adjusts: seq,
        restatement: tag,
      },
    }));
    const { end } = spec
      .when({ type: "charge_off", effectiveDate: "2025-01-05", reason: "x" })
      .then([
        ...adjustments,
        {
          eventType: "charge_off",
          effectiveDate: "2025-01-05",
          eventData: {
            amount: "12007.890412",
            principal: "12000.00",
            interest: "7.890412",
            fees: "0.00",
            reason: "x",
            restatement: tag,
          },
        },
      ]);
    // 12000.00 + 7.890412 written off; nothing outstanding.
    expect(view(end)).toMatchObject({ status: "charged_off", interest: "0.00", principal: "0.00" });
    expect(view(end).totals.chargedOff).toBe("12007.890412");
  });
});

describe("decide is pure", () => {
  it("never changes the model it decides from", () => {
    const spec = given([...LOAN, LATE_FEE]);
    const before = view(spec.model.current);
    spec.when({ type: "charge_off", effectiveDate: "2025-01-11", reason: "x" }).decided();
    spec.when({ type: "record_payment", amount: "10", effectiveDate: "2025-01-11" }).decided();
    expect(view(spec.model.current)).toEqual(before);
  });
});

describe("which decisions read the payment log", () => {
  // The write path reads the log (the largest part of a long loan's state)
  // only for commandChangesPaymentLog, or for a correction: every other
  // command, dated after the loan's last event, must decide no event that
  // touches it, or it would post against a log it never read.
  const PAID = [...LOAN, principalPayment("2025-01-01", "500.00")];
  const today: CommandInput[] = [
    { type: "record_payment", amount: "100.00", effectiveDate: "2025-01-12" },
    { type: "assess_fee", amount: "25.00", feeType: "late", effectiveDate: "2025-01-12" },
    { type: "reverse_payment", paymentSequence: 3, effectiveDate: "2025-01-12", reason: "NSF" },
    {
      type: "reverse_event",
      targetSequence: 3,
      effectiveDate: "2025-01-12",
      reason: "posted twice",
    },
    { type: "charge_off", effectiveDate: "2025-01-12", reason: "uncollectible" },
    { type: "accrue", through: "2025-01-12" },
  ];
  it.each(today.map((c) => [c.type, c] as const))("%s", (_type, input) => {
    const spec = given(PAID).when(input);
    const touches = spec.decided().some((e) => touchesPaymentLog(e.eventType as EventType));
    expect(touches).toBe(commandChangesPaymentLog(spec.command));
  });

  it("only payments and reversals touch it", () => {
    expect(EVENT_TYPES.filter(touchesPaymentLog)).toEqual(["payment", "reversal"]);
  });
});
