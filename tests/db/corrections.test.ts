/**
 * Corrections through the event store, on PGlite and on the Postgres server
 * (TEST_DATABASE_URL): each kind of correction posted late on a loan whose
 * later outcomes it changes, with the restatement appended in the same
 * transaction. Every figure worked out by hand below.
 *
 * The loan (tests/helpers/fixtures.ts givenLoan): 12,000.00 at 6 %, actual/365,
 * originated and disbursed 2025-01-01. One day's interest, half-up to 6 places:
 *   12000.00 x 0.06 / 365 = 1.972602739... -> 1.972603
 *   11561.15 x 0.06 / 365 = 1.900463013... -> 1.900463
 *   11586.15 x 0.06 / 365 = 1.904572602... -> 1.904573
 *   11027.61 x 0.06 / 365 = 1.812757808... -> 1.812758
 *   10558.43 x 0.06 / 365 = 1.735632328... -> 1.735632
 *   12000.00 x 0.045 / 365 = 1.479452054... -> 1.479452
 * A payment splits fees -> interest -> principal, interest owed rounded DOWN to cents.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accrueInterest } from "../../db/services/accrue";
import {
  assessFee,
  chargeOff,
  modifyTerms,
  postPayment,
  previewServicingCommand,
  reverseEvent,
  reversePayment,
  waiveFee,
} from "../../db/services/servicing";
import { AppError } from "../../lib/app-error";
import type { LoanEvent } from "../../lib/events/types";
import { Dec } from "../../lib/money";
import {
  eventCount,
  fixedClock,
  givenLoan,
  historyOf,
  stateOf,
  TEST_ACTOR,
} from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
const clock = fixedClock();
const ctx = () => ({ db: t.db, actor: TEST_ACTOR, clock });

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.destroy());

async function accrue(loanNumber: string, through: string) {
  // Hand-computed scenarios: interest only, without the nightly job's late fees.
  await accrueInterest({ ...ctx(), loanNumbers: [loanNumber], through, lateFees: false });
}

/** The events appended after sequence `after`. */
async function appendedAfter(loanNumber: string, after: number): Promise<LoanEvent[]> {
  return (await historyOf(t.db, loanNumber)).filter((e) => e.sequenceNumber > after);
}

const data = (e: LoanEvent | undefined) => e?.eventData as Record<string, unknown>;

