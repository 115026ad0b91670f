/**
 * Properties of the derived views over random loans and histories built the
 * way the service builds them (commands through decide and checkAppend, with
 * their accrual catch-ups):
 * 1. days past due are never negative, the bucket is bucketFor(days), and the
 *    amounts are consistent (past due <= due, paid <= amount per installment);
 * 2. a payment of the amount past due on D, effective D, leaves 0 days past due;
 * 3. payoff exactness: a payment of exactly payoffAmount effective Q pays the
 *    loan off with nothing unapplied; one cent less leaves something owed.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../../../lib/app-error";
import { addDays, fromEpochDay, toEpochDay } from "../../../lib/dates";
import { bucketFor, dueFromEvents, payoffFromEvents } from "../../../lib/due";
import type { LoanEvent } from "../../../lib/events/types";
import { Dec } from "../../../lib/money";
import { foldEvents } from "../../../lib/replay/replay";
import type { EngineState } from "../../../lib/replay/state";
import { servicingCommandSchema } from "../../../lib/servicing/command-schemas";
import { decide, earliestDateRead } from "../../../lib/servicing/decide";
import { checkAppend } from "../../../lib/servicing/rules";
import { needsBaseBefore, type WriteModel } from "../../../lib/servicing/write-model";
import { units } from "../../engine/arbitraries";
import { ev, history } from "../../engine/helpers";
import { numbered } from "../servicing/spec";
import { decideOnto } from "./helpers";

const START = "2025-01-01";
const SPAN = 500;
const dayArb = fc.integer({ min: 0, max: SPAN }).map((n) => fromEpochDay(toEpochDay(START) + n));
const cash = (min: number, max: number) => fc.integer({ min, max }).map((n) => units(n, 2));

const loanArb = fc.record({
  principal: cash(500_00, 20_000_00),
  annualRate: fc.integer({ min: 0, max: 2500 }).map((bp) => units(bp, 4)),
  termMonths: fc.integer({ min: 2, max: 18 }),
  dayCount: fc.constantFrom("actual/365", "actual/360", "30/360"),
});

const commandArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      type: fc.constant("record_payment"),
      amount: cash(1, 3000_00),
      effectiveDate: dayArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant("assess_fee"),
      amount: cash(1, 50_00),
      effectiveDate: dayArb,
      feeType: fc.constantFrom("late", "other"),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant("reverse_payment"),
      paymentSequence: fc.integer({ min: 3, max: 400 }),
      effectiveDate: dayArb,
      reason: fc.constant("returned"),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        type: fc.constant("modify_terms"),
        effectiveDate: dayArb,
        ratePercent: fc.integer({ min: 0, max: 2000 }).map((bp) => units(bp, 2)),
        termMonths: fc.integer({ min: 2, max: 36 }),
        capitalizeInterest: fc.boolean(),
        reason: fc.constant("review"),
      },
      { requiredKeys: ["type", "effectiveDate", "reason", "termMonths"] },
    ),
  },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        type: fc.constant("start_forbearance"),
        effectiveDate: dayArb,
        forbearanceType: fc.constantFrom("reduced_payment", "suspension"),
        reducedPayment: cash(0, 300_00),
        plannedEndDate: dayArb,
      },
      { requiredKeys: ["type", "effectiveDate", "forbearanceType", "reducedPayment"] },
    ),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant("end_forbearance"),
      effectiveDate: dayArb,
      action: fc.constantFrom("capitalize", "repayment_plan", "lump_sum"),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant("defer"),
      effectiveDate: dayArb,
      periods: fc.integer({ min: 1, max: 3 }),
      interestTreatment: fc.constantFrom("accrue", "capitalize", "waive"),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant("charge_off"),
      effectiveDate: dayArb,
      reason: fc.constant("loss"),
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("accrue"), through: dayArb }) },
);

const dateOf = (c: Record<string, unknown>) => String(c.effectiveDate ?? c.through);

/**
 * The loan's history: origination and disbursement on START, then each command
 * in date order decided and kept when checkAppend accepts it. The model gets a
 * base only when the decision reads a date before the latest event (as the
 * event store does), so most decisions cost one state.
 */
function historyOf(loan: Record<string, unknown>, commands: Record<string, unknown>[]) {
  let events = history(
    ev.origination(START, { ...loan, firstPaymentDate: "2025-02-01" }),
    ev.disbursement(START, { amount: loan.principal as string, method: "ach" }),
  );
  let current: EngineState = foldEvents(events);
  const sorted = [...commands].sort((a, b) => (dateOf(a) < dateOf(b) ? -1 : 1));
  for (const input of sorted) {
    const parsed = servicingCommandSchema.safeParse(input);
    if (!parsed.success) continue;
    const command = parsed.data;
    const full: WriteModel = {
      current,
      base: { state: foldEvents([]), asOfDate: "0000-01-01", tail: events },
    };
    const model = needsBaseBefore(full, earliestDateRead(current, command)) ? full : { current };
    let decided: ReturnType<typeof decide>;
    try {
      decided = decide(model, command, { today: "2099-12-31", actor: "prop" });
    } catch (error) {
      if (error instanceof AppError && error.code === "rule_violation") continue;
      throw error;
    }
    const candidates = numbered(decided, events.length);
    if (candidates.length === 0) continue;
    const checked = checkAppend(model, candidates);
    if (checked.problems.length > 0) continue;
    events = [...events, ...candidates];
    current = checked.end;
  }
  return { events, current };
}

