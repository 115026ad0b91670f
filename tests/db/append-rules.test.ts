import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvent } from "../../db/event-store";
import { createLoan } from "../../db/services/create-loan";
import {
  assessFee,
  endForbearance,
  postPayment,
  reversePayment,
  waiveFee,
} from "../../db/services/servicing";
import { AppError } from "../../lib/app-error";
import { eventCount, fixedClock, givenLoan, stateOf, TEST_ACTOR } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
let loan: string;
const clock = fixedClock();

beforeAll(async () => {
  t = await createTestDatabase();
  loan = await givenLoan(t.db);
  await assessFee({
    db: t.db,
    actor: TEST_ACTOR,
    clock,
    loanNumber: loan,
    amount: "25.00",
    feeType: "late",
    effectiveDate: "2025-01-20",
  });
});
afterAll(async () => t?.destroy());

/** Runs a write that must be refused; asserts the error and that nothing was written. */
async function refused(write: () => Promise<unknown>, code: AppError["code"], message: RegExp) {
  const before = await eventCount(t.db);
  const error = await write().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  expect((error as AppError).message).toMatch(message);
  expect(await eventCount(t.db)).toBe(before);
}

const ctx = () => ({ db: t.db, actor: TEST_ACTOR, clock });

describe("appendEvent refuses bad writes and writes nothing", () => {
  it("first event must be an origination", async () => {
    const created = await createLoan({
      ...ctx(),
      borrower: { name: "No Funding Yet" },
      principal: "1000.00",
      annualRate: "0.05",
      termMonths: 12,
      dayCount: "30/360",
      firstPaymentDate: "2025-02-01",
      originatedOn: "2025-01-01",
    });
    expect(created.appended.map((e) => e.eventType)).toEqual(["origination"]);
    await refused(
      () =>
        appendEvent({
          ...ctx(),
          loanNumber: created.loanNumber,
          eventType: "origination",
          effectiveDate: "2025-01-02",
          eventData: {
            principal: "5.00",
            annualRate: "0.05",
            termMonths: 12,
            dayCount: "30/360",
            firstPaymentDate: "2025-02-01",
          },
        }),
      "rule_violation",
      /already originated on 2025-01-01/,
    );
  });

  it("no events on an unknown loan", async () => {
    await refused(
      () =>
        postPayment({
          ...ctx(),
          loanNumber: "LN-999999",
          amount: "10.00",
          effectiveDate: "2025-02-01",
        }),
      "not_found",
      /No loan LN-999999/,
    );
  });

  it("disbursements not above the committed principal", async () => {
    await refused(
      () =>
        appendEvent({
          ...ctx(),
          loanNumber: loan,
          eventType: "disbursement",
          effectiveDate: "2025-01-05",
          eventData: { amount: "0.01", method: "ach" },
        }),
      "rule_violation",
      /exceed the committed principal 12000.00 \(12000.00 already disbursed\)/,
    );
  });

  it("payment amount must be > 0 and have at most 2 decimal places", async () => {
    await refused(
      () =>
        postPayment({ ...ctx(), loanNumber: loan, amount: "0.00", effectiveDate: "2025-02-01" }),
      "invalid_input",
      /amount: Enter the amount received greater than \$0\.00\./,
    );
    await refused(
      () =>
        postPayment({ ...ctx(), loanNumber: loan, amount: "10.001", effectiveDate: "2025-02-01" }),
      "invalid_input",
      /amount: Enter the amount received in dollars and cents, e\.g\. 512\.33 or 1,250\.00 \(no more than 2 decimals\)\./,
    );
  });

  it("a payload that fails its schema names the field", async () => {
    await refused(
      () =>
        appendEvent({
          ...ctx(),
          loanNumber: loan,
          eventType: "fee_assessment",
          effectiveDate: "2025-02-01",
          eventData: { amount: "abc", feeType: "late" },
        }),
      "invalid_input",
      /Fee assessment: amount must be/,
    );
  });

  it("waiver not above outstanding fees", async () => {
    await refused(
      () =>
        waiveFee({
          ...ctx(),
          loanNumber: loan,
          amount: "25.01",
          effectiveDate: "2025-01-21",
          reason: "goodwill",
        }),
      "rule_violation",
      /cannot waive 25.01: outstanding fees on 2025-01-21 are 25.00/,
    );
  });

  it("waiver before the fee was assessed is refused (fees as of the waiver's date)", async () => {
    await refused(
      () =>
        waiveFee({
          ...ctx(),
          loanNumber: loan,
          amount: "10.00",
          effectiveDate: "2025-01-10",
          reason: "goodwill",
        }),
      "rule_violation",
      /outstanding fees on 2025-01-10 are 0.00/,
    );
  });

  it("reversal only of an existing, unreversed payment, effective on or after it", async () => {
    await refused(
      () =>
        reversePayment({
          ...ctx(),
          loanNumber: loan,
          paymentSequence: 42,
          effectiveDate: "2025-02-05",
          reason: "NSF",
        }),
      "rule_violation",
      /no payment, fee, waiver or charge-off #42/,
    );
    await refused(
      () =>
        reversePayment({
          ...ctx(),
          loanNumber: loan,
          paymentSequence: 2,
          effectiveDate: "2025-02-05",
          reason: "NSF",
        }),
      "rule_violation",
      /no payment, fee, waiver or charge-off #2/,
    );
    const paid = await postPayment({
      ...ctx(),
      loanNumber: loan,
      amount: "1032.80",
      effectiveDate: "2025-02-01",
    });
    const paymentSeq = paid.lastSequence;
    await refused(
      () =>
        reversePayment({
          ...ctx(),
          loanNumber: loan,
          paymentSequence: paymentSeq,
          effectiveDate: "2025-01-31",
          reason: "NSF",
        }),
      "rule_violation",
      /on or after the payment it reverses \(2025-02-01\)/,
    );
    await reversePayment({
      ...ctx(),
      loanNumber: loan,
      paymentSequence: paymentSeq,
      effectiveDate: "2025-02-03",
      reason: "NSF",
      nsfFee: "15.00",
    });
    await refused(
      () =>
        reversePayment({
          ...ctx(),
          loanNumber: loan,
          paymentSequence: paymentSeq,
          effectiveDate: "2025-02-04",
          reason: "again",
        }),
      "rule_violation",
      new RegExp(`payment #${paymentSeq} was already reversed`),
    );
  });

  it("forbearance_end only during forbearance", async () => {
    await refused(
      () =>
        endForbearance({
          ...ctx(),
          loanNumber: loan,
          effectiveDate: "2025-03-01",
          action: "lump_sum",
        }),
      "rule_violation",
      /only allowed during forbearance; on 2025-03-01 the loan is active/,
    );
  });

  it("dates must be real dates", async () => {
    await refused(
      () =>
        postPayment({ ...ctx(), loanNumber: loan, amount: "10.00", effectiveDate: "2025-02-30" }),
      "invalid_input",
      /effectiveDate: Enter the date the payment was received as a real date YYYY-MM-DD\./,
    );
    await refused(
      () =>
        appendEvent({
          ...ctx(),
          loanNumber: loan,
          eventType: "fee_assessment",
          effectiveDate: "03/01/2025",
          eventData: { amount: "1.00", feeType: "late" },
        }),
      "invalid_input",
      /Effective date must be a real date in the form YYYY-MM-DD, got "03\/01\/2025"/,
    );
  });

  it("events before the origination date are refused", async () => {
    await refused(
      () =>
        assessFee({
          ...ctx(),
          loanNumber: loan,
          amount: "5.00",
          feeType: "other",
          effectiveDate: "2024-12-31",
        }),
      "rule_violation",
      /before the origination date 2025-01-01/,
    );
  });

  it("a stale expectedSequence is a conflict", async () => {
    const { lastSequence } = await stateOf(t.db, loan);
    await refused(
      () =>
        assessFee({
          ...ctx(),
          loanNumber: loan,
          amount: "5.00",
          feeType: "other",
          effectiveDate: "2025-02-10",
          expectedSequence: lastSequence - 1,
        }),
      "conflict",
      /has changed since you loaded it/,
    );
    const ok = await assessFee({
      ...ctx(),
      loanNumber: loan,
      amount: "5.00",
      feeType: "other",
      effectiveDate: "2025-02-10",
      expectedSequence: lastSequence,
    });
    expect(ok.lastSequence).toBe(lastSequence + 1);
  });

  it("an unknown event type is refused", async () => {
    await refused(
      // Deliberately outside the type to reach the runtime check.
      () =>
        appendEvent({
          ...ctx(),
          loanNumber: loan,
          eventType: "refund" as "payment",
          effectiveDate: "2025-02-10",
          eventData: {},
        }),
      "invalid_input",
      /Unknown event type "refund"/,
    );
  });
});

