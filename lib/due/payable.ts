/**
 * What a payment can apply to a balance, and which payments pay installments.
 *
 * The payment waterfall (lib/servicing/waterfall.ts) gives each balance at
 * most what it is owed rounded DOWN to cents (ROUNDING.allocation), and the
 * payoff rule (lib/replay/handlers.ts) writes off the sub-cent remainders of
 * principal and interest once fees are zero. So the cash that clears a
 * balance of principal p, interest i and fees f is
 *   floor(p) + floor(i) + floor(f)   (each to cents; a negative balance counts 0),
 * which is the payoff amount (payoff.ts) and the "what remains" of the final
 * installment (schedule.ts).
 */
import { CASH_PLACES, type Dec, ROUNDING, toMoney, ZERO } from "../money";
import type { PaymentView } from "../replay/state";

/** The cash a payment can apply to one balance: rounded down to cents, never negative. */
export function payableCents(balance: string | Dec): Dec {
  const b = toMoney(balance);
  return b.isNegative() ? ZERO : b.toDecimalPlaces(CASH_PLACES, ROUNDING.allocation);
}

/** The cash that clears principal + interest + fees (each balance rounded down to cents). */
export function payableBalance(balances: {
  principal: string | Dec;
  interest: string | Dec;
  fees: string | Dec;
}): Dec {
  return payableCents(balances.principal)
    .plus(payableCents(balances.interest))
    .plus(payableCents(balances.fees));
}

/** A payment that pays installments: what it applied, on its effective date. */
export interface CountedPayment {
  sequenceNumber: number;
  effectiveDate: string;
  /** amount less its unapplied part. */
  applied: Dec;
}

/**
 * The payments that pay installments: every payment not reversed (as of the
 * view) and not a recovery after charge-off, each for its amount less its
 * unapplied part, in the order they pay: effective date, then sequence number.
 */
export function countedPayments(payments: readonly PaymentView[]): CountedPayment[] {
  const out: CountedPayment[] = [];
  for (const p of payments) {
    if (p.reversed || p.kind !== "payment") continue;
    const applied = toMoney(p.amount).minus(toMoney(p.allocation.unapplied));
    if (!applied.greaterThan(0)) continue;
    out.push({ sequenceNumber: p.sequenceNumber, effectiveDate: p.effectiveDate, applied });
  }
  return out.sort((a, b) =>
    a.effectiveDate === b.effectiveDate
      ? a.sequenceNumber - b.sequenceNumber
      : a.effectiveDate < b.effectiveDate
        ? -1
        : 1,
  );
}

/** The sum of what counted payments applied. */
export function totalApplied(payments: readonly CountedPayment[]): Dec {
  let total = ZERO;
  for (const p of payments) total = total.plus(p.applied);
  return total;
}
