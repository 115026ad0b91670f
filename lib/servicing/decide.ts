/**
 * decide(model, command, context) -> the events to append.
 *
 * The command side of the servicing core: a parsed ServicingCommand and the
 * loan's write model (its current state, plus an earlier exact state when
 * the command is backdated) give the events to append, every amount computed
 * here once and stored in the event (DOMAIN.md principle 2): the accrual
 * catch-up, the waterfall split, capitalised and charged-off amounts, the new
 * payment after a modification. Pure; it throws an AppError with code
 * `rule_violation` for a command the state cannot take. The rules every
 * appended event must pass (rules.ts) are checked by the event store after.
 */
import { levelPayment, paymentsLeft } from "../amortization";

import { AppError } from "../app-error";
import { addDays, addMonths } from "../dates";
import type { EventType } from "../events/event-types";
import type { EventPayload } from "../events/types";
import { moneyString } from "../money";
import type { EngineState } from "../replay/state";
import { accrualEvents, accrualStart, planAccruals } from "./accrual";
import type { CommandOf, ServicingCommand } from "./command-schemas";
import { annualRateFromPercent } from "./fields";
import {
  isCorrectionDate,
  type RestatementSummary,
  restate,
  restatementBaseDate,
} from "./restatement";
import { allocatePayment, DEFAULT_WATERFALL, type WaterfallOrder } from "./waterfall";
import { stateAt, type WriteModel } from "./write-model";

export interface EventInput {
  eventType: EventType;
  effectiveDate: string;
  eventData: unknown;
}

export interface DecideContext {
  /** Today's business date: a payment effective earlier is marked backdated. */
  today: string;
  /** Who asks (a fee waiver records it as waivedBy). */
  actor: string;
  /** The product's payment waterfall. */
  order?: WaterfallOrder;
  /** The id a correction's restatement is tagged with (the caller makes it unique). */
  restatementId?: string;
}

export interface Decision {
  events: EventInput[];
  /** What a correction restated (null when the command changes no stored outcome). */
  restatement: RestatementSummary | null;
}

/** The events to append for `command`: with a correction, its restatement (restatement.ts). */
export function decide(
  model: WriteModel,
  command: ServicingCommand,
  context: DecideContext,
): EventInput[] {
  return decideWithRestatement(model, command, context).events;
}

export function decideWithRestatement(
  model: WriteModel,
  command: ServicingCommand,
  context: DecideContext,
): Decision {
  const events = decideOnTime(model, command, context);
  if (command.type === "accrue") return { events, restatement: null };
  const order = context.order ?? DEFAULT_WATERFALL;
  const id = context.restatementId ?? `restatement-${model.current.lastSequence + 1}`;
  const plan = restate(model, events, { id, order, today: context.today });
  return { events: plan.events, restatement: plan.summary };
}

/** The events of `command` as if nothing later were stored. */
function decideOnTime(
  model: WriteModel,
  command: ServicingCommand,
  context: DecideContext,
): EventInput[] {
  switch (command.type) {
    case "record_payment":
      return recordPayment(model, command, context);
    case "assess_fee":
      return [
        {
          eventType: "fee_assessment",
          effectiveDate: command.effectiveDate,
          eventData: withOptional(
            { amount: command.amount, feeType: command.feeType },
            { note: command.note },
          ),
        },
      ];
    case "waive_fee":
      return [
        {
          eventType: "fee_waiver",
          effectiveDate: command.effectiveDate,
          eventData: { amount: command.amount, waivedBy: context.actor, reason: command.reason },
        },
      ];
    case "reverse_payment":
      return reversePayment(command);
    case "reverse_event":
      return [
        {
          eventType: "reversal",
          effectiveDate: command.effectiveDate,
          eventData: { reversedSequence: command.targetSequence, reason: command.reason },
        },
      ];
    case "modify_terms":
      return modifyTerms(model, command);
    case "start_forbearance":
      return [
        {
          eventType: "forbearance_start",
          effectiveDate: command.effectiveDate,
          eventData: withOptional(
            { forbearanceType: command.forbearanceType, reducedPayment: command.reducedPayment },
            { plannedEndDate: command.plannedEndDate },
          ),
        },
      ];
    case "end_forbearance":
      return endForbearance(model, command);
    case "defer":
      return defer(model, command);
    case "charge_off":
      return chargeOff(model, command);
    case "accrue":
      return planAccruals(model, command.through).map((p) => ({
        eventType: "interest_accrual",
        ...p,
      }));
    default: {
      const exhaustive: never = command;
      throw new Error(`unhandled command ${(exhaustive as ServicingCommand).type}`);
    }
  }
}

