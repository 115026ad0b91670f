/**
 * Display formatting shared by pages, tables and charts. Pure; money stays a
 * decimal string until the very end (no floating point), so what staff read is
 * exactly the engine's figure rounded half-up to cents.
 */
import { formatIsoDate, isIsoDate, parseIsoDate, parseTimestamp } from "../dates";
import { CASH_PLACES, moneyString, toMoney } from "../money";

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function withSymbol(fixed: string): string {
  const negative = fixed.startsWith("-");
  const body = negative ? fixed.slice(1) : fixed;
  const [whole = "0", frac] = body.split(".");
  const text = `$${groupThousands(whole)}${frac === undefined ? "" : `.${frac}`}`;
  return negative ? `-${text}` : text;
}

/** "$1,234.57": rounded half-up to cents, thousands grouped. */
export function formatCurrency(value: string): string {
  const d = toMoney(value).toDecimalPlaces(CASH_PLACES);
  return withSymbol(d.isZero() ? "0.00" : d.toFixed(CASH_PLACES));
}

/** "$1,234.567891": the exact figure (at least 2 decimals, never rounded). */
export function formatExactCurrency(value: string): string {
  return withSymbol(moneyString(toMoney(value)));
}

/** Does the exact value carry more than cents (so the display is rounded)? */
export function hasSubCent(value: string): boolean {
  return toMoney(value).decimalPlaces() > CASH_PLACES;
}

/** "+$12.00" / "-$3.50" / "$0.00": a change of a balance. */
export function formatCurrencyChange(delta: string): string {
  const d = toMoney(delta);
  if (d.toDecimalPlaces(CASH_PLACES).isZero()) return formatCurrency("0");
  return d.isNegative() ? formatCurrency(delta) : `+${formatCurrency(delta)}`;
}

/** "6.50%" from the annual fraction "0.0650" (up to 4 decimals of a percent, trailing zeros trimmed to 2). */
export function formatRate(rate: string): string {
  const pct = toMoney(rate).times(100).toDecimalPlaces(4);
  const fixed = pct.toFixed(Math.max(2, Math.min(4, pct.decimalPlaces())));
  return `${fixed}%`;
}

const MONTHS = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
] as const;

/** "2025-03-01": ISO dates are unambiguous for staff in any locale. */
export function formatDate(date: string | null | undefined): string {
  return date && isIsoDate(date) ? date : "—";
}

/** "Mar 2025" for a month key "2025-03" or any date in it. */
export function formatMonth(dateOrMonth: string): string {
  const { year, month } = parseIsoDate(
    dateOrMonth.length === 7 ? `${dateOrMonth}-01` : dateOrMonth,
  );
  return `${MONTHS[month - 1]} ${year}`;
}

/** "2025-03-04 09:00:00 UTC": recorded_at in UTC, to the second. */
export function formatTimestamp(value: string | null | undefined): string {
  if (!value) return "—";
  const instant = parseTimestamp(value);
  if (!instant) return value;
  const d = new Date(instant.epochMs);
  const date = formatIsoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  return `${date} ${d.toISOString().slice(11, 19)} UTC`;
}

/** Status as staff say it: "paid_off" -> "Paid off". */
export function formatStatus(status: string): string {
  const words = status.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
