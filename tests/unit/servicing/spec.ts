/**
 * Given / when / then for the servicing decider, in the style of
 * event-driven-io/emmett's DeciderSpecification, entirely in memory:
 *
 *   given(events).when(command, context).then(expectedEvents)
 *   given(events).when(command, context).thenThrows("rule_violation", /message/)
 *   given(events).appending(candidates).refusedWith(/message/)  |  .accepted()
 *
 * `given` folds the events (parsed, numbered 1..n) into a WriteModel: `current`
 * is the fold in sequence order and `base` is the empty state as of
 * 0000-01-01 with every event as its tail, so a backdated decision can read
 * any earlier date. `when` parses the command with the app's own schema (so
 * "4.5" percent, "1,250.00" and checkbox values go through the real parsers),
 * and `then` also checks the decided events: each must be schema-valid as
 * event #n+1, #n+2, ..., and `checkAppend` must accept them with no problems,
 * ending in the same state as a fold from scratch.
 */
import { expect } from "vitest";
import type { z } from "zod";
import { AppError, type AppErrorCode } from "../../../lib/app-error";
import { parseEvent } from "../../../lib/events/parse";
import type { LoanEvent } from "../../../lib/events/types";
import { Dec, isDecimalString } from "../../../lib/money";
import { type EngineState, initialEngineState, toLoanState } from "../../../lib/replay/state";
import { servicingCommandSchema } from "../../../lib/servicing/command-schemas";
import { type DecideContext, decide, type EventInput } from "../../../lib/servicing/decide";
import { type AppendProblem, checkAppend } from "../../../lib/servicing/rules";
import { type BaseState, foldOnto, type WriteModel } from "../../../lib/servicing/write-model";
import { type Draft, ev, history } from "../../engine/helpers";

export type CommandInput = z.input<typeof servicingCommandSchema>;

/** Everything observable about a state, as plain strings (Decimal-free, comparable with toEqual). */
export function view(s: EngineState) {
  return { ...toLoanState(s, "2099-12-31", null), facts: s.facts };
}

/** A model over `events`: current = fold; base = empty state as of 0000-01-01 + every event. */
export function modelOf(events: readonly LoanEvent[], withBase = true): WriteModel {
  const current = foldOnto(initialEngineState(), events);
  if (!withBase) return { current };
  return { current, base: { state: initialEngineState(), asOfDate: "0000-01-01", tail: events } };
}

/** Inputs (decided or drafted) as events numbered after `after`, each through parseEvent. */
export function numbered(inputs: readonly (EventInput | Draft)[], after: number): LoanEvent[] {
  return inputs.map((input, i) => parseEvent({ sequenceNumber: after + 1 + i, ...input }, i));
}

/** The base a month-end snapshot as of `asOfDate` gives: the events effective on or before it, folded, and the rest as its tail. */
export function snapshotBase(events: readonly LoanEvent[], asOfDate: string): BaseState {
  return {
    state: foldOnto(
      initialEngineState(),
      events.filter((e) => e.effectiveDate <= asOfDate),
    ),
    asOfDate,
    tail: events.filter((e) => e.effectiveDate > asOfDate),
  };
}

export interface GivenOptions {
  /** Give the model no base (a backdated decision must then fail). Default: with base. */
  base?: boolean;
}

export function given(drafts: readonly Draft[], options: GivenOptions = {}) {
  const events = history(...drafts);
  const model = modelOf(events, options.base ?? true);
  // A sanity check on the fixture: the given history folds without warnings.
  expect(model.current.warnings, "the given events fold without warnings").toEqual([]);

  /** `then`'s checks on decided events; returns the state after them. */
  const appendAndCheck = (decided: readonly EventInput[]) => {
    const candidates = numbered(decided, events.length);
    const { problems, end } = checkAppend(model, candidates);
    expect(problems, "checkAppend accepts the decided events").toEqual([]);
    expect(view(end)).toEqual(view(foldOnto(initialEngineState(), [...events, ...candidates])));
    return { end, candidates };
  };

  return {
    events,
    model,

    when(input: CommandInput, context: Partial<DecideContext> = {}) {
      const command = servicingCommandSchema.parse(input);
      const date = command.type === "accrue" ? command.through : command.effectiveDate;
      const ctx: DecideContext = { today: date, actor: "servicer@bank.test", ...context };
      const run = () => decide(model, command, ctx);
      return {
        command,
        /** The decided events, unchecked. */
        decided: run,
        // biome-ignore lint/suspicious/noThenProperty: the given/when/then DSL; never awaited
        then(expected: readonly EventInput[]) {
          const decided = run();
          expect(decided).toEqual(expected);
          return appendAndCheck(decided);
        },
        thenThrows(code: AppErrorCode, message: RegExp) {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown, "decide throws").toBeInstanceOf(AppError);
          expect((thrown as AppError).code).toBe(code);
          expect((thrown as AppError).message).toMatch(message);
        },
      };
    },

    appending(candidateDrafts: readonly Draft[]) {
      const candidates = numbered(candidateDrafts, events.length);
      const result = checkAppend(model, candidates);
      return {
        ...result,
        refusedWith(message: RegExp): AppendProblem[] {
          expect(result.problems.length, "checkAppend refuses").toBeGreaterThan(0);
          expect(result.problems.map((p) => p.message).join("\n")).toMatch(message);
          return result.problems;
        },
        accepted(): EngineState {
          expect(result.problems).toEqual([]);
          expect(view(result.end)).toEqual(
            view(foldOnto(initialEngineState(), [...events, ...candidates])),
          );
          return result.end;
        },
      };
    },
  };
}