/** Whether `command` is dated where it may restate stored outcomes (the nightly accrual never is). */
export function isCorrectionCommand(current: EngineState, command: ServicingCommand): boolean {
  return command.type !== "accrue" && isCorrectionDate(current, command.effectiveDate);
}

/**
 * Only payments (which append to it) and reversals (which look their payment
 * up) read or change the payment log; every other event, and the rules for
 * it, decide without it.
 */
export function touchesPaymentLog(eventType: EventType): boolean {
  return eventType === "payment" || eventType === "reversal";
}

/**
 * Commands whose own events post or reverse a payment (touchesPaymentLog)
 * decide from the payment log; any other needs it only when it turns out to
 * be a correction, which may restate later payments (isCorrectionCommand). A
 * fee, a waiver or a change of terms dated today then neither reads nor
 * rewrites the log, the largest part of a long-lived loan's state.
 */
export function commandChangesPaymentLog(command: ServicingCommand): boolean {
  return (
    command.type === "record_payment" ||
    command.type === "reverse_payment" ||
    command.type === "reverse_event"
  );
}

/**
 * The earliest date a decision about `command` reads a state for: before the
 * loan's latest event, the caller must give the model a base as of it.
 */
export function earliestDateRead(current: EngineState, command: ServicingCommand): string {
  const effective = command.type === "accrue" ? command.through : command.effectiveDate;
  // A correction is walked again from the day before it (restatement.ts).
  const date = isCorrectionCommand(current, command) ? restatementBaseDate(effective) : effective;
  const start = accrualStart(current);
  if (start === null || !catchesUp(command)) return date;
  // biome-ignore lint/complexity/useMathMinMax: ISO dates compare as strings, not numbers
  return start < date ? start : date;
}

function catchesUp(command: ServicingCommand): boolean {
  return [
    "record_payment",
    "modify_terms",
    "end_forbearance",
    "defer",
    "charge_off",
    "accrue",
  ].includes(command.type);
}

/**
 * Interest accruals for the days before `date` not yet accrued, as inputs, and
 * the state as of `date` once they are applied: what the borrower owes that day.
 */
export function catchUpTo(model: WriteModel, date: string) {
  const planned = planAccruals(model, addDays(date, -1));
  const pending = accrualEvents(planned, model.current.lastSequence);
  const inputs: EventInput[] = planned.map((p) => ({ eventType: "interest_accrual", ...p }));
  return { inputs, state: stateAt(model, date, pending) };
}

function recordPayment(
  model: WriteModel,
  cmd: CommandOf<"record_payment">,
  context: DecideContext,
): EventInput[] {
  const { inputs, state } = catchUpTo(model, cmd.effectiveDate);
  const owed = {
    fees: moneyString(state.fees),
    interest: moneyString(state.interest),
    principal: moneyString(state.principal),
  };
  const eventData: Record<string, unknown> = withOptional(
    {
      amount: cmd.amount,
      allocation: allocatePayment(cmd.amount, owed, context.order ?? DEFAULT_WATERFALL),
    },
    { method: cmd.method, reference: cmd.reference },
  );
  if (cmd.effectiveDate < context.today) eventData.backdated = true;
  return [...inputs, { eventType: "payment", effectiveDate: cmd.effectiveDate, eventData }];
}

function reversePayment(cmd: CommandOf<"reverse_payment">): EventInput[] {
  const inputs: EventInput[] = [
    {
      eventType: "reversal",
      effectiveDate: cmd.effectiveDate,
      eventData: { reversedSequence: cmd.paymentSequence, reason: cmd.reason },
    },
  ];
  if (cmd.nsfFee !== undefined && !/^0(\.0+)?$/.test(cmd.nsfFee)) {
    inputs.push({
      eventType: "fee_assessment",
      effectiveDate: cmd.effectiveDate,
      eventData: { amount: cmd.nsfFee, feeType: "nsf", relatedSequence: cmd.paymentSequence },
    });
  }
  return inputs;
}

