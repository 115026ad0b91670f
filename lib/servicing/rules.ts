/**
 * The servicing rules an event must pass before it is appended, judged from
 * state: the loan's state as of the candidate's effective date (with the
 * candidates before it folded in) and its current state. An empty result
 * means "write them". Each problem names the event and the rule, in words a
 * servicer understands.
 *
 * Two sources of refusal:
 * 1. Rules of the trade the engine has no opinion on (disbursing more than was
 *    committed, ending a forbearance that never started, ...).
 * 2. Anything that would make replay warn about a candidate (a reversal of a
 *    missing payment, a waiver above outstanding fees, an allocation that does
 *    not sum, ...): history that replays with warnings must never be written.
 *    Replay with every event in effect is the fold in sequence order, which
 *    is the current state: folding the candidates onto it shows every warning
 *    they would leave.
 */
import type { LoanEvent } from "../events/types";
import { Dec, moneyString } from "../money";
import { applyEvent } from "../replay/handlers";
import { type EngineState, findFeeRecord, findPayment } from "../replay/state";
import { stateAt, type WriteModel } from "./write-model";

export interface AppendProblem {
  sequenceNumber: number;
  message: string;
}

export interface CheckedAppend {
  problems: AppendProblem[];
  /** The current state with the candidates folded in (what the projection becomes). */
  end: EngineState;
}

/** Problems the candidates (numbered after the stored events, in order) would cause. */
export function checkAppend(model: WriteModel, candidates: readonly LoanEvent[]): CheckedAppend {
  let end = model.current;
  const accepted: LoanEvent[] = [];
  for (const candidate of candidates) {
    const expected = end.lastSequence + 1;
    if (candidate.sequenceNumber !== expected) {
      return {
        problems: [
          {
            sequenceNumber: candidate.sequenceNumber,
            message: `sequence number must be ${expected}`,
          },
        ],
        end,
      };
    }
    const last = end.facts.lastEffectiveDate;
    // Effective on or after everything so far: the state as of its date is the end state.
    const at =
      last === null || candidate.effectiveDate >= last || takesInterestBack(candidate)
        ? end
        : stateAt(model, candidate.effectiveDate, accepted);
    const messages = takesInterestBack(candidate) ? [] : ruleViolations(end, at, candidate);
    if (messages.length > 0) {
      return {
        problems: messages.map((message) => ({
          sequenceNumber: candidate.sequenceNumber,
          message,
        })),
        end,
      };
    }
    const before = end.warnings.length;
    end = applyEvent(end, candidate);
    const warnings = end.warnings
      .slice(before)
      .filter((w) => w.sequenceNumber === candidate.sequenceNumber);
    if (warnings.length > 0) return { problems: warnings.map((w) => ({ ...w })), end };
    accepted.push(candidate);
  }
  return { problems: [], end };
}

/**
 * An accrual adjustment that lowers a day's interest (a restatement's): the
 * rule "no interest accrues on a closed loan" is about accruing, so there is
 * no state as of its date to judge; what it does to replay is still checked.
 */
function takesInterestBack(e: LoanEvent): boolean {
  return (
    e.eventType === "interest_accrual" &&
    e.eventData.adjusts !== undefined &&
    e.eventData.amount.startsWith("-")
  );
}

