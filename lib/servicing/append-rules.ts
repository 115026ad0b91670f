/**
 * The servicing rules an event must pass before it is appended. Pure: the
 * service layer passes the loan's history and the candidate events; an empty
 * result means "write them". Each problem names the event and the rule, in
 * words a servicer understands.
 *
 * Two sources of refusal:
 * 1. Rules of the trade the engine has no opinion on (disbursing more than was
 *    committed, ending a forbearance that never started, ...), checked here
 *    against the state replayed as of the candidate's effective date.
 * 2. Anything that would make replay warn about the candidate (a reversal of
 *    a missing payment, a waiver above outstanding fees, an allocation that does
 *    not sum, ...): history that replays with warnings must never be written.
 */
import { addMonths } from "../dates";
import type { LoanEvent } from "../events/types";
import { toMoney } from "../money";
import { replay } from "../replay/replay";
import type { LoanState } from "../replay/state";
import { type AppendProblem, END_OF_TIME, replayWarningsFor } from "../replay/validate";

export { type AppendProblem, END_OF_TIME };

/** Problems the candidates would cause, appended in order after `history`. */
export function checkAppend(
  history: readonly LoanEvent[],
  candidates: readonly LoanEvent[],
): AppendProblem[] {
  const problems: AppendProblem[] = [];
  let known = [...history];
  const states = new StateCache(known);
  for (const candidate of candidates) {
    const expected = (known.at(-1)?.sequenceNumber ?? 0) + 1;
    if (candidate.sequenceNumber !== expected) {
      return [
        {
          sequenceNumber: candidate.sequenceNumber,
          message: `sequence number must be ${expected}`,
        },
      ];
    }
    for (const message of ruleViolations(known, candidate, states)) {
      problems.push({ sequenceNumber: candidate.sequenceNumber, message });
    }
    if (problems.length > 0) return problems;
    known = [...known, candidate];
    states.appended(candidate);
  }
  // One replay of everything, with all events in effect, catches every warning
  // the candidates would leave in history.
  return replayWarningsFor(history, candidates);
}

/**
 * Replayed states by date for the rule checks. Interest accruals change only the
 * interest balance, so the state that decides a rule (status, fees, totals) on
 * day D is the one as of the last non-accrual event on or before D; a batch of
 * a month of daily accruals costs one replay, not thirty.
 */
class StateCache {
  private events: LoanEvent[];
  private changeDates: string[] = [];
  private byDate = new Map<string, LoanState>();

  constructor(history: readonly LoanEvent[]) {
    this.events = [...history];
    this.reindex();
  }

  appended(e: LoanEvent): void {
    this.events.push(e);
    if (e.eventType !== "interest_accrual") this.reindex();
  }

  at(date: string): LoanState {
    let key = "";
    for (const d of this.changeDates) if (d <= date && d > key) key = d;
    let state = this.byDate.get(key);
    if (!state) {
      state = replay(this.events, key || "0001-01-01").state;
      this.byDate.set(key, state);
    }
    return state;
  }

  private reindex(): void {
    this.byDate.clear();
    this.changeDates = [
      ...new Set(
        this.events.filter((e) => e.eventType !== "interest_accrual").map((e) => e.effectiveDate),
      ),
    ];
  }
}

function ruleViolations(history: readonly LoanEvent[], e: LoanEvent, states: StateCache): string[] {
  const origination = history.find((h) => h.eventType === "origination");
  if (!origination) {
    return e.eventType === "origination"
      ? []
      : [`the first event on a loan must be an origination, not ${e.eventType}`];
  }
  if (e.eventType === "origination") {
    return [`the loan was already originated on ${origination.effectiveDate} (event #1)`];
  }
  if (e.effectiveDate < origination.effectiveDate) {
    return [
      `effective date ${e.effectiveDate} is before the origination date ${origination.effectiveDate}`,
    ];
  }
  const at = states.at(e.effectiveDate);
  const problems: string[] = [];
  switch (e.eventType) {
    case "disbursement": {
      const all = replay(history, END_OF_TIME).state;
      const committed = toMoney(origination.eventData.principal);
      const after = toMoney(all.totals.disbursed).plus(e.eventData.amount);
      if (after.greaterThan(committed)) {
        problems.push(
          `disbursing ${e.eventData.amount} would exceed the committed principal ${committed.toFixed(2)} (${all.totals.disbursed} already disbursed)`,
        );
      }
      if (at.status === "charged_off" || at.status === "paid_off") {
        problems.push(`cannot disburse on a loan that is ${label(at)}`);
      }
      break;
    }
    case "payment": {
      if (at.status === "originated") problems.push("cannot take a payment before disbursement");
      // A stored allocation is applied in sequence order: dated before a later
      // payment, it would be applied to balances that payment already changed.
      const all = states.at(END_OF_TIME);
      const latest = all.payments
        .filter((p) => !p.reversed)
        .reduce<(typeof all.payments)[number] | undefined>(
          (max, p) => (max && max.effectiveDate >= p.effectiveDate ? max : p),
          undefined,
        );
      if (latest && e.effectiveDate < latest.effectiveDate) {
        problems.push(
          `a payment cannot be dated before the last payment on the loan (#${latest.sequenceNumber} on ${latest.effectiveDate}); reverse the later payments first`,
        );
      }
      break;
    }
    case "interest_accrual":
      if (at.status === "charged_off" || at.status === "paid_off") {
        problems.push(`no interest accrues on a loan that is ${label(at)}`);
      } else if (at.status !== "active" && at.status !== "forbearance") {
        problems.push(`no interest accrues on a loan that is ${label(at)}`);
      }
      break;
    case "fee_waiver":
      if (toMoney(e.eventData.amount).greaterThan(at.fees)) {
        problems.push(
          `cannot waive ${e.eventData.amount}: outstanding fees on ${e.effectiveDate} are ${at.fees}`,
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
    case "reversal": {
      const target = history.find((h) => h.sequenceNumber === e.eventData.reversedSequence);
      if (target?.eventType !== "payment") {
        problems.push(
          `there is no payment #${e.eventData.reversedSequence} on this loan to reverse`,
        );
      } else {
        const already = history.find(
          (h) =>
            h.eventType === "reversal" && h.eventData.reversedSequence === target.sequenceNumber,
        );
        if (already) {
          problems.push(
            `payment #${target.sequenceNumber} was already reversed by event #${already.sequenceNumber}`,
          );
        }
        if (e.effectiveDate < target.effectiveDate) {
          problems.push(
            `a reversal must be effective on or after the payment it reverses (${target.effectiveDate})`,
          );
        }
      }
      break;
    }
    default: {
      const exhaustive: never = e;
      throw new Error(`unhandled event type ${(exhaustive as LoanEvent).eventType}`);
    }
  }
  return problems;
}

function label(state: LoanState): string {
  return state.status.replace("_", " ");
}

/** Is `date` inside a deferment (as recorded in `history`) whose interest is waived? */
export function inWaivedDeferment(history: readonly LoanEvent[], date: string): boolean {
  return history.some(
    (h) =>
      h.eventType === "deferment" &&
      h.eventData.interestTreatment === "waive" &&
      h.effectiveDate <= date &&
      date < addMonths(h.effectiveDate, h.eventData.periods),
  );
}
