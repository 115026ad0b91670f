import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GENERIC_ERROR, validatedAction } from "../../app/_lib/validated-action";
import {
  recordChargeOff,
  recordDeferment,
  recordFee,
  recordForbearanceEnd,
  recordForbearanceStart,
  recordModification,
  recordPayment,
  recordReversal,
  recordWaiver,
} from "../../app/loans/[loanNumber]/_server/record";
import {
  chargeOffSchema,
  defermentSchema,
  feeSchema,
  forbearanceEndSchema,
  forbearanceStartSchema,
  modificationSchema,
  paymentSchema,
  reversalSchema,
  waiverSchema,
} from "../../app/loans/[loanNumber]/_server/schemas";
import { eventCount, givenLoan, historyOf, stateOf } from "../helpers/fixtures";
import { actAs } from "../helpers/staff";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { form } from "./helpers";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.destroy());

// The actions as the "use server" file builds them, bound to the test database,
// called by a signed-in servicer (whose actor is recorded).
const WRITE = { permission: "record_events" } as const;
const SERVICER = actAs("servicer");
const ACTOR = SERVICER?.actor ?? "";
const actions = {
  payment: validatedAction(paymentSchema, (i, s) => recordPayment(t.db, i, s.actor), WRITE),
  fee: validatedAction(feeSchema, (i, s) => recordFee(t.db, i, s.actor), WRITE),
  waiver: validatedAction(waiverSchema, (i, s) => recordWaiver(t.db, i, s.actor), WRITE),
  reversal: validatedAction(reversalSchema, (i, s) => recordReversal(t.db, i, s.actor), WRITE),
  modification: validatedAction(
    modificationSchema,
    (i, s) => recordModification(t.db, i, s.actor),
    WRITE,
  ),
  forbearanceStart: validatedAction(
    forbearanceStartSchema,
    (i, s) => recordForbearanceStart(t.db, i, s.actor),
    WRITE,
  ),
  forbearanceEnd: validatedAction(
    forbearanceEndSchema,
    (i, s) => recordForbearanceEnd(t.db, i, s.actor),
    WRITE,
  ),
  deferment: validatedAction(defermentSchema, (i, s) => recordDeferment(t.db, i, s.actor), WRITE),
  chargeOff: validatedAction(chargeOffSchema, (i, s) => recordChargeOff(t.db, i, s.actor), WRITE),
};

async function lastSequence(loanNumber: string): Promise<number> {
  return (await historyOf(t.db, loanNumber)).at(-1)?.sequenceNumber ?? 0;
}

