import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import { GENERIC_ERROR, validatedAction } from "../../app/_lib/validated-action";
import { recordCommand } from "../../app/loans/[loanNumber]/_server/record";
import {
  type CommandWrite,
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

// The actions as the "use server" file builds them (writeAction over one
// recordCommand), bound to the test database, called by a signed-in servicer
// (whose actor is recorded).
const WRITE = { permission: "record_events" } as const;
const SERVICER = actAs("servicer");
const ACTOR = SERVICER?.actor ?? "";
function writeAction<S extends z.ZodType<CommandWrite>>(schema: S) {
  return validatedAction(schema, (input, staff) => recordCommand(t.db, input, staff.actor), WRITE);
}
const actions = {
  payment: writeAction(paymentSchema),
  fee: writeAction(feeSchema),
  waiver: writeAction(waiverSchema),
  reversal: writeAction(reversalSchema),
  modification: writeAction(modificationSchema),
  forbearanceStart: writeAction(forbearanceStartSchema),
  forbearanceEnd: writeAction(forbearanceEndSchema),
  deferment: writeAction(defermentSchema),
  chargeOff: writeAction(chargeOffSchema),
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
      expect(result.fieldErrors?.amount).toMatch(
        /dollars and cents|greater than \$0\.00|as a positive amount/,
      );
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
      "Enter the date the payment was received as a real date YYYY-MM-DD.",
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
      "Enter the payment to reverse.",
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
    // 4.5% is the annual fraction 4.5 / 100 = 0.045, divided by 100 once: the
    // action hands runCommand the rate as typed, and the command's schema
    // converts it. (The old form padded it to "0.0450"; the command's
    // percentField now stores "0.045": compared as numbers here.)
    const state = await stateOf(t.db, loan, "2025-03-01");
    expect(Number(state.terms?.annualRate)).toBe(0.045);
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

describe("the strict field parsers, through the actions", () => {
  // Every loan here is givenLoan's: $12,000 at 6% actual/365, originated and
  // disbursed 2025-01-01 (events #1 and #2).

  it('"1,50" is refused next to the amount (never read as 150), and nothing is written', async () => {
    const loan = await givenLoan(t.db);
    const result = await actions.payment(
      form({ loanNumber: loan, expectedSequence: 2, amount: "1,50", effectiveDate: "2025-02-01" }),
    );
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: {
        amount:
          "Enter the amount received in dollars and cents, e.g. 512.33 or 1,250.00 (no more than 2 decimals).",
      },
      values: { amount: "1,50" },
    });
    expect(await eventCount(t.db, loan)).toBe(2);
  });

  it('"1,250.00" is $1,250.00', async () => {
    const loan = await givenLoan(t.db);
    const result = await actions.payment(
      form({
        loanNumber: loan,
        expectedSequence: 2,
        amount: "1,250.00",
        effectiveDate: "2025-02-01",
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // 31 daily accruals (Jan 1..31) first: 31 × 12,000 × 0.06 / 365 = 61.1507 -> $61.15
    // (as in the $1,032.80 payment above). No fees, so the principal gets
    // 1,250.00 − 61.15 = $1,188.85. Events: #3..#33 accruals, #34 the payment.
    expect(result.data.accrualsCaughtUp).toBe(31);
    expect(result.data.events).toEqual([
      {
        sequenceNumber: 34,
        eventType: "payment",
        effectiveDate: "2025-02-01",
        summary: "Payment of $1,250.00 applied: $0.00 fees, $61.15 interest, $1,188.85 principal",
      },
    ]);
    const payment = (await historyOf(t.db, loan)).at(-1);
    expect(payment?.eventData).toMatchObject({
      amount: "1250.00",
      allocation: { fees: "0.00", interest: "61.15", principal: "1188.85" },
    });
    // 12,000.00 − 1,188.85 = 10,811.15 principal left.
    expect((await stateOf(t.db, loan, "2025-02-01")).principal).toBe("10811.15");
  });

  it('"$9,999,999,999.99" is well formed but above the most one command may carry', async () => {
    const loan = await givenLoan(t.db);
    for (const [action, field] of [
      [actions.payment, "amount"],
      [actions.fee, "amount"],
    ] as const) {
      const result = await action(
        form({
          loanNumber: loan,
          expectedSequence: 2,
          amount: "$9,999,999,999.99",
          feeType: "late",
          effectiveDate: "2025-02-01",
        }),
      );
      expect(result.ok === false && result.fieldErrors?.[field]).toMatch(
        /of at most \$999,999,999\.99\.$/,
      );
    }
    expect(await eventCount(t.db, loan)).toBe(2);
  });

  it('a term of "1e2" or "0x10" is refused (not read as 100 or 16)', async () => {
    const loan = await givenLoan(t.db);
    for (const termMonths of ["1e2", "0x10", "12.0"]) {
      const result = await actions.modification(
        form({
          loanNumber: loan,
          expectedSequence: 2,
          effectiveDate: "2025-03-01",
          termMonths,
          reason: "hardship",
        }),
      );
      expect(result.ok === false && result.fieldErrors?.termMonths, termMonths).toBe(
        "Enter the new term in months as a whole number.",
      );
    }
    const deferment = await actions.deferment(
      form({
        loanNumber: loan,
        expectedSequence: 2,
        effectiveDate: "2025-03-01",
        periods: "1e1",
        interestTreatment: "accrue",
      }),
    );
    expect(deferment.ok === false && deferment.fieldErrors?.periods).toBe(
      "Enter the number of payments to defer as a whole number.",
    );
    expect(await eventCount(t.db, loan)).toBe(2);
  });

  it("a NUL byte in a reason or a reference is refused", async () => {
    const loan = await givenLoan(t.db);
    await actions.fee(
      form({
        loanNumber: loan,
        expectedSequence: 2,
        amount: "25.00",
        feeType: "late",
        effectiveDate: "2025-01-20",
      }),
    );
    const waiver = await actions.waiver(
      form({
        loanNumber: loan,
        expectedSequence: 3,
        amount: "25.00",
        effectiveDate: "2025-01-21",
        reason: "goodwill\u0000",
      }),
    );
    expect(waiver.ok === false && waiver.fieldErrors?.reason).toMatch(/null character/);
    const payment = await actions.payment(
      form({
        loanNumber: loan,
        expectedSequence: 3,
        amount: "100.00",
        effectiveDate: "2025-02-01",
        reference: "CHK\u000077",
      }),
    );
    expect(payment.ok === false && payment.fieldErrors?.reference).toMatch(/null character/);
    expect(await eventCount(t.db, loan)).toBe(3); // the fee only
  });

  it("reports every bad field at once, the envelope's too", async () => {
    const result = await actions.payment(
      form({ loanNumber: "123", expectedSequence: "x", amount: "1,50", effectiveDate: "soon" }),
    );
    expect(result.ok === false && Object.keys(result.fieldErrors ?? {}).sort()).toEqual([
      "amount",
      "effectiveDate",
      "expectedSequence",
      "loanNumber",
    ]);
  });

  it("the form's action fixes the command: a posted type cannot turn a payment into a waiver", async () => {
    const loan = await givenLoan(t.db);
    const result = await actions.payment(
      form({
        loanNumber: loan,
        expectedSequence: 2,
        type: "waive_fee",
        amount: "100.00",
        effectiveDate: "2025-01-02",
        reason: "x",
      }),
    );
    // One day of accrual (Jan 1) first: 12,000 × 0.06 / 365 = 1.9726 -> $1.97;
    // then the payment: $1.97 interest, 100.00 − 1.97 = $98.03 principal.
    expect(result.ok && result.data.events.map((e) => [e.eventType, e.summary])).toEqual([
      ["payment", "Payment of $100.00 applied: $0.00 fees, $1.97 interest, $98.03 principal"],
    ]);
  });
});
