/**
 * Exact money. decimal.js is configured once here (a dedicated clone, so nothing
 * else in the process can change its precision or rounding), and every rounding
 * mode the engine uses is named in ONE place: `ROUNDING`.
 *
 * Money never passes through a JavaScript number: it enters as a decimal string,
 * is computed with `Dec`, and leaves as a decimal string without exponent notation.
 */
import Decimal from "decimal.js";

/** Rounding modes, named once. */
export const ROUND_HALF_UP = Decimal.ROUND_HALF_UP;
export const ROUND_DOWN = Decimal.ROUND_DOWN;
export const ROUND_UP = Decimal.ROUND_UP;

/**
 * Which rounding each rule uses.
 * - `cash`: amounts to cents (level payment, schedule interest per period): half-up.
 * - `interest`: interest amounts to 6 places (daily accrual): half-up.
 * - `allocation`: cents an allocation may take from a balance that carries fractions
 *   of a cent (the service never allocates more than is owed): down.
 */
export const ROUNDING = {
  cash: ROUND_HALF_UP,
  interest: ROUND_HALF_UP,
  allocation: ROUND_DOWN,
} as const;

/** Decimal places: cash amounts have 2, interest amounts up to 6. */
export const CASH_PLACES = 2;
export const INTEREST_PLACES = 6;

/**
 * The engine's decimal constructor: 40 significant digits (far beyond any loan
 * balance at 6 decimal places), half-up by default, and no exponent notation in
 * `toString()` for any realistic magnitude.
 */
export const Dec = Decimal.clone({
  precision: 40,
  rounding: ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Dec = Decimal;

/** Zero, shared (Decimal instances are immutable). */
export const ZERO: Dec = new Dec(0);
/** One cent. */
export const CENT: Dec = new Dec("0.01");

const DECIMAL_RE = /^-?\d+(\.\d+)?$/;

/** Is `value` a plain decimal string ("12", "-3.50", "0.000123"), no exponent, no spaces? */
export function isDecimalString(value: unknown, maxPlaces?: number): value is string {
  if (typeof value !== "string" || !DECIMAL_RE.test(value)) return false;
  if (maxPlaces === undefined) return true;
  const dot = value.indexOf(".");
  return dot < 0 || value.length - dot - 1 <= maxPlaces;
}

/**
 * Parse a decimal string into a `Dec`. Throws a RangeError on anything that is
 * not a plain decimal string (numbers, exponent notation, "NaN", "", " 1").
 */
export function toMoney(value: string | Dec): Dec {
  if (Decimal.isDecimal(value)) return value as Dec;
  if (!isDecimalString(value)) {
    throw new RangeError(`not a decimal string: ${JSON.stringify(value)}`);
  }
  return new Dec(value);
}

/** Round to `places` (default 2, cents) with `rounding` (default half-up) and print with exactly that many places. */
export function formatMoney(
  value: string | Dec,
  places: number = CASH_PLACES,
  rounding: Decimal.Rounding = ROUNDING.cash,
): string {
  const d = toMoney(value).toDecimalPlaces(places, rounding);
  return d.isZero() ? ZERO.toFixed(places) : d.toFixed(places);
}

/** Round half-up to cents: "12.345" -> "12.35". */
export function toCents(value: string | Dec): string {
  return formatMoney(value, CASH_PLACES, ROUNDING.cash);
}

/**
 * The exact decimal string of a value, with at least 2 decimal places and as many
 * more as it carries (never rounded, never exponent notation):
 * 5 -> "5.00", 1.5 -> "1.50", 0.000123 -> "0.000123".
 */
export function moneyString(value: Dec): string {
  if (value.isZero()) return "0.00";
  const dp = value.decimalPlaces();
  return value.toFixed(Math.max(dp, CASH_PLACES));
}

/** Sum of decimal strings or Decs (empty sum is zero). */
export function sum(values: ReadonlyArray<string | Dec>): Dec {
  let total = ZERO;
  for (const v of values) total = total.plus(toMoney(v));
  return total;
}

export function isZero(value: string | Dec): boolean {
  return toMoney(value).isZero();
}

/** Numeric equality of two decimals ("0.065" equals "0.0650"). */
export function decEquals(a: string | Dec, b: string | Dec): boolean {
  return toMoney(a).equals(toMoney(b));
}

export function minDec(a: Dec, b: Dec): Dec {
  return a.lessThan(b) ? a : b;
}

export function maxDec(a: Dec, b: Dec): Dec {
  return a.greaterThan(b) ? a : b;
}

/**
 * Split `total` into parts proportional to `ratios` such that the parts ALWAYS sum
 * exactly to `total` (dinero.js style): each part gets its share rounded down to
 * `places`, then the leftover units of the last place go one at a time to the parts
 * in order. Ratios are non-negative decimals (strings, Decs or integers); if all are
 * zero the split is even.
 *
 * allocate("100.00", [1, 1, 1]) -> ["33.34", "33.33", "33.33"]
 */
export function allocate(
  total: string | Dec,
  ratios: ReadonlyArray<string | number | Dec>,
  places: number = CASH_PLACES,
): string[] {
  if (ratios.length === 0) throw new RangeError("allocate needs at least one ratio");
  const whole = toMoney(total);
  const unit = new Dec(1).dividedBy(new Dec(10).pow(places));
  const units = whole.dividedBy(unit); // integer if total has at most `places` decimals
  if (!units.isInteger()) {
    throw new RangeError(`allocate: ${whole.toFixed()} has more than ${places} decimal places`);
  }
  const rs = ratios.map((r) => {
    const d = typeof r === "number" ? new Dec(r) : toMoney(r);
    if (d.isNegative() || !d.isFinite()) throw new RangeError("allocate: ratios must be >= 0");
    return d;
  });
  let ratioSum = ZERO;
  for (const r of rs) ratioSum = ratioSum.plus(r);
  const weights = ratioSum.isZero() ? rs.map(() => new Dec(1)) : rs;
  const weightSum = ratioSum.isZero() ? new Dec(rs.length) : ratioSum;
  const sign = units.isNegative() ? -1 : 1;
  const absUnits = units.abs();
  const parts = weights.map((w) =>
    absUnits.times(w).dividedBy(weightSum).toDecimalPlaces(0, ROUND_DOWN),
  );
  let rest = absUnits.minus(sum(parts));
  for (let i = 0; rest.greaterThan(0); i = (i + 1) % parts.length) {
    // Only parts with a non-zero weight receive leftover units.
    if (!(weights[i] as Dec).isZero()) {
      parts[i] = (parts[i] as Dec).plus(1);
      rest = rest.minus(1);
    }
  }
  return parts.map((p) => (p.isZero() ? ZERO : p.times(unit).times(sign)).toFixed(places));
}