describe("recording a payment", () => {
  it("accrues to the date, splits by the waterfall, and says how it was applied", async () => {
    const loan = await givenLoan(t.db);
    const result = await actions.payment(
      form({
        loanNumber: loan,
        expectedSequence: 2,
        amount: "$1,032.80",
        effectiveDate: "2025-02-01",
        method: "check",
        reference: "CHK-77",
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.accrualsCaughtUp).toBe(31);
    expect(result.data.events).toEqual([
      {
        sequenceNumber: 34,
        eventType: "payment",
        effectiveDate: "2025-02-01",
        summary:
          "Payment of $1,032.80 applied: $0.00 fees, $61.15 interest, $971.65 principal (check, ref CHK-77)",
      },
    ]);
    expect(result.data.message).toContain("(31 days of interest accrued first)");
    const payment = (await historyOf(t.db, loan)).at(-1);
    expect(payment?.recordedBy).toBe(ACTOR);
    expect(payment?.eventData).toMatchObject({ amount: "1032.80", method: "check" });
  });

  it("refuses an invalid amount next to the field, keeps the input, and records nothing", async () => {
    const loan = await givenLoan(t.db);
    const before = await eventCount(t.db, loan);
    for (const amount of ["abc", "-5", "12.345", "0.00"]) {
      const result = await actions.payment(
        form({ loanNumber: loan, expectedSequence: 2, amount, effectiveDate: "2025-02-01" }),
      );
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.fieldErrors?.amount).toMatch(/dollars and cents|greater than \$0\.00/);
      expect(result.values).toMatchObject({ amount, effectiveDate: "2025-02-01" });
    }
    const missing = await actions.payment(form({ loanNumber: loan, expectedSequence: 2 }));
    expect(missing.ok === false && missing.fieldErrors).toMatchObject({
      amount: "Enter the amount received.",
      effectiveDate: "Enter the date the payment was received.",
    });
    const badDate = await actions.payment(
      form({ loanNumber: loan, expectedSequence: 2, amount: "10", effectiveDate: "2025-02-30" }),
    );
    expect(badDate.ok === false && badDate.fieldErrors?.effectiveDate).toBe(
      "Enter a real date as YYYY-MM-DD.",
    );
    expect(await eventCount(t.db, loan)).toBe(before);
  });

  it("on a stale page: a conflict that says reload, with the form values kept", async () => {
    const loan = await givenLoan(t.db);
    const result = await actions.payment(
      form({
        loanNumber: loan,
        expectedSequence: 1,
        amount: "100.00",
        effectiveDate: "2025-02-01",
      }),
    );
    expect(result).toMatchObject({
      ok: false,
      conflict: true,
      values: { amount: "100.00", expectedSequence: "1" },
    });
    expect(result.ok === false && result.error).toMatch(/reload/);
    expect(await eventCount(t.db, loan)).toBe(2);
  });

  it("an unknown loan is a clear not-found message", async () => {
    const result = await actions.payment(
      form({
        loanNumber: "LN-999999",
        expectedSequence: 0,
        amount: "1",
        effectiveDate: "2025-02-01",
      }),
    );
    expect(result).toMatchObject({ ok: false, error: "No loan LN-999999." });
  });

  it("an unexpected failure is logged and reported generically (no internals)", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const failing = validatedAction(
      paymentSchema,
      async () => {
        throw new Error('relation "loan_events" does not exist');
      },
      WRITE,
    );
    const result = await failing(
      form({
        loanNumber: "LN-000001",
        expectedSequence: 0,
        amount: "1",
        effectiveDate: "2025-02-01",
      }),
    );
    expect(result).toMatchObject({ ok: false, error: GENERIC_ERROR });
    expect(JSON.stringify(result)).not.toContain("relation");
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });
});