describe("a payment received on time but posted late, before a later payment", () => {
  let loan: string;
  let before: number;

  beforeAll(async () => {
    loan = await givenLoan(t.db);
    await accrue(loan, "2025-01-31"); // #3 .. #33: 31 x 1.972603 = 61.150693
    // Feb 1: 500.00 = interest 61.15 + principal 438.85 (principal 11561.15).
    await postPayment({
      ...ctx(),
      loanNumber: loan,
      amount: "500.00",
      effectiveDate: "2025-02-01",
    });
    await accrue(loan, "2025-02-10"); // 10 x 1.900463
    before = (await historyOf(t.db, loan)).length;
  });

  it("re-applies the later payment, adjusts each day's interest, and tags the restatement", async () => {
    const result = await postPayment({
      ...ctx(),
      loanNumber: loan,
      amount: "1000.00",
      effectiveDate: "2025-01-15",
    });
    const added = await appendedAfter(loan, before);
    // 1 reversal + 17 adjustments (Jan 15..31) + 10 (Feb 1..10) + the payment + the re-applied one.
    expect(added).toHaveLength(30);
    const [reversal, ...rest] = added;
    const adjustments = rest.slice(0, 27);
    const [payment, reapplied] = rest.slice(27);
    const cause = (payment as LoanEvent).sequenceNumber;
    expect(result.restatement).toMatchObject({
      cause,
      reappliedPayments: [34],
      adjustedAccrualDays: 27,
      restatedChargeOff: null,
    });
    expect(reversal).toMatchObject({
      eventType: "reversal",
      effectiveDate: "2025-02-01",
      eventData: { reversedSequence: 34 },
    });
    expect(String(data(reversal).reason)).toMatch(/restated by payment #\d+ received 2025-01-15/);
    // Jan 15: 14 days at 1.972603 = 27.616442 owed; 1000.00 = interest 27.61 + principal 972.39.
    expect(payment).toMatchObject({
      eventType: "payment",
      effectiveDate: "2025-01-15",
      eventData: {
        amount: "1000.00",
        allocation: { fees: "0.00", interest: "27.61", principal: "972.39", unapplied: "0.00" },
      },
    });
    // Jan 15..31 on 11027.61: 1.812758 - 1.972603 = -0.159845 a day, each adjusting its accrual.
    expect(adjustments[0]).toMatchObject({
      effectiveDate: "2025-01-15",
      eventData: { amount: "-0.159845", principalBasis: "11027.61", adjusts: 17 },
    });
    // Feb 1: 0.006442 + 17 x 1.812758 = 30.823328 owed; 500.00 = 30.82 + 469.18.
    expect(reapplied).toMatchObject({
      eventType: "payment",
      effectiveDate: "2025-02-01",
      eventData: {
        amount: "500.00",
        reapplies: 34,
        allocation: { fees: "0.00", interest: "30.82", principal: "469.18", unapplied: "0.00" },
      },
    });
    // Feb 1..10 on 10558.43: 1.735632 - 1.900463 = -0.164831 a day.
    expect(adjustments[17]).toMatchObject({
      effectiveDate: "2025-02-01",
      eventData: { amount: "-0.164831", principalBasis: "10558.43" },
    });
    for (const e of added) {
      expect(data(e).restatement).toEqual({ id: expect.any(String), cause });
    }
    // Now: principal 11027.61 - 469.18 = 10558.43; interest 0.003328 + 10 x 1.735632 = 17.359648.
    const now = await stateOf(t.db, loan);
    expect(now).toMatchObject({ principal: "10558.43", interest: "17.359648", warnings: [] });
    expect(now.totals).toMatchObject({
      paid: "1500.00",
      paidInterest: "58.43",
      paidPrincipal: "1441.57",
    });
    // As of Jan 20: principal 11027.61, interest 0.006442 + 6 x 1.812758 = 10.882990.
    const jan20 = await stateOf(t.db, loan, "2025-01-20");
    expect(jan20).toMatchObject({ principal: "11027.61", interest: "10.88299" });
  });

  it("as known before the correction, the loan still shows what was known then", async () => {
    const history = await historyOf(t.db, loan);
    const knownBefore = history.find((e) => e.sequenceNumber === before)?.recordedAt;
    expect(knownBefore).toBeDefined();
    const { replay } = await import("../../lib/replay/replay");
    const then = replay(
      history.filter((e) => e.sequenceNumber <= before),
      "2025-02-10",
    ).state;
    // All writes share the frozen clock, so filter by sequence: the earlier history replays as before.
    expect(then).toMatchObject({ principal: "11561.15" });
  });
});

describe("a returned payment learned after the charge-off", () => {
  it("reverses the payment on its date with an NSF fee and restates the charge-off", async () => {
    const loan = await givenLoan(t.db);
    await accrue(loan, "2025-01-31");
    await postPayment({
      ...ctx(),
      loanNumber: loan,
      amount: "500.00",
      effectiveDate: "2025-02-01",
    }); // #34
    await accrue(loan, "2025-02-28"); // 28 x 1.900463 = 53.212964
    // Mar 1 charge-off: principal 11561.15, interest 0.000693 + 53.212964 = 53.213657.
    await chargeOff({
      ...ctx(),
      loanNumber: loan,
      effectiveDate: "2025-03-01",
      reason: "uncollectible",
    });
    const before = (await historyOf(t.db, loan)).length;
    const chargeOffSeq = before;

    // A reversal dated after the charge-off would add to the loss without restating it: refused.
    await expect(
      reversePayment({
        ...ctx(),
        loanNumber: loan,
        paymentSequence: "34",
        effectiveDate: "2025-03-05",
        reason: "returned",
      }),
    ).rejects.toThrow(
      /applied before the charge-off on 2025-03-01 .*date the reversal before 2025-03-01/,
    );

    const result = await reversePayment({
      ...ctx(),
      loanNumber: loan,
      paymentSequence: "34",
      effectiveDate: "2025-02-01",
      reason: "returned",
      nsfFee: "25.00",
    });
    expect(result.restatement).toMatchObject({
      restatedChargeOff: chargeOffSeq,
      adjustedAccrualDays: 28,
    });
    const added = await appendedAfter(loan, before);
    // co reversal, 28 adjustments (+0.072140 = 1.972603 - 1.900463), reversal, NSF fee, new charge-off.
    expect(added.map((e) => e.eventType)).toEqual([
      "reversal",
      ...Array(28).fill("interest_accrual"),
      "reversal",
      "fee_assessment",
      "charge_off",
    ]);
    expect(added[0]).toMatchObject({ eventData: { reversedSequence: chargeOffSeq } });
    expect(added[1]).toMatchObject({
      eventData: { amount: "0.07214", principalBasis: "12000.00" },
    });
    // Mar 1: principal 12000.00, interest 61.150693 + 28 x 1.972603 = 116.383577, fees 25.00.
    expect(added[31]).toMatchObject({
      eventType: "charge_off",
      effectiveDate: "2025-03-01",
      eventData: {
        principal: "12000.00",
        interest: "116.383577",
        fees: "25.00",
        amount: "12141.383577",
        replaces: chargeOffSeq,
      },
    });
    const now = await stateOf(t.db, loan);
    expect(now).toMatchObject({ status: "charged_off", principal: "0.00", warnings: [] });
    expect(now.totals).toMatchObject({
      chargedOff: "12141.383577",
      paid: "0.00",
      reversed: "500.00",
    });
    // Before the charge-off date the loan shows the payment reversed and the NSF fee.
    const feb = await stateOf(t.db, loan, "2025-02-01");
    expect(feb).toMatchObject({ status: "active", principal: "12000.00", fees: "25.00" });
  });
});

describe("a fee reversed on its own date", () => {
  it("gives the payment that paid it back to interest and principal", async () => {
    const loan = await givenLoan(t.db);
    await accrue(loan, "2025-01-31");
    await assessFee({
      ...ctx(),
      loanNumber: loan,
      amount: "25.00",
      feeType: "late",
      effectiveDate: "2025-01-20",
    });
    const feeSeq = (await historyOf(t.db, loan)).length;
    // Feb 1: 500.00 = fees 25.00 + interest 61.15 + principal 413.85 (principal 11586.15).
    await postPayment({
      ...ctx(),
      loanNumber: loan,
      amount: "500.00",
      effectiveDate: "2025-02-01",
    });
    const paymentSeq = feeSeq + 1;
    await accrue(loan, "2025-02-05"); // 5 x 1.904573
    const before = (await historyOf(t.db, loan)).length;

    await reverseEvent({
      ...ctx(),
      loanNumber: loan,
      targetSequence: String(feeSeq),
      effectiveDate: "2025-01-20",
      reason: "fee charged in error",
    });
    const added = await appendedAfter(loan, before);
    // payment reversal, 5 adjustments (1.900463 - 1.904573 = -0.00411), the fee reversal, re-applied payment.
    expect(added.map((e) => e.eventType)).toEqual([
      "reversal",
      ...Array(5).fill("interest_accrual"),
      "reversal",
      "payment",
    ]);
    expect(added[1]).toMatchObject({ eventData: { amount: "-0.00411" } });
    expect(added[6]).toMatchObject({ eventData: { reversedSequence: feeSeq } });
    expect(added[7]).toMatchObject({
      eventData: {
        reapplies: paymentSeq,
        allocation: { fees: "0.00", interest: "61.15", principal: "438.85" },
      },
    });
    // Now: principal 11561.15; interest 0.000693 + 5 x 1.900463 = 9.503008; fees 0.
    const now = await stateOf(t.db, loan);
    expect(now).toMatchObject({ principal: "11561.15", interest: "9.503008", fees: "0.00" });
    expect(now.totals).toMatchObject({
      feesAssessed: "0.00",
      paidFees: "0.00",
    });
    expect(now.warnings).toEqual([]);
  });
});

describe("a modification effective in the past", () => {
  it("re-accrues at the new rate from its date", async () => {
    const loan = await givenLoan(t.db);
    await accrue(loan, "2025-01-31");
    const before = (await historyOf(t.db, loan)).length;
    await modifyTerms({
      ...ctx(),
      loanNumber: loan,
      effectiveDate: "2025-01-15",
      ratePercent: "4.5",
      reason: "hardship",
    });
    const added = await appendedAfter(loan, before);
    // 17 adjustments (Jan 15..31): 1.479452 - 1.972603 = -0.493151 each, then the modification.
    expect(added).toHaveLength(18);
    expect(added[0]).toMatchObject({
      effectiveDate: "2025-01-15",
      eventData: { amount: "-0.493151", rate: "0.0450" },
    });
    // 12 payments left (Feb 1 2025 .. Jan 1 2026): 12000 x 0.00375 / (1 - 1.00375^-12) = 1024.54.
    expect(added[17]).toMatchObject({
      eventType: "modification",
      eventData: { after: { annualRate: "0.0450", paymentAmount: "1024.54" } },
    });
    // Interest: 14 x 1.972603 + 17 x 1.479452 = 27.616442 + 25.150684 = 52.767126.
    const now = await stateOf(t.db, loan);
    expect(now).toMatchObject({ interest: "52.767126", warnings: [] });
  });
});

describe("a fee posted late, dated before a payment that would have paid it", () => {
  it("re-applies the payment to the fee first and re-accrues on the higher principal", async () => {
    const loan = await givenLoan(t.db);
    await accrue(loan, "2025-01-31"); // 31 x 1.972603 = 61.150693
    // Feb 1: 500.00 = interest 61.15 + principal 438.85 (principal 11561.15).
    await postPayment({
      ...ctx(),
      loanNumber: loan,
      amount: "500.00",
      effectiveDate: "2025-02-01",
    });
    const paymentSeq = (await historyOf(t.db, loan)).length;
    await accrue(loan, "2025-02-05"); // Feb 1..5: 5 x 1.900463
    const before = (await historyOf(t.db, loan)).length;

    const result = await assessFee({
      ...ctx(),
      loanNumber: loan,
      amount: "25.00",
      feeType: "late",
      effectiveDate: "2025-01-20",
    });
    const added = await appendedAfter(loan, before);
    // The payment reversed, 5 adjustments, the fee (the cause), the payment re-applied:
    // Feb 1 500.00 = fees 25.00 + interest 61.15 + principal 413.85 (principal 11586.15);
    // 11586.15 x 0.06 / 365 = 1.904572602 -> 1.904573; 1.904573 - 1.900463 = +0.00411 a day.
    expect(added.map((e) => e.eventType)).toEqual([
      "reversal",
      ...Array(5).fill("interest_accrual"),
      "fee_assessment",
      "payment",
    ]);
    expect(added[0]).toMatchObject({ eventData: { reversedSequence: paymentSeq } });
    expect(added[1]).toMatchObject({
      effectiveDate: "2025-02-01",
      eventData: { amount: "0.00411", principalBasis: "11586.15" },
    });
    const fee = added[6] as LoanEvent;
    expect(fee).toMatchObject({ effectiveDate: "2025-01-20", eventData: { amount: "25.00" } });
    expect(result.restatement).toMatchObject({
      cause: fee.sequenceNumber,
      reappliedPayments: [paymentSeq],
      adjustedAccrualDays: 5,
    });
    expect(added[7]).toMatchObject({
      eventData: {
        reapplies: paymentSeq,
        allocation: { fees: "25.00", interest: "61.15", principal: "413.85", unapplied: "0.00" },
      },
    });
    // Now: interest 0.000693 + 5 x 1.904573 = 9.523558; the fee is paid.
    const now = await stateOf(t.db, loan);
    expect(now).toMatchObject({
      principal: "11586.15",
      interest: "9.523558",
      fees: "0.00",
      warnings: [],
    });
    expect(now.totals).toMatchObject({ feesAssessed: "25.00", paidFees: "25.00" });
  });
});

describe("a waiver posted late, dated before the payment that paid the fee", () => {
  it("gives the payment back to interest and principal", async () => {
    const loan = await givenLoan(t.db);
    await accrue(loan, "2025-01-31");
    await assessFee({
      ...ctx(),
      loanNumber: loan,
      amount: "25.00",
      feeType: "late",
      effectiveDate: "2025-01-20",
    });
    // Feb 1: 500.00 = fees 25.00 + interest 61.15 + principal 413.85 (principal 11586.15).
    await postPayment({
      ...ctx(),
      loanNumber: loan,
      amount: "500.00",
      effectiveDate: "2025-02-01",
    });
    const paymentSeq = (await historyOf(t.db, loan)).length;
    await accrue(loan, "2025-02-05"); // 5 x 1.904573
    const before = (await historyOf(t.db, loan)).length;

    await waiveFee({
      ...ctx(),
      loanNumber: loan,
      amount: "25.00",
      effectiveDate: "2025-01-25",
      reason: "goodwill",
    });
    const added = await appendedAfter(loan, before);
    // Feb 1 re-applied: 500.00 = interest 61.15 + principal 438.85 (principal 11561.15);
    // 1.900463 - 1.904573 = -0.00411 a day for Feb 1..5.
    expect(added.map((e) => e.eventType)).toEqual([
      "reversal",
      ...Array(5).fill("interest_accrual"),
      "fee_waiver",
      "payment",
    ]);
    expect(added[1]).toMatchObject({
      eventData: { amount: "-0.00411", principalBasis: "11561.15" },
    });
    expect(added[7]).toMatchObject({
      eventData: {
        reapplies: paymentSeq,
        allocation: { fees: "0.00", interest: "61.15", principal: "438.85" },
      },
    });
    // Now: interest 0.000693 + 5 x 1.900463 = 9.503008.
    const now = await stateOf(t.db, loan);
    expect(now).toMatchObject({
      principal: "11561.15",
      interest: "9.503008",
      fees: "0.00",
      warnings: [],
    });
    expect(now.totals).toMatchObject({
      feesAssessed: "25.00",
      feesWaived: "25.00",
      paidFees: "0.00",
    });
  });
});

describe("a waiver reversed on its own date", () => {
  it("owes the fee again: the later payment pays it first", async () => {
    const loan = await givenLoan(t.db);
    await accrue(loan, "2025-01-31");
    await assessFee({
      ...ctx(),
      loanNumber: loan,
      amount: "25.00",
      feeType: "late",
      effectiveDate: "2025-01-20",
    });
    await waiveFee({
      ...ctx(),
      loanNumber: loan,
      amount: "25.00",
      effectiveDate: "2025-01-25",
      reason: "goodwill",
    });
    const waiverSeq = (await historyOf(t.db, loan)).length;
    // Feb 1: 500.00 = interest 61.15 + principal 438.85 (principal 11561.15).
    await postPayment({
      ...ctx(),
      loanNumber: loan,
      amount: "500.00",
      effectiveDate: "2025-02-01",
    });
    const paymentSeq = waiverSeq + 1;
    await accrue(loan, "2025-02-05"); // 5 x 1.900463
    const before = (await historyOf(t.db, loan)).length;

    await reverseEvent({
      ...ctx(),
      loanNumber: loan,
      targetSequence: String(waiverSeq),
      effectiveDate: "2025-01-25",
      reason: "waived in error",
    });
    const added = await appendedAfter(loan, before);
    // Feb 1 re-applied: 500.00 = fees 25.00 + interest 61.15 + principal 413.85 (11586.15);
    // +0.00411 a day for Feb 1..5.
    expect(added.map((e) => e.eventType)).toEqual([
      "reversal",
      ...Array(5).fill("interest_accrual"),
      "reversal",
      "payment",
    ]);
    expect(added[0]).toMatchObject({ eventData: { reversedSequence: paymentSeq } });
    expect(added[1]).toMatchObject({ eventData: { amount: "0.00411" } });
    expect(added[6]).toMatchObject({ eventData: { reversedSequence: waiverSeq } });
    expect(added[7]).toMatchObject({
      eventData: {
        reapplies: paymentSeq,
        allocation: { fees: "25.00", interest: "61.15", principal: "413.85" },
      },
    });
    // Now: interest 0.000693 + 5 x 1.904573 = 9.523558; nothing waived.
    const now = await stateOf(t.db, loan);
    expect(now).toMatchObject({
      principal: "11586.15",
      interest: "9.523558",
      fees: "0.00",
      warnings: [],
    });
    expect(now.totals).toMatchObject({ feesWaived: "0.00", paidFees: "25.00" });
  });
});

describe("a charge-off reversed", () => {
  it("puts the loan back where it stood; the nightly accrual then accrues the days it missed", async () => {
    const loan = await givenLoan(t.db);
    await accrue(loan, "2025-01-31");
    // Feb 1: 500.00 = interest 61.15 + principal 438.85 (principal 11561.15).
    await postPayment({
      ...ctx(),
      loanNumber: loan,
      amount: "500.00",
      effectiveDate: "2025-02-01",
    });
    await accrue(loan, "2025-02-28"); // 28 x 1.900463 = 53.212964
    await chargeOff({
      ...ctx(),
      loanNumber: loan,
      effectiveDate: "2025-03-01",
      reason: "uncollectible",
    });
    const chargeOffSeq = (await historyOf(t.db, loan)).length;
    // Charged off: principal 11561.15 and interest 0.000693 + 53.212964 = 53.213657 written off.
    expect((await stateOf(t.db, loan)).totals).toMatchObject({ chargedOff: "11614.363657" });

    await reverseEvent({
      ...ctx(),
      loanNumber: loan,
      targetSequence: String(chargeOffSeq),
      effectiveDate: "2025-03-01",
      reason: "charged off in error",
    });
    // No later stored outcome changes (nothing was recorded after the charge-off): the reversal alone.
    const added = await appendedAfter(loan, chargeOffSeq);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      eventType: "reversal",
      effectiveDate: "2025-03-01",
      eventData: { reversedSequence: chargeOffSeq },
    });
    expect(await stateOf(t.db, loan)).toMatchObject({
      status: "active",
      principal: "11561.15",
      interest: "53.213657",
      warnings: [],
    });

    // The nightly accrual catches up the days the charge-off stopped: 2025-03-01 .. 2026-01-14
    // (the day before the business date): 31+30+31+30+31+31+30+31+30+31 (Mar..Dec) + 14 = 320.
    await accrue(loan, "2026-01-14");
    const accruals = await appendedAfter(loan, chargeOffSeq + 1);
    expect(accruals.every((e) => e.eventType === "interest_accrual")).toBe(true);
    expect(accruals).toHaveLength(320);
    expect(accruals[0]).toMatchObject({
      effectiveDate: "2025-03-01",
      eventData: { amount: "1.900463", principalBasis: "11561.15" },
    });
    // Now: interest 53.213657 + 320 x 1.900463 = 53.213657 + 608.14816 = 661.361817; nothing charged off.
    const now = await stateOf(t.db, loan);
    expect(now).toMatchObject({
      status: "active",
      principal: "11561.15",
      interest: "661.361817",
      warnings: [],
    });
    expect(now.totals).toMatchObject({ chargedOff: "0.00" });
  });
});

