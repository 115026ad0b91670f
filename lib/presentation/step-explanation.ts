/**
 * One replay step in words, for a dispute reviewer: what the event did to the
 * balances, computed from the step's before/after snapshots (what was actually
 * applied, not what the payload asked for).
 */
import { moneyString, toMoney } from "../money";
import type { ReplayStep } from "../replay/replay";
import type { LoanSnapshot } from "../replay/state";
import { type DescribableEvent, describeAllocation, summarizeEvent } from "./event-summary";
import { formatCurrency, formatExactCurrency, formatStatus } from "./format";
import { BALANCE_FIGURES } from "./snapshot-figures";

type StepLike = Pick<
  ReplayStep,
  "sequenceNumber" | "eventType" | "eventData" | "before" | "after" | "changes" | "warnings"
>;

function delta(before: string, after: string): string {
  return moneyString(toMoney(after).minus(toMoney(before)));
}

function put(before: LoanSnapshot, after: LoanSnapshot) {
  return {
    principal: delta(before.principal, after.principal),
    interest: delta(before.interest, after.interest),
    fees: delta(before.fees, after.fees),
  };
}

function balanceMoves(before: LoanSnapshot, after: LoanSnapshot): string {
  const moves = BALANCE_FIGURES.filter((f) => f.format === "money")
    .map((f) => ({ label: f.label, b: f.read(before) as string, a: f.read(after) as string }))
    .filter(({ a, b }) => !toMoney(a).equals(toMoney(b)))
    .map(({ label, a, b }) => `${label.toLowerCase()} ${formatCurrency(b)} → ${formatCurrency(a)}`);
  return moves.join(", ");
}

/** The headline: what happened, with the applied figures. */
export function explainStep(stepLike: StepLike): string {
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
      text = `${describeAllocation(amount, {
        fees: delta(before.totals.paidFees, after.totals.paidFees),
        interest: delta(before.totals.paidInterest, after.totals.paidInterest),
        principal: delta(before.totals.paidPrincipal, after.totals.paidPrincipal),
        unapplied: delta(before.unapplied, after.unapplied),
      })}.`;
      break;
    }
    case "reversal": {
      const back = put(before, after);
      text = `Payment #${step.eventData.reversedSequence} reversed (${step.eventData.reason}): ${formatCurrency(back.fees)} fees, ${formatCurrency(back.interest)} interest, ${formatCurrency(back.principal)} principal put back.`;
      break;
    }
    case "interest_accrual":
      text = `Interest of ${formatExactCurrency(step.eventData.amount)} accrued: interest ${formatExactCurrency(before.interest)} → ${formatExactCurrency(after.interest)}.`;
      break;
    default: {
      const moves = balanceMoves(before, after);
      text = `${summarizeEvent(step)}.${moves ? ` Balances: ${moves}.` : ""}`;
    }
  }
  return `${text}${statusChange}${warning}`;
}