/** `end`: the state with everything so far in effect; `at`: as of the candidate's date. */
function ruleViolations(end: EngineState, at: EngineState, e: LoanEvent): string[] {
  const originated = end.originationDate;
  if (originated === null) {
    return e.eventType === "origination"
      ? []
      : [`the first event on a loan must be an origination, not ${e.eventType}`];
  }
  if (e.eventType === "origination") {
    return [`the loan was already originated on ${originated} (event #1)`];
  }
  if (e.effectiveDate < originated) {
    return [`effective date ${e.effectiveDate} is before the origination date ${originated}`];
  }
  const problems: string[] = [];
  switch (e.eventType) {
    case "disbursement": {
      const committed = new Dec(end.facts.committedPrincipal ?? "0").toFixed(2);
      const after = end.totals.disbursed.plus(e.eventData.amount);
      if (after.greaterThan(committed)) {
        problems.push(
          `disbursing ${e.eventData.amount} would exceed the committed principal ${committed} (${moneyString(end.totals.disbursed)} already disbursed)`,
        );
      }
      if (at.status === "charged_off" || at.status === "paid_off") {
        problems.push(`cannot disburse on a loan that is ${label(at)}`);
      }
      break;
    }
    case "payment": {
      if (at.status === "originated") problems.push("cannot take a payment before disbursement");
      break;
    }
    case "interest_accrual":
      if (at.status !== "active" && at.status !== "forbearance") {
        problems.push(`no interest accrues on a loan that is ${label(at)}`);
      }
      break;
    case "fee_waiver":
      if (at.fees.lessThan(e.eventData.amount)) {
        problems.push(
          `cannot waive ${e.eventData.amount}: outstanding fees on ${e.effectiveDate} are ${moneyString(at.fees)}`,
        );
      }
      break;
    case "fee_assessment":
    case "modification":
    case "deferment":
      if (at.status === "charged_off" || at.status === "paid_off") {
        problems.push(`cannot record ${e.eventType} on a loan that is ${label(at)}`);
      }
      break;
    case "forbearance_start":
      if (at.status !== "active") {
        problems.push(`forbearance can only start on an active loan; this loan is ${label(at)}`);
      }
      break;
    case "forbearance_end":
      if (at.status !== "forbearance") {
        problems.push(
          `forbearance_end is only allowed during forbearance; on ${e.effectiveDate} the loan is ${label(at)}`,
        );
      }
      break;
    case "charge_off":
      if (at.status !== "active" && at.status !== "forbearance") {
        problems.push(`only an active loan can be charged off; this loan is ${label(at)}`);
      }
      break;
    case "reversal":
      problems.push(...reversalProblems(end, e.eventData.reversedSequence, e.effectiveDate));
      break;
    default: {
      const exhaustive: never = e;
      throw new Error(`unhandled event type ${(exhaustive as LoanEvent).eventType}`);
    }
  }
  return problems;
}

/** What a reversal of event #seq effective `date` may not do. */
function reversalProblems(end: EngineState, seq: number, date: string): string[] {
  const target = reversibleTarget(end, seq);
  if (!target) {
    return [`there is no payment, fee, waiver or charge-off #${seq} on this loan to reverse`];
  }
  const problems: string[] = [];
  const already = end.reversals.get(seq);
  if (already !== undefined) {
    problems.push(`${target.what} #${seq} was already reversed by event #${already}`);
  }
  if (date < target.effectiveDate) {
    problems.push(
      `a reversal must be effective on or after the ${target.what} it reverses (${target.effectiveDate})`,
    );
  }
  const co = end.chargeOff;
  // Everything in the logs but a recovery was applied before the charge-off in force.
  if (co && co.sequenceNumber !== seq && target.what !== "recovery" && date >= co.date) {
    problems.push(
      `${target.what} #${seq} was applied before the charge-off on ${co.date} (event #${co.sequenceNumber}); date the reversal before ${co.date} so the charge-off is restated`,
    );
  }
  return problems;
}

/** The payment, fee, waiver or charge-off a reversal may target. */
function reversibleTarget(
  state: EngineState,
  seq: number,
): { what: string; effectiveDate: string } | null {
  const payment = findPayment(state.payments, seq);
  if (payment) return { what: payment.kind, effectiveDate: payment.effectiveDate };
  if (state.chargeOff?.sequenceNumber === seq) {
    return { what: "charge-off", effectiveDate: state.chargeOff.date };
  }
  const fee = findFeeRecord(state.feeLog, seq);
  if (fee) return { what: fee.kind === "fee" ? "fee" : "waiver", effectiveDate: fee.effectiveDate };
  return null;
}

function label(state: EngineState): string {
  return state.status.replace("_", " ");
}