describe("the other servicing actions", () => {
  it("fee, waiver, and a reversal with its NSF fee", async () => {
    const loan = await givenLoan(t.db);
    const fee = await actions.fee(
      form({
        loanNumber: loan,
        expectedSequence: 2,
        amount: "25",
        feeType: "late",
        effectiveDate: "2025-01-20",
      }),
    );
    expect(fee.ok && fee.data.message).toBe("Recorded #3: Late fee of $25.00 assessed.");
    const waiver = await actions.waiver(
      form({
        loanNumber: loan,
        expectedSequence: 3,
        amount: "25.00",
        effectiveDate: "2025-01-21",
        reason: "goodwill",
      }),
    );
    expect(waiver.ok && waiver.data.events[0]?.summary).toBe(
      `Fees of $25.00 waived by ${ACTOR} — goodwill`,
    );
    const tooMuch = await actions.waiver(
      form({
        loanNumber: loan,
        expectedSequence: 4,
        amount: "5.00",
        effectiveDate: "2025-01-22",
        reason: "x",
      }),
    );
    expect(tooMuch.ok).toBe(false);

    const paid = await actions.payment(
      form({
        loanNumber: loan,
        expectedSequence: 4,
        amount: "500.00",
        effectiveDate: "2025-02-01",
      }),
    );
    expect(paid.ok).toBe(true);
    const paymentSeq = await lastSequence(loan);
    const reversal = await actions.reversal(
      form({
        loanNumber: loan,
        expectedSequence: paymentSeq,
        paymentSequence: paymentSeq,
        effectiveDate: "2025-02-04",
        reason: "NSF: returned",
        nsfFee: "35.00",
      }),
    );
    expect(reversal.ok && reversal.data.events.map((e) => e.eventType)).toEqual([
      "reversal",
      "fee_assessment",
    ]);
    const state = await stateOf(t.db, loan, "2025-02-04");
    expect(state.fees).toBe("35.00");
    expect(state.payments.at(-1)?.reversed).toBe(true);

    const noPayment = await actions.reversal(
      form({
        loanNumber: loan,
        expectedSequence: paymentSeq + 2,
        effectiveDate: "2025-02-05",
        reason: "x",
      }),
    );
    expect(noPayment.ok === false && noPayment.fieldErrors?.paymentSequence).toBe(
      "Choose the payment to reverse.",
    );
  });

  it("modification from a percentage, with field errors for nonsense", async () => {
    const loan = await givenLoan(t.db);
    const bad = await actions.modification(
      form({
        loanNumber: loan,
        expectedSequence: 2,
        effectiveDate: "2025-03-01",
        ratePercent: "abc",
        reason: "r",
      }),
    );
    expect(bad.ok === false && bad.fieldErrors?.ratePercent).toMatch(/percent/);
    const nothing = await actions.modification(
      form({ loanNumber: loan, expectedSequence: 2, effectiveDate: "2025-03-01", reason: "r" }),
    );
    expect(nothing.ok === false && nothing.fieldErrors?.ratePercent).toMatch(/Change the rate/);
    const ok = await actions.modification(
      form({
        loanNumber: loan,
        expectedSequence: 2,
        effectiveDate: "2025-03-01",
        ratePercent: "4.5",
        reason: "hardship",
      }),
    );
    expect(ok.ok).toBe(true);
    const state = await stateOf(t.db, loan, "2025-03-01");
    expect(state.terms?.annualRate).toBe("0.0450");
  });

  it("forbearance start and end, deferment, charge-off (which needs confirming)", async () => {
    const loan = await givenLoan(t.db);
    const start = await actions.forbearanceStart(
      form({
        loanNumber: loan,
        expectedSequence: 2,
        effectiveDate: "2025-02-01",
        forbearanceType: "suspension",
        reducedPayment: "0.00",
        plannedEndDate: "2025-05-01",
      }),
    );
    expect(start.ok).toBe(true);
    expect((await stateOf(t.db, loan, "2025-02-01")).status).toBe("forbearance");

    const endNeedsMonths = await actions.forbearanceEnd(
      form({
        loanNumber: loan,
        expectedSequence: 3,
        effectiveDate: "2025-05-01",
        action: "extend_term",
      }),
    );
    expect(endNeedsMonths.ok === false && endNeedsMonths.fieldErrors?.extendedMonths).toBe(
      "Enter how many months to extend the term.",
    );
    const end = await actions.forbearanceEnd(
      form({
        loanNumber: loan,
        expectedSequence: 3,
        effectiveDate: "2025-05-01",
        action: "capitalize",
      }),
    );
    expect(end.ok && end.data.events[0]?.eventType).toBe("forbearance_end");
    let seq = await lastSequence(loan);

    const deferment = await actions.deferment(
      form({
        loanNumber: loan,
        expectedSequence: seq,
        effectiveDate: "2025-06-01",
        periods: 2,
        interestTreatment: "accrue",
      }),
    );
    expect(deferment.ok).toBe(true);
    seq = await lastSequence(loan);

    const unconfirmed = await actions.chargeOff(
      form({
        loanNumber: loan,
        expectedSequence: seq,
        effectiveDate: "2025-09-01",
        reason: "120+ days",
      }),
    );
    expect(unconfirmed.ok === false && unconfirmed.fieldErrors?.confirm).toBe(
      "Confirm the charge-off.",
    );
    const charged = await actions.chargeOff(
      form({
        loanNumber: loan,
        expectedSequence: seq,
        effectiveDate: "2025-09-01",
        reason: "120+ days",
        confirm: "on",
      }),
    );
    expect(charged.ok).toBe(true);
    const state = await stateOf(t.db, loan);
    expect(state.status).toBe("charged_off");
    expect(state.totalOutstanding).toBe("0.00");
  });
});
