/**
 * Late fees by the nightly accrual job (db/services/accrue.ts, rule in
 * lib/due/late-fees.ts: standard product, 25.00 once per installment still
 * unpaid 15 days after its due date): through the normal append path as a
 * fee_assessment with feeType "late" and the installment's dueDate; once per
 * installment (a re-run, a second worker at the same time, a reversed fee);
 * not before the grace period ends; not on a paid installment; never after
 * the business date; none for a product without a rule; interleaved with
 * the accruals of an interest-bearing loan in date order.
 *
 * Zero-rate loans (1,200.00 over 12 months, 100.00 due on the 1st from
 * 2025-02-01) keep the events to the fees themselves.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accrueInterest } from "../../db/services/accrue";
import { postPayment, reverseEvent } from "../../db/services/servicing";
import { lateFeeRuleFor } from "../../lib/due/late-fees";
import type { LoanEvent } from "../../lib/events/types";
import { replay } from "../../lib/replay/replay";
import { fixedClock, givenLoan, historyOf, TEST_ACTOR } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
const clock = fixedClock("2026-01-15T12:00:00.000Z");
const write = { actor: TEST_ACTOR, clock };

const zeroRate = {
  principal: "1200.00",
  annualRate: "0",
  termMonths: 12,
  dayCount: "30/360" as const,
  firstPaymentDate: "2025-02-01",
  originatedOn: "2025-01-01",
  disbursement: { on: "2025-01-01" },
};

beforeAll(async () => {
  t = await createTestDatabase();
}, 120_000);

afterAll(async () => {
  await t?.destroy();
});

const newLoan = (name: string, extra: Record<string, unknown> = {}) =>
  givenLoan(t.db, { borrower: { name }, ...zeroRate, ...extra });

const accrue = (loanNumber: string, through: string, at = clock) =>
  accrueInterest({
    db: t.db,
    actor: "system:accrual",
    clock: at,
    loanNumbers: [loanNumber],
    through,
  });

async function lateFees(loanNumber: string) {
  return (await historyOf(t.db, loanNumber)).filter(
    (e): e is Extract<LoanEvent, { eventType: "fee_assessment" }> =>
      e.eventType === "fee_assessment" && e.eventData.feeType === "late",
  );
}

const summary = (fees: Awaited<ReturnType<typeof lateFees>>) =>
  fees.map((f) => [
    f.effectiveDate,
    (f.eventData as Record<string, unknown>).dueDate,
    f.eventData.amount,
  ]);

describe("the late-fee rule", () => {
  it("is 25.00 after 15 days for the standard product, none for interest-first", () => {
    expect(lateFeeRuleFor("standard")).toEqual({ amount: "25.00", graceDays: 15 });
    expect(lateFeeRuleFor("interest-first")).toBeNull();
    expect(lateFeeRuleFor("unknown")).toBeNull();
  });
});

describe("late fees from the accrual job", () => {
  it("not before the grace period ends; then once, effective the day it ended, with the due date", async () => {
    const loan = await newLoan("Never pays");
    expect((await accrue(loan, "2025-02-15")).lateFeesAssessed).toBe(0);
    expect(await lateFees(loan)).toEqual([]);
    const first = await accrue(loan, "2025-02-16");
    expect(first).toMatchObject({ lateFeesAssessed: 1, eventsAppended: 1 });
    expect(summary(await lateFees(loan))).toEqual([["2025-02-16", "2025-02-01", "25.00"]]);
    // A re-run assesses nothing more.
    expect((await accrue(loan, "2025-02-16")).eventsAppended).toBe(0);
    expect((await accrue(loan, "2025-02-28")).lateFeesAssessed).toBe(0);
    // The next installment, once its own grace has ended; February's never again.
    expect((await accrue(loan, "2025-03-20")).lateFeesAssessed).toBe(1);
    expect(summary(await lateFees(loan))).toEqual([
      ["2025-02-16", "2025-02-01", "25.00"],
      ["2025-03-16", "2025-03-01", "25.00"],
    ]);
    const state = replay(await historyOf(t.db, loan), "2025-03-20").state;
    expect(state.fees).toBe("50.00");
    expect(state.totals.feesAssessed).toBe("50.00");
  });

  it("none on an installment paid on time or within the grace period", async () => {
    const onTime = await newLoan("On time");
    const withinGrace = await newLoan("Within grace");
    await postPayment({
      db: t.db,
      ...write,
      loanNumber: onTime,
      amount: "100.00",
      effectiveDate: "2025-02-01",
    });
    await postPayment({
      db: t.db,
      ...write,
      loanNumber: onTime,
      amount: "100.00",
      effectiveDate: "2025-03-01",
    });
    await postPayment({
      db: t.db,
      ...write,
      loanNumber: withinGrace,
      amount: "100.00",
      effectiveDate: "2025-02-14",
    });
    await accrue(onTime, "2025-03-20");
    await accrue(withinGrace, "2025-02-28");
    expect(await lateFees(onTime)).toEqual([]);
    expect(await lateFees(withinGrace)).toEqual([]);
  });

  it("a partial payment leaves the installment unpaid: the fee is assessed", async () => {
    const loan = await newLoan("Partial");
    await postPayment({
      db: t.db,
      ...write,
      loanNumber: loan,
      amount: "60.00",
      effectiveDate: "2025-02-01",
    });
    await accrue(loan, "2025-02-16");
    expect(summary(await lateFees(loan))).toEqual([["2025-02-16", "2025-02-01", "25.00"]]);
  });

  it("never dated before a stored event: paid after the grace ended but before the job ran, no fee", async () => {
    const loan = await newLoan("Paid on day 18");
    await postPayment({
      db: t.db,
      ...write,
      loanNumber: loan,
      amount: "100.00",
      effectiveDate: "2025-02-18",
    });
    await accrue(loan, "2025-02-20");
    expect(await lateFees(loan)).toEqual([]);
    // Unpaid for March: the fee is dated when March's grace ended (after every stored event).
    await accrue(loan, "2025-03-31");
    expect(summary(await lateFees(loan))).toEqual([["2025-03-16", "2025-03-01", "25.00"]]);
  });

  it("a loan whose grace ended before its latest event gets the fee dated at that event", async () => {
    const loan = await newLoan("Late payment after grace");
    // A partial payment on 02-20: February is still unpaid and its grace ended on 02-16.
    await postPayment({
      db: t.db,
      ...write,
      loanNumber: loan,
      amount: "40.00",
      effectiveDate: "2025-02-20",
    });
    await accrue(loan, "2025-02-25");
    expect(summary(await lateFees(loan))).toEqual([["2025-02-20", "2025-02-01", "25.00"]]);
  });

  it("never after the business date: the default run (through the day before) and an event on it", async () => {
    const loan = await newLoan("Business date", { clock: fixedClock("2025-01-01T09:00:00.000Z") });
    const at = fixedClock("2025-02-17T09:00:00.000Z");
    // A payment on the business date itself: a fee would have to be dated after through.
    await postPayment({
      db: t.db,
      actor: TEST_ACTOR,
      clock: at,
      loanNumber: loan,
      amount: "10.00",
      effectiveDate: "2025-02-17",
    });
    const run = await accrueInterest({
      db: t.db,
      actor: "system:accrual",
      clock: at,
      loanNumbers: [loan],
    });
    expect(run.through).toBe("2025-02-16");
    expect(run.lateFeesAssessed).toBe(0);
    await expect(
      accrueInterest({
        db: t.db,
        actor: "system:accrual",
        clock: at,
        loanNumbers: [loan],
        through: "2025-02-18",
      }),
    ).rejects.toThrow(/after the business date/);
    // The next night: dated on the business date of that run at the latest.
    const next = fixedClock("2025-02-18T09:00:00.000Z");
    await accrueInterest({ db: t.db, actor: "system:accrual", clock: next, loanNumbers: [loan] });
    expect(summary(await lateFees(loan))).toEqual([["2025-02-17", "2025-02-01", "25.00"]]);
  });

  it("a second worker at the same time assesses nothing twice", async () => {
    const loan = await newLoan("Two workers");
    const runs = await Promise.all([accrue(loan, "2025-02-16"), accrue(loan, "2025-02-16")]);
    expect(runs.map((r) => r.lateFeesAssessed).sort()).toEqual([0, 1]);
    expect(await lateFees(loan)).toHaveLength(1);
  });

  it("a reversed late fee is not assessed again", async () => {
    const loan = await newLoan("Reversed");
    await accrue(loan, "2025-02-16");
    const [fee] = await lateFees(loan);
    await reverseEvent({
      db: t.db,
      ...write,
      loanNumber: loan,
      targetSequence: fee?.sequenceNumber as number,
      effectiveDate: "2025-02-17",
      reason: "goodwill",
    });
    await accrue(loan, "2025-02-28");
    expect(await lateFees(loan)).toHaveLength(1);
  });

  it("a product without a rule gets none", async () => {
    const loan = await newLoan("Interest first", { product: "interest-first" });
    await accrue(loan, "2025-04-30");
    expect(await lateFees(loan)).toEqual([]);
  });

  it("an interest-bearing loan: the fee sits among the accruals in date order", async () => {
    const loan = await givenLoan(t.db, { borrower: { name: "Accruing and late" } });
    const run = await accrue(loan, "2025-02-20");
    expect(run.lateFeesAssessed).toBe(1);
    const events = await historyOf(t.db, loan);
    const dates = events.map((e) => e.effectiveDate);
    expect(dates).toEqual([...dates].sort());
    const feeAt = events.findIndex((e) => e.eventType === "fee_assessment");
    expect(events[feeAt]?.effectiveDate).toBe("2025-02-16");
    expect(events[feeAt - 1]).toMatchObject({
      eventType: "interest_accrual",
      effectiveDate: "2025-02-16",
    });
    expect(events[feeAt + 1]).toMatchObject({
      eventType: "interest_accrual",
      effectiveDate: "2025-02-17",
    });
    expect(replay(events, "2025-02-20").state.fees).toBe("25.00");
  });

  it("can be turned off for a run", async () => {
    const loan = await newLoan("Off");
    const run = await accrueInterest({
      db: t.db,
      actor: "system:accrual",
      clock,
      loanNumbers: [loan],
      through: "2025-03-31",
      lateFees: false,
    });
    expect(run.lateFeesAssessed).toBe(0);
    expect(await lateFees(loan)).toEqual([]);
  });
});
