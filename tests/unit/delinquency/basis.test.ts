/**
 * The due basis (lib/delinquency/basis.ts) against lib/due itself: over
 * random loans and histories built the way the service builds them (commands
 * through decide and checkAppend), days past due read from the basis equal
 * dueFromEvents' on every date on or after the latest event folded, and as of
 * past dates from the events in view; a basis evolved append by append (settled
 * after each, as the event store does) equals the one folded in one go.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../../../lib/app-error";
import { addDays, fromEpochDay, toEpochDay } from "../../../lib/dates";
import {
  type DueBasis,
  daysPastDueOn,
  emptyBasis,
  evolveBasis,
  foldWithBasis,
  settleBasis,
} from "../../../lib/delinquency/basis";
import { dueFromEvents, eventsInView } from "../../../lib/due";
import type { LoanEvent } from "../../../lib/events/types";
import { applyEvent } from "../../../lib/replay/handlers";
import { foldEvents } from "../../../lib/replay/replay";
import { initialEngineState } from "../../../lib/replay/state";
import { servicingCommandSchema } from "../../../lib/servicing/command-schemas";
import { decide, earliestDateRead } from "../../../lib/servicing/decide";
import { checkAppend } from "../../../lib/servicing/rules";
import { needsBaseBefore, type WriteModel } from "../../../lib/servicing/write-model";
import { accrualRunHistoryArb, units } from "../../engine/arbitraries";
import { ev, history } from "../../engine/helpers";
import { numbered } from "../servicing/spec";

const START = "2025-01-01";
const SPAN = 720;
const dayArb = fc.integer({ min: 0, max: SPAN }).map((n) => fromEpochDay(toEpochDay(START) + n));
const cash = (min: number, max: number) => fc.integer({ min, max }).map((n) => units(n, 2));

const loanArb = fc.record({
  principal: cash(500_00, 20_000_00),
  annualRate: fc.integer({ min: 0, max: 2500 }).map((bp) => units(bp, 4)),
  termMonths: fc.integer({ min: 2, max: 48 }),
  dayCount: fc.constantFrom("actual/365", "actual/360", "30/360"),
});

const commandArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  {
    weight: 12,
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
      type: fc.constant("waive_fee"),
      amount: cash(1, 20_00),
      effectiveDate: dayArb,
      reason: fc.constant("goodwill"),
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
        termMonths: fc.integer({ min: 2, max: 48 }),
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
  { weight: 3, arbitrary: fc.record({ type: fc.constant("accrue"), through: dayArb }) },
);

const dateOf = (c: Record<string, unknown>) => String(c.effectiveDate ?? c.through);

/** Origination and disbursement on START, then each command in date order (or as given) when the rules accept it. */
function historyOf(
  loan: Record<string, unknown>,
  commands: Record<string, unknown>[],
  inOrder: boolean,
): LoanEvent[][] {
  let events = history(
    ev.origination(START, { ...loan, firstPaymentDate: "2025-02-01" }),
    ev.disbursement(START, { amount: loan.principal as string, method: "ach" }),
  );
  const appends: LoanEvent[][] = [events];
  let current = foldEvents(events);
  const sorted = inOrder
    ? [...commands].sort((a, b) => (dateOf(a) < dateOf(b) ? -1 : 1))
    : commands;
  for (const input of sorted) {
    const parsed = servicingCommandSchema.safeParse(input);
    if (!parsed.success) continue;
    const command = parsed.data;
    // As the event store does: the state as of the day before the earliest
    // date the decision reads (there, the nearest snapshot) and the events after it.
    const earliest = earliestDateRead(current, command);
    const model: WriteModel = needsBaseBefore({ current }, earliest)
      ? { current, base: baseBefore(events, earliest) }
      : { current };
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
    appends.push(candidates);
    current = checked.end;
  }
  return appends;
}

function baseBefore(events: readonly LoanEvent[], date: string): NonNullable<WriteModel["base"]> {
  const asOfDate = addDays(date, -1);
  return {
    state: foldEvents(events.filter((e) => e.effectiveDate <= asOfDate)),
    asOfDate,
    tail: events.filter((e) => e.effectiveDate > asOfDate),
  };
}

function lastDate(events: readonly LoanEvent[]): string {
  let last = START;
  for (const e of events) if (e.effectiveDate > last) last = e.effectiveDate;
  return last;
}

