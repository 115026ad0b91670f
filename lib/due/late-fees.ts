/**
 * Late fees: the product rule and what the nightly job assesses (pure).
 *
 * The rule, per product: a fixed fee, once per installment, for an
 * installment still unpaid `graceDays` days after its due date ("unpaid":
 * its unpaid part exceeds the product's delinquency tolerance, as days past
 * due count it; tolerance.ts). The one place the rules are set; a product
 * not in the table has no late fee.
 *
 * What the job appends (db/services/accrue.ts): a `fee_assessment` with
 * feeType "late" and the installment's `dueDate` in the payload, effective
 * the day the grace period ended (dueDate + graceDays), or the loan's latest
 * event if that is later (an event before a stored one would change what
 * later events did: a late fee is never backdated). Never after the job's
 * `through` date, which is never after the business date. An installment
 * with a late fee already recorded (by its dueDate) gets none, reversed or
 * not, so a re-run, or a second worker, assesses nothing twice.
 */
import { addDays, isIsoDate } from "../dates";
import { isDecimalString } from "../money";

export interface LateFeeRule {
  /** The fee (cash, decimal string). */
  amount: string;
  /** Days after the due date an installment may stay unpaid without a fee. */
  graceDays: number;
}

/** Late fee rule per product; absent products have none. */
const LATE_FEE_RULES: Readonly<Record<string, LateFeeRule>> = {
  standard: { amount: "25.00", graceDays: 15 },
};

/** The late fee rule of a product (null: no late fee). */
export function lateFeeRuleFor(product: string | null | undefined): LateFeeRule | null {
  if (product === null || product === undefined) return null;
  const rule = LATE_FEE_RULES[product];
  if (!rule) return null;
  if (
    !isDecimalString(rule.amount, 2) ||
    rule.amount.startsWith("-") ||
    /^0(\.0+)?$/.test(rule.amount)
  )
    return null;
  if (!Number.isInteger(rule.graceDays) || rule.graceDays < 0) return null;
  return rule;
}

/** The last due date whose grace period has ended by `through`. */
export function graceEndedFor(rule: LateFeeRule, through: string): string {
  return addDays(through, -rule.graceDays);
}

/** An installment not paid within the tolerance (lib/delinquency unpaidInstallments). */
export interface UnpaidInstallment {
  dueDate: string;
  unpaid: string;
}

export interface LateFeeDue {
  /** The installment's due date (the payload's dueDate). */
  dueDate: string;
  effectiveDate: string;
  amount: string;
}

export interface LateFeeOptions {
  rule: LateFeeRule;
  /** The job's last day (never after the business date). */
  through: string;
  /** The loan's latest effective date before this run: no fee is dated before it. */
  notBefore: string | null;
  /** Due dates with a late fee already recorded. */
  assessed: readonly string[];
}

/**
 * The late fees to assess by `through`, oldest installment first: each unpaid
 * installment whose grace period has ended and that has no late fee yet.
 */
export function lateFeesDue(
  unpaid: readonly UnpaidInstallment[],
  options: LateFeeOptions,
): LateFeeDue[] {
  const { rule, through, notBefore, assessed } = options;
  const done = new Set(assessed);
  const out: LateFeeDue[] = [];
  for (const i of unpaid) {
    if (!isIsoDate(i.dueDate) || done.has(i.dueDate)) continue;
    const ended = addDays(i.dueDate, rule.graceDays);
    const effectiveDate = notBefore !== null && notBefore > ended ? notBefore : ended;
    if (effectiveDate > through) continue;
    done.add(i.dueDate);
    out.push({ dueDate: i.dueDate, effectiveDate, amount: rule.amount });
  }
  return out.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
}

/** The fee_assessment payload of a late fee. */
export function lateFeePayload(fee: LateFeeDue): {
  amount: string;
  feeType: "late";
  dueDate: string;
} {
  return { amount: fee.amount, feeType: "late", dueDate: fee.dueDate };
}
