/**
 * One replay step in words, for a dispute reviewer: what the event did to the
 * balances, computed from the step's before/after snapshots (what was actually
 * applied, not what the payload asked for).
 */
import { moneyString, toMoney } from "../money";
import type { ReplayStep } from "../replay/replay";
import type { LoanStanding } from "../replay/state";
import { adjustsOf, type EventFacts, reappliesOf } from "./corrections";
import { type DescribableEvent, describeAllocation, summarizeEventWith } from "./event-summary";
import { formatCurrency, formatExactCurrency, formatStatus } from "./format";
import { BALANCE_FIGURES } from "./standing-figures";

type StepLike = Pick<
  ReplayStep,
  "sequenceNumber" | "eventType" | "eventData" | "before" | "after" | "changes" | "warnings"
>;

function delta(before: string, after: string): string {
  return moneyString(toMoney(after).minus(toMoney(before)));
}

function put(before: LoanStanding, after: LoanStanding) {
  return {
    principal: delta(before.principal, after.principal),
    interest: delta(before.interest, after.interest),
    fees: delta(before.fees, after.fees),
  };
}

function balanceMoves(before: LoanStanding, after: LoanStanding): string {
  const moves = BALANCE_FIGURES.filter((f) => f.format === "money")
    .map((f) => ({ label: f.label, b: f.read(before) as string, a: f.read(after) as string }))
    .filter(({ a, b }) => !toMoney(a).equals(toMoney(b)))
    .map(({ label, a, b }) => `${label.toLowerCase()} ${formatCurrency(b)} → ${formatCurrency(a)}`);
  return moves.join(", ");
}

/**
 * The headline: what happened, with the applied figures. `facts` says what
 * later events did to it: a payment a later reversal undid never reads
 * "applied", and a reversal names what it reverses.
 */
export function explainStep(stepLike: StepLike, facts?: EventFacts): string {
  // A step's eventType and eventData belong together (it is the applied event).
  const step = stepLike as StepLike & DescribableEvent;
  const { before, after } = step;
  const statusChange =
    before.status !== after.status
      ? ` Status ${formatStatus(before.status)} → ${formatStatus(after.status)}.`
      : "";
  const warning = step.warnings.length > 0 ? ` Warning: ${step.warnings[0]?.message}.` : "";
  let text: string;
  switch (step.eventType) {
    case "payment": {
      const amount = step.eventData.amount;
      if (before.status === "charged_off") {
        text = `Recovery of ${formatCurrency(amount)} received after charge-off; balances stay written off.`;
        break;
      }
      const split = {
        fees: delta(before.totals.paidFees, after.totals.paidFees),
        interest: delta(before.totals.paidInterest, after.totals.paidInterest),
        principal: delta(before.totals.paidPrincipal, after.totals.paidPrincipal),
        unapplied: delta(before.unapplied, after.unapplied),
      };
      const reapplies = reappliesOf(step.eventData);
      const replaced = reapplies === null ? "" : ` It re-applies payment #${reapplies}.`;
      text = facts?.reversedBy
        ? `Payment of ${formatCurrency(amount)}, reversed later by #${facts.reversedBy}: at this step it took ${formatCurrency(split.fees)} fees, ${formatCurrency(split.interest)} interest, ${formatCurrency(split.principal)} principal.${replaced}`
        : `${describeAllocation(amount, split)}.${replaced}`;
      break;
    }
    case "reversal": {
      // A payment reversed adds to the reversed total; a fee, waiver or charge-off does not.
      if (toMoney(after.totals.reversed).equals(toMoney(before.totals.reversed))) {
        const moves = balanceMoves(before, after);
        text = `${summarizeEventWith(step, facts)}.${moves ? ` Balances: ${moves}.` : ""}`;
        break;
      }
      const back = put(before, after);
      text = `Payment #${step.eventData.reversedSequence} reversed (${step.eventData.reason}): ${formatCurrency(back.fees)} fees, ${formatCurrency(back.interest)} interest, ${formatCurrency(back.principal)} principal put back.`;
      break;
    }
    case "interest_accrual": {
      const adjusts = adjustsOf(step.eventData);
      text =
        adjusts === null
          ? `Interest of ${formatExactCurrency(step.eventData.amount)} accrued: interest ${formatExactCurrency(before.interest)} → ${formatExactCurrency(after.interest)}.`
          : `Interest adjusted by ${formatExactCurrency(step.eventData.amount)} (accrual #${adjusts} restated): interest ${formatExactCurrency(before.interest)} → ${formatExactCurrency(after.interest)}.`;
      break;
    }
    default: {
      const moves = balanceMoves(before, after);
      text = `${summarizeEventWith(step, facts)}.${moves ? ` Balances: ${moves}.` : ""}`;
    }
  }
  return `${text}${statusChange}${warning}`;
}