describe("preview", () => {
  it("shows the events and the changed figures, writes nothing, and posting after a change is a conflict", async () => {
    const loan = await givenLoan(t.db);
    await accrue(loan, "2025-01-31");
    await postPayment({
      ...ctx(),
      loanNumber: loan,
      amount: "500.00",
      effectiveDate: "2025-02-01",
    });
    const count = await eventCount(t.db, loan);
    const preview = await previewServicingCommand({
      ...ctx(),
      loanNumber: loan,
      command: { type: "record_payment", amount: "1000.00", effectiveDate: "2025-01-15" },
    });
    expect(await eventCount(t.db, loan)).toBe(count);
    expect(preview.lastSequence).toBe(count);
    expect(preview.events.map((e) => e.role)).toEqual([
      "reversal",
      ...Array(17).fill("accrual_adjustment"),
      "correction",
      "reapplied",
    ]);
    const today = preview.figures.find((f) => f.kind === "today");
    // Today: principal 11561.15 -> 11027.61 - 469.18 = 10558.43.
    expect(today?.changes).toContainEqual({
      field: "principal",
      before: "11561.15",
      after: "10558.43",
    });
    expect(preview.figures.map((f) => f.date)).toEqual(["2025-01-15", "2025-02-01", "2026-01-15"]);

    // Someone else writes in between: posting with the previewed sequence is a conflict.
    await assessFee({
      ...ctx(),
      loanNumber: loan,
      amount: "10.00",
      feeType: "other",
      effectiveDate: "2025-02-02",
    });
    const error = await postPayment({
      ...ctx(),
      loanNumber: loan,
      amount: "1000.00",
      effectiveDate: "2025-01-15",
      expectedSequence: preview.lastSequence,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("conflict");
  });
});

describe("refusals write nothing", () => {
  it("a reversal of an event that cannot be reversed, or is already reversed", async () => {
    const loan = await givenLoan(t.db);
    await postPayment({
      ...ctx(),
      loanNumber: loan,
      amount: "100.00",
      effectiveDate: "2025-01-10",
    });
    // #3 .. #11 accrue Jan 1 .. Jan 9; the payment is #12.
    await reverseEvent({
      ...ctx(),
      loanNumber: loan,
      targetSequence: "12",
      effectiveDate: "2025-01-10",
      reason: "returned",
    });
    const count = await eventCount(t.db, loan);
    for (const [target, message] of [
      ["2", /no payment, fee, waiver or charge-off #2/],
      ["12", /payment #12 was already reversed by event #13/],
    ] as const) {
      await expect(
        reverseEvent({
          ...ctx(),
          loanNumber: loan,
          targetSequence: target,
          effectiveDate: "2025-01-11",
          reason: "x",
        }),
      ).rejects.toThrow(message);
    }
    expect(await eventCount(t.db, loan)).toBe(count);
  });

  it("a raw backdated event whose later outcomes change is refused: only a command restates", async () => {
    const loan = await givenLoan(t.db);
    await accrue(loan, "2025-01-31");
    const count = await eventCount(t.db, loan);
    const { appendEvent } = await import("../../db/event-store");
    await expect(
      appendEvent({
        ...ctx(),
        loanNumber: loan,
        eventType: "payment",
        effectiveDate: "2025-01-15",
        eventData: {
          amount: "100.00",
          allocation: { fees: "0.00", interest: "0.00", principal: "100.00" },
        },
      }),
    ).rejects.toThrow(/changes what later events on the loan did; post it as a servicing command/);
    expect(await eventCount(t.db, loan)).toBe(count);
    expect(new Dec((await stateOf(t.db, loan)).principal).equals("12000")).toBe(true);
  });
});
