/**
 * Delinquency tolerance per loan product: an installment whose unpaid
 * shortfall is at or below the product's tolerance is not delinquent (it does
 * not count for days past due or the bucket). The shortfall is still owed:
 * amountDue and amountPastDue include it, and the next payment pays it first.
 *
 * The one place tolerances are set. Unknown products (and the default
 * product) have no tolerance: "0.00", so any shortfall is delinquent.
 */
import { isDecimalString } from "../money";

export const DEFAULT_TOLERANCE = "0.00";

/** Tolerance (a cash amount, decimal string) per product; absent products use DEFAULT_TOLERANCE. */
const DELINQUENCY_TOLERANCES: Readonly<Record<string, string>> = {
  standard: DEFAULT_TOLERANCE,
};

/** The delinquency tolerance of a product (default "0.00"). */
export function toleranceFor(product: string | null | undefined): string {
  if (product === null || product === undefined) return DEFAULT_TOLERANCE;
  const tolerance = DELINQUENCY_TOLERANCES[product];
  return tolerance !== undefined && isDecimalString(tolerance, 2) && !tolerance.startsWith("-")
    ? tolerance
    : DEFAULT_TOLERANCE;
}