describe("no accrual after charge-off or payoff", () => {
  it("refuses an accrual on a paid-off loan", async () => {
    const small = await givenLoan(t.db, {
      principal: "100.00",
      termMonths: 1,
      firstPaymentDate: "2025-01-02",
      dayCount: "30/360",
    });
    // 30/360: Jan 1 accrues one day: 100 x 0.06 x 1/360 = 0.016667; the payoff pays 0.01 of it
    // and the 0.006667 left is below a cent, so the loan is paid off.
    await postPayment({
      ...ctx(),
      loanNumber: small,
      amount: "100.01",
      effectiveDate: "2025-01-02",
    });
    expect((await stateOf(t.db, small)).status).toBe("paid_off");
    await refused(
      () =>
        appendEvent({
          ...ctx(),
          loanNumber: small,
          eventType: "interest_accrual",
          effectiveDate: "2025-01-03",
          eventData: {
            amount: "0.016667",
            rate: "0.0600",
            dayCount: "30/360",
            days: 1,
            principalBasis: "100.00",
          },
        }),
      "rule_violation",
      /no interest accrues on a loan that is paid off/,
    );
  });

  it("refuses an accrual on a charged-off loan", async () => {
    const { chargeOff } = await import("../../db/services/servicing");
    const bad = await givenLoan(t.db, { principal: "500.00", dayCount: "actual/360" });
    await chargeOff({
      ...ctx(),
      loanNumber: bad,
      effectiveDate: "2025-03-01",
      reason: "120+ days delinquent",
    });
    expect((await stateOf(t.db, bad)).status).toBe("charged_off");
    await refused(
      () =>
        appendEvent({
          ...ctx(),
          loanNumber: bad,
          eventType: "interest_accrual",
          effectiveDate: "2025-03-02",
          eventData: {
            amount: "0.050000",
            rate: "0.0600",
            dayCount: "actual/360",
            days: 1,
            principalBasis: "500.00",
          },
        }),
      "rule_violation",
      /no interest accrues on a loan that is charged off/,
    );
  });
});