function settledBasis(events: readonly LoanEvent[], tolerance: string): DueBasis {
  const { state, basis } = foldWithBasis(initialEngineState(), emptyBasis(tolerance), events);
  return settleBasis(basis, state);
}

describe("the due basis against lib/due", () => {
  it("days past due on any date on or after the latest event equal dueFromEvents'", () => {
    let late = 0;
    fc.assert(
      fc.property(
        loanArb,
        fc.array(commandArb, { maxLength: 12 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 700 }),
        fc.constantFrom("0.00", "0.00", "2.50"),
        (loan, commands, inOrder, ahead, tolerance) => {
          const events = historyOf(loan, commands, inOrder).flat();
          const basis = settledBasis(events, tolerance);
          const asOf = addDays(lastDate(events), ahead);
          const expected = dueFromEvents(events, { asOf, tolerance }).daysPastDue;
          if (expected > 0) late++;
          expect(daysPastDueOn(basis, asOf)).toBe(expected);
        },
      ),
      { numRuns: 60 },
    );
    expect(late).toBeGreaterThan(10);
  }, 300_000);

  it("as of a past date, the basis of the events in view gives that date's days past due", () => {
    fc.assert(
      fc.property(
        loanArb,
        fc.array(commandArb, { maxLength: 12 }),
        dayArb,
        fc.constantFrom("0.00", "2.50"),
        (loan, commands, asOf, tolerance) => {
          const events = historyOf(loan, commands, false).flat();
          const inView = eventsInView(events, { asOf });
          const basis = settledBasis(inView, tolerance);
          expect(daysPastDueOn(basis, asOf)).toBe(
            dueFromEvents(events, { asOf, tolerance }).daysPastDue,
          );
        },
      ),
      { numRuns: 50 },
    );
  }, 300_000);

  it("evolved append by append (settled after each) it is the basis folded in one go", () => {
    fc.assert(
      fc.property(
        loanArb,
        fc.array(commandArb, { maxLength: 12 }),
        fc.constantFrom("0.00", "2.50"),
        (loan, commands, tolerance) => {
          const appends = historyOf(loan, commands, true);
          let state = initialEngineState();
          let basis = emptyBasis(tolerance);
          for (const batch of appends) {
            for (const e of batch) {
              const next = applyEvent(state, e);
              basis = evolveBasis(basis, e, state, next);
              state = next;
            }
            // As the event store does: settled, and a short frontier refilled, after each write.
            basis = settleBasis(basis, state, { refill: true });
          }
          const whole = settledBasis(appends.flat(), tolerance);
          expect(basis.since).toBe(whole.since);
          expect(basis.applied).toBe(whole.applied);
          expect(basis.lateFees).toEqual(whole.lateFees);
          // Payments applied to the frontier land where a recompute puts them.
          const { pending: _p, ...rest } = basis;
          const { pending: _q, ...expected } = settleBasis({ ...whole, pending: true }, state);
          expect(rest.since).toBe(expected.since);
          expect(rest.frontier.map((r) => r[0])).toEqual(
            expected.frontier.slice(0, rest.frontier.length).map((r) => r[0]),
          );
        },
      ),
      { numRuns: 60 },
    );
  }, 300_000);
});

describe("foldWithBasis folds runs of accruals at once", () => {
  it("the state and basis applyEvent and evolveBasis reach event by event, from a settled basis", () => {
    fc.assert(
      fc.property(
        accrualRunHistoryArb,
        fc.constantFrom("0.00", "5.00"),
        fc.integer({ min: 2, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.boolean(),
        (events, tolerance, cut, length, nothingUnpaid) => {
          // A snapshot's basis: the prefix folded and settled (not pending).
          const prefix = foldWithBasis(
            initialEngineState(),
            emptyBasis(tolerance),
            events.slice(0, cut),
          );
          const start = prefix.state;
          // Or one with nothing unpaid (paid ahead), where an accrual marks it pending.
          const settled = nothingUnpaid
            ? { ...settleBasis(prefix.basis, start), since: null }
            : settleBasis(prefix.basis, start);
          let state = start;
          let basis = settled;
          const rest = events.slice(cut, cut + length);
          for (const e of rest) {
            const next = applyEvent(state, e);
            basis = evolveBasis(basis, e, state, next);
            state = next;
          }
          expect(foldWithBasis(start, settled, rest)).toEqual({ state, basis });
        },
      ),
      { numRuns: 500 },
    );
  });
});