/**
 * `before` is the terms in force; `after` applies the new rate and/or term, and
 * the new payment is the level payment that amortises the principal (after any
 * capitalisation) over the payments left until the new maturity date.
 */
function modifyTerms(model: WriteModel, cmd: CommandOf<"modify_terms">): EventInput[] {
  const { inputs, state } = catchUpTo(model, cmd.effectiveDate);
  const terms = state.terms;
  if (!terms) throw new AppError("rule_violation", "The loan has not been originated.");
  const annualRate =
    cmd.ratePercent === undefined ? terms.annualRate : annualRateFromPercent(cmd.ratePercent);
  const termMonths = cmd.termMonths ?? terms.termMonths;
  // The maturity in force already includes deferments and term extensions; a
  // new term moves it by the difference.
  const maturityDate = addMonths(terms.maturityDate, termMonths - terms.termMonths);
  const capitalized = cmd.capitalizeInterest && !state.interest.isZero() ? state.interest : null;
  const principal = capitalized ? state.principal.plus(capitalized) : state.principal;
  const remaining = paymentsLeft(terms.firstPaymentDate, maturityDate, cmd.effectiveDate);
  if (remaining < 1) {
    throw new AppError(
      "rule_violation",
      `The new maturity date ${maturityDate} is not after ${cmd.effectiveDate}; lengthen the term.`,
    );
  }
  const paymentAmount = levelPayment({
    principal: principal.toFixed(2),
    annualRate,
    termMonths: remaining,
  });
  const eventData: EventPayload<"modification"> = {
    before: {
      annualRate: terms.annualRate,
      termMonths: terms.termMonths,
      paymentAmount: terms.paymentAmount,
      maturityDate: terms.maturityDate,
    },
    after: { annualRate, termMonths, paymentAmount, maturityDate },
    reason: cmd.reason,
  };
  if (capitalized) eventData.capitalizedInterest = moneyString(capitalized);
  return [...inputs, { eventType: "modification", effectiveDate: cmd.effectiveDate, eventData }];
}

/** Accrue to the end date; `capitalize` moves the interest outstanding then into principal. */
function endForbearance(model: WriteModel, cmd: CommandOf<"end_forbearance">): EventInput[] {
  const { inputs, state } = catchUpTo(model, cmd.effectiveDate);
  const eventData: Record<string, unknown> = { action: cmd.action };
  if (cmd.action === "capitalize") eventData.capitalizedAmount = moneyString(state.interest);
  if (cmd.extendedMonths !== undefined) eventData.extendedMonths = cmd.extendedMonths;
  return [...inputs, { eventType: "forbearance_end", effectiveDate: cmd.effectiveDate, eventData }];
}

/**
 * Maturity moves out by `periods` months. `capitalize` moves the interest
 * outstanding on the start date into principal; `waive` stops accrual for the
 * deferment's months (the accrual planner skips them); `accrue` changes nothing else.
 */
function defer(model: WriteModel, cmd: CommandOf<"defer">): EventInput[] {
  const { inputs, state } = catchUpTo(model, cmd.effectiveDate);
  const eventData: Record<string, unknown> = {
    periods: cmd.periods,
    interestTreatment: cmd.interestTreatment,
  };
  if (cmd.interestTreatment === "capitalize") {
    eventData.capitalizedAmount = moneyString(state.interest);
  }
  return [...inputs, { eventType: "deferment", effectiveDate: cmd.effectiveDate, eventData }];
}

/** Write off everything outstanding on the charge-off date (after accruing to it). */
function chargeOff(model: WriteModel, cmd: CommandOf<"charge_off">): EventInput[] {
  const { inputs, state } = catchUpTo(model, cmd.effectiveDate);
  const amount = state.principal.plus(state.interest).plus(state.fees);
  return [
    ...inputs,
    {
      eventType: "charge_off",
      effectiveDate: cmd.effectiveDate,
      eventData: {
        amount: moneyString(amount),
        principal: moneyString(state.principal),
        interest: moneyString(state.interest),
        fees: moneyString(state.fees),
        reason: cmd.reason,
      },
    },
  ];
}

function withOptional(
  required: Record<string, unknown>,
  optional: Record<string, string | undefined>,
): Record<string, unknown> {
  const out = { ...required };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) out[key] = value;
  return out;
}
