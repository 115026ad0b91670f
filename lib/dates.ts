/**
 * Calendar dates as ISO strings (`YYYY-MM-DD`) and timestamps, with pure integer
 * arithmetic: no `Date` objects, no time zones, no daylight-saving surprises.
 * Dates are converted to a day number (days since 1970-01-01) with Howard
 * Hinnant's civil-date algorithms, which are exact for the proleptic Gregorian
 * calendar.
 */

export type IsoDate = string;

const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CivilDate {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  if (month === 2 && isLeapYear(year)) return 29;
  return MONTH_DAYS[month - 1] ?? 0;
}

function civilOrNull(value: unknown): CivilDate | null {
  if (typeof value !== "string") return null;
  const m = ISO_DATE_RE.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return null;
  }
  return { year, month, day };
}

/** `YYYY-MM-DD` that names a real day (2024-02-29 yes, 2025-02-29 and 2025-02-30 no). */
export function isIsoDate(value: unknown): value is IsoDate {
  return civilOrNull(value) !== null;
}

/** Parse a `YYYY-MM-DD` string; throws a RangeError naming the bad value. */
export function parseIsoDate(value: string): CivilDate {
  const c = civilOrNull(value);
  if (!c) throw new RangeError(`not a valid date (YYYY-MM-DD): ${JSON.stringify(value)}`);
  return c;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

export function formatIsoDate(year: number, month: number, day: number): IsoDate {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Days since 1970-01-01 (negative before). */
export function civilToDays({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function daysToCivil(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/** Day number of an ISO date (days since 1970-01-01). */
export function toEpochDay(date: IsoDate): number {
  return civilToDays(parseIsoDate(date));
}

export function fromEpochDay(days: number): IsoDate {
  const c = daysToCivil(days);
  return formatIsoDate(c.year, c.month, c.day);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/**
 * Add calendar months, clamping to the end of the month:
 * 2025-01-31 + 1 month = 2025-02-28; 2024-01-31 + 1 = 2024-02-29; 2025-03-31 - 1 = 2025-02-28.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer: ${months}`);
  const { year, month, day } = parseIsoDate(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return formatIsoDate(y, m, Math.min(day, daysInMonth(y, m)));
}

/** Actual days from `from` to `to` (negative if `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** -1, 0 or 1. Valid ISO dates compare correctly as strings. */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isLastDayOfMonth(date: IsoDate): boolean {
  const { year, month, day } = parseIsoDate(date);
  return day === daysInMonth(year, month);
}

export function endOfMonth(date: IsoDate): IsoDate {
  const { year, month } = parseIsoDate(date);
  return formatIsoDate(year, month, daysInMonth(year, month));
}

// ---------------------------------------------------------------------------
// Timestamps (recorded_at / knownAt)

/**
 * An instant, comparable exactly: milliseconds since the epoch (integer) plus the
 * sub-millisecond part in nanoseconds (0..999999), so Postgres' microsecond
 * timestamps compare exactly.
 */
export interface Instant {
  epochMs: number;
  subMsNanos: number;
}

const TIMESTAMP_RE =
  /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)? ?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parse an ISO 8601 timestamp such as `2025-03-01T12:00:00Z`,
 * `2025-03-01T12:00:00.123456+02:00` or Postgres' `2025-03-01 12:00:00.123456+00`.
 * A timestamp without an offset is read as UTC. Returns null if invalid.
 */
export function parseTimestamp(value: unknown): Instant | null {
  if (typeof value !== "string") return null;
  const m = TIMESTAMP_RE.exec(value);
  if (!m) return null;
  const date = civilOrNull(m[1]);
  if (!date) return null;
  const hour = Number(m[2]);
  const minute = Number(m[3]);
  const second = m[4] === undefined ? 0 : Number(m[4]);
  if (hour > 23 || minute > 59 || second > 59) return null;
  const frac = (m[5] ?? "").padEnd(9, "0");
  const ms = Number(frac.slice(0, 3));
  const subMsNanos = Number(frac.slice(3, 9));
  let offsetMinutes = 0;
  const tz = m[6];
  if (tz && tz !== "Z" && tz !== "z") {
    const sign = tz[0] === "-" ? -1 : 1;
    const digits = tz.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 18 || om > 59) return null;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const epochMs =
    civilToDays(date) * 86_400_000 +
    ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 +
    ms;
  return { epochMs, subMsNanos };
}

export function isIsoTimestamp(value: unknown): value is string {
  return parseTimestamp(value) !== null;
}

export function compareInstants(a: Instant, b: Instant): number {
  if (a.epochMs !== b.epochMs) return a.epochMs < b.epochMs ? -1 : 1;
  return a.subMsNanos < b.subMsNanos ? -1 : a.subMsNanos > b.subMsNanos ? 1 : 0;
}

/** Compare two valid timestamps; throws a RangeError if either is invalid. */
export function compareTimestamps(a: string, b: string): number {
  const ia = parseTimestamp(a);
  const ib = parseTimestamp(b);
  if (!ia) throw new RangeError(`not a valid timestamp: ${JSON.stringify(a)}`);
  if (!ib) throw new RangeError(`not a valid timestamp: ${JSON.stringify(b)}`);
  return compareInstants(ia, ib);
}
