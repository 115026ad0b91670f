/**
 * A date typed into a browser date field, read the way the field reports it
 * (pure). While a person types 03/31/2025 the field's value passes through
 * "0002-03-31", "0020-03-31" and "0202-03-31" (each a valid ISO date) before
 * "2025-03-31", and a day that does not exist (02/30/2025) leaves the value
 * empty with `validity.badInput` set. Only a full date is worth acting on.
 */
import { isIsoDate } from "../dates";

/** Years below this are a four-digit year still being typed, not a date anyone means. */
export const MIN_YEAR = 1000;

export type DateEntry =
  /** A complete, real date with a four-digit year. */
  | { kind: "date"; date: string }
  /** Nothing in the field. */
  | { kind: "empty" }
  /** A real date whose year is not typed in full yet ("0202-03-31"). */
  | { kind: "short-year" }
  /** Something the field cannot turn into a date: a day that does not exist, or a part missing. */
  | { kind: "not-a-date" };

export function readDateEntry(value: string, badInput = false): DateEntry {
  if (value === "") return badInput ? { kind: "not-a-date" } : { kind: "empty" };
  if (!isIsoDate(value)) return { kind: "not-a-date" };
  return Number(value.slice(0, 4)) < MIN_YEAR
    ? { kind: "short-year" }
    : { kind: "date", date: value };
}

/**
 * What to tell the person once they leave the field (blur or Enter) with an
 * entry that is not a date; null when there is nothing to say. `shown` is the
 * date the page still shows.
 */
export function dateEntryProblem(entry: DateEntry, shown: string | null): string | null {
  const still = shown ? ` Still showing ${shown}.` : "";
  switch (entry.kind) {
    case "not-a-date":
      return `That is not a real date: enter a month, day and four-digit year that exist (February has 28 days, 29 in a leap year).${still}`;
    case "short-year":
      return `Enter the year in full, with four digits.${still}`;
    default:
      return null;
  }
}