/**
 * A decimal string numerically equal to `value`, whatever its trailing zeros
 * ("0.045" and "0.0450" are the same rate): for fields whose printed form is
 * not the point of the test.
 */
export const decimalOf = (value: string) =>
  expect.toSatisfy(
    (v: unknown) => isDecimalString(v) && new Dec(v).equals(value),
    `a decimal string equal to ${value}`,
  );

/** Expected daily accruals from `from` through `through` inclusive, all the same amount. */
export function dailyAccruals(
  from: string,
  through: string,
  eventData: {
    amount: string;
    rate: string;
    principalBasis: string;
    dayCount: string;
    days?: number;
  },
): EventInput[] {
  const out: EventInput[] = [];
  for (let day = from; day <= through; day = nextDay(day)) {
    out.push({
      eventType: "interest_accrual",
      effectiveDate: day,
      eventData: { days: 1, ...eventData },
    });
  }
  return out;
}

function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------
// The loans the specs start from (each total worked out by hand where it is used).

/**
 * 12,000.00 at 6 % for 12 months, actual/365, first payment 2025-02-01,
 * originated and disbursed on 2025-01-01.
 *
 * Level payment: r = 0.06 / 12 = 0.005, (1.005)^12 = 1.0616778118644996,
 *   12000 x 0.005 x 1.06167781... / 0.06167781... = 1032.797156... -> "1032.80".
 * Maturity: 2025-02-01 + 11 months = 2026-01-01.
 * One day's interest: 12000 x 0.06 x 1 / 365 = 720 / 365 = 1.972602739726... -> "1.972603".
 * Ten days (Jan 1 .. Jan 10): 10 x 1.972603 = 19.72603 (a payment takes 19.72 of it).
 */
export const ORIGINATION: Draft = ev.origination("2025-01-01", {
  principal: "12000.00",
  annualRate: "0.06",
  termMonths: 12,
  dayCount: "actual/365",
  firstPaymentDate: "2025-02-01",
});
export const LOAN: Draft[] = [
  ORIGINATION,
  ev.disbursement("2025-01-01", { amount: "12000.00", method: "ach" }),
];
export const TERMS = {
  annualRate: "0.06",
  termMonths: 12,
  paymentAmount: "1032.80",
  maturityDate: "2026-01-01",
};
/** One day's accrual on the full principal. */
export const DAY = {
  amount: "1.972603",
  rate: "0.06",
  principalBasis: "12000.00",
  dayCount: "actual/365",
} as const;
/** The expected catch-up Jan 1 .. Jan 10 on the full principal (19.72603 in all). */
export const TEN_DAYS: EventInput[] = dailyAccruals("2025-01-01", "2025-01-10", DAY);

/** Accrual inputs as given events. */
export function asDrafts(inputs: readonly EventInput[]): Draft[] {
  return inputs.map((i) => ({
    eventType: i.eventType,
    effectiveDate: i.effectiveDate,
    eventData: i.eventData as Record<string, unknown>,
  }));
}

/**
 * The same loan at 0 %: no interest ever accrues (an accrual of 0.000000 is not
 * written), so term changes can be shown without a catch-up.
 * Level payment 12000 / 12 = "1000.00"; maturity 2026-01-01.
 */
export const ZERO_RATE_LOAN: Draft[] = [
  ev.origination("2025-01-01", {
    principal: "12000.00",
    annualRate: "0",
    termMonths: 12,
    dayCount: "30/360",
    firstPaymentDate: "2025-02-01",
  }),
  ev.disbursement("2025-01-01", { amount: "12000.00", method: "ach" }),
];

/** A 12,000.00 30/360 loan at 6 % disbursed on `disbursed`: one 30/360 day is 12000 x 0.06 / 360 = 2.00. */
export function loan360(originated: string, disbursed: string, firstPaymentDate: string): Draft[] {
  return [
    ev.origination(originated, {
      principal: "12000.00",
      annualRate: "0.06",
      termMonths: 12,
      dayCount: "30/360",
      firstPaymentDate,
    }),
    ev.disbursement(disbursed, { amount: "12000.00", method: "ach" }),
  ];
}

/** A payment of principal only (no interest owed yet on its date). */
export function principalPayment(date: string, amount: string): Draft {
  return ev.payment(date, {
    amount,
    allocation: { fees: "0.00", interest: "0.00", principal: amount },
    method: "ach",
  });
}
