/**
 * Payment allocation (the waterfall). The service computes the split once, when
 * the payment is appended, and stores it in the event; replay only applies it.
 *
 * Rule: walk the buckets in the product's order, giving each the smaller of
 * what is left and what it is owed rounded DOWN to cents (allocations are cash,
 * 2 places; an interest balance can hold fractions of a cent, and a payment
 * must never take more than is owed). Whatever is left goes to `unapplied`.
 * The parts always sum to the amount.
 */
import { type Dec, minDec, ROUNDING, toMoney, ZERO } from "../money";

const ALLOCATION_BUCKETS = ["fees", "interest", "principal"] as const;
type AllocationBucket = (typeof ALLOCATION_BUCKETS)[number];
export type WaterfallOrder = readonly AllocationBucket[];

/** The default order: fees, then interest, then principal. */
export const DEFAULT_WATERFALL: WaterfallOrder = ["fees", "interest", "principal"];

/** Waterfall order per loan product; unknown products use the default. */
export const PRODUCT_WATERFALLS: Readonly<Record<string, WaterfallOrder>> = {
  standard: DEFAULT_WATERFALL,
  // Consumer-friendly products apply money to interest and principal before fees.
  "interest-first": ["interest", "principal", "fees"],
};

export function waterfallFor(product: string): WaterfallOrder {
  return PRODUCT_WATERFALLS[product] ?? DEFAULT_WATERFALL;
}

export interface Owed {
  fees: string;
  interest: string;
  principal: string;
}

export interface Allocation {
  fees: string;
  interest: string;
  principal: string;
  unapplied: string;
}

function isValidWaterfall(order: readonly string[]): order is WaterfallOrder {
  return (
    order.length === ALLOCATION_BUCKETS.length &&
    ALLOCATION_BUCKETS.every((bucket) => order.includes(bucket))
  );
}

export function allocatePayment(
  amount: string,
  owed: Owed,
  order: WaterfallOrder = DEFAULT_WATERFALL,
): Allocation {
  if (!isValidWaterfall(order)) {
    throw new RangeError(`waterfall order must list fees, interest and principal once each`);
  }
  let left: Dec = toMoney(amount);
  const parts: Record<AllocationBucket, Dec> = { fees: ZERO, interest: ZERO, principal: ZERO };
  for (const bucket of order) {
    const due = toMoney(owed[bucket]).toDecimalPlaces(2, ROUNDING.allocation);
    const take = due.isNegative() ? ZERO : minDec(left, due);
    parts[bucket] = take;
    left = left.minus(take);
  }
  return {
    fees: parts.fees.toFixed(2),
    interest: parts.interest.toFixed(2),
    principal: parts.principal.toFixed(2),
    unapplied: left.toFixed(2),
  };
}