/** The latest effective date in a history. */
function lastDate(events: readonly LoanEvent[]): string {
  let last = START;
  for (const e of events) if (e.effectiveDate > last) last = e.effectiveDate;
  return last;
}

describe("derived-view properties", () => {
  it("days past due are never negative; bucket and amounts are consistent", () => {
    fc.assert(
      fc.property(
        loanArb,
        fc.array(commandArb, { maxLength: 12 }),
        dayArb,
        fc.constantFrom("0.00", "0.00", "2.50"),
        (loan, commands, asOf, tolerance) => {
          const { events } = historyOf(loan, commands);
          const v = dueFromEvents(events, { asOf, tolerance });
          expect(Number.isInteger(v.daysPastDue)).toBe(true);
          expect(v.daysPastDue).toBeGreaterThanOrEqual(0);
          expect(v.bucket).toBe(bucketFor(v.daysPastDue));
          expect(new Dec(v.amountPastDue).lte(v.amountDue)).toBe(true);
          expect(new Dec(v.amountPastDue).isNegative()).toBe(false);
          if (v.daysPastDue > 0) expect(new Dec(v.amountPastDue).gt(tolerance)).toBe(true);
          let previous = "";
          for (const i of v.installments) {
            expect(i.dueDate > previous).toBe(true);
            previous = i.dueDate;
            expect(new Dec(i.paid).lte(i.amount)).toBe(true);
            expect(new Dec(i.amount).isNegative()).toBe(false);
            expect(i.daysLate).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("a payment of the amount past due on D leaves 0 days past due", () => {
    let paid = 0;
    fc.assert(
      fc.property(
        loanArb,
        fc.array(commandArb, { maxLength: 10 }),
        fc.integer({ min: 0, max: 200 }),
        (loan, commands, extra) => {
          let { events, current } = historyOf(loan, commands);
          const asOf = addDays(lastDate(events), extra);
          // Accrue through D-1 first: the view reads stored interest only.
          if (current.status === "active" || current.status === "forbearance") {
            events = decideOnto(events, { type: "accrue", through: addDays(asOf, -1) });
            current = foldEvents(events);
          }
          const before = dueFromEvents(events, { asOf });
          if (!new Dec(before.amountPastDue).gt(0)) return;
          paid++;
          const after = decideOnto(events, {
            type: "record_payment",
            amount: before.amountPastDue,
            effectiveDate: asOf,
          });
          const v = dueFromEvents(after, { asOf });
          expect(v.daysPastDue).toBe(0);
          expect(v.amountPastDue).toBe("0.00");
        },
      ),
      { numRuns: 40 },
    );
    expect(paid).toBeGreaterThan(8);
  });

  it("payoff exactness: the quoted amount pays off with nothing unapplied; a cent less does not", () => {
    let quoted = 0;
    fc.assert(
      fc.property(
        loanArb,
        fc.array(commandArb, { maxLength: 10 }),
        dayArb,
        fc.integer({ min: 0, max: 120 }),
        (loan, commands, asOf, ahead) => {
          const all = historyOf(loan, commands).events;
          // The loan as of D: the events effective by then (later ones have not happened).
          const events = all.filter((e) => e.effectiveDate <= asOf);
          const state = foldEvents(events);
          if (state.status !== "active" && state.status !== "forbearance") return;
          const maturity = state.terms?.maturityDate ?? asOf;
          const on = addDays(asOf, ahead) <= maturity ? addDays(asOf, ahead) : asOf;
          const quote = payoffFromEvents(events, { asOf, on });
          if (new Dec(quote.payoffAmount).lt("0.02")) return;
          quoted++;
          const post = (amount: string) => {
            const after = foldEvents(
              decideOnto(events, { type: "record_payment", amount, effectiveDate: on }),
            );
            return { after, payment: after.payments.items[after.payments.length - 1] };
          };
          const exact = post(quote.payoffAmount);
          expect(exact.after.status).toBe("paid_off");
          expect(exact.payment?.unapplied.isZero()).toBe(true);
          expect(new Dec(quote.principal).plus(quote.interest).plus(quote.fees).toFixed(2)).toBe(
            quote.payoffAmount,
          );
          const short = post(new Dec(quote.payoffAmount).minus("0.01").toFixed(2));
          expect(short.after.status).not.toBe("paid_off");
        },
      ),
      { numRuns: 40 },
    );
    expect(quoted).toBeGreaterThan(12);
  });
});
