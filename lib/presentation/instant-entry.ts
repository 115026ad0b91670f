/**
 * An instant typed into a browser datetime-local field (the "as known at"
 * control), read the way the field reports it (pure). Like a date
 * (date-entry.ts), the value passes through years 0002, 0020 and 0202 while
 * the year is typed, and a day that does not exist leaves it empty with
 * `validity.badInput`; only a complete instant is worth a replay. The field's
 * value is UTC wall time without a zone: "2025-03-04T23:59" or
 * "2025-03-04T23:59:59" (the seconds when step is 1).
 */
import { isIsoTimestamp } from "../dates";
import { MIN_YEAR } from "./date-entry";

export type InstantEntry =
  /** A complete instant, as an ISO timestamp in UTC ("2025-03-04T23:59:59Z"). */
  | { kind: "instant"; iso: string }
  | { kind: "empty" }
  /** A real instant whose year is not typed in full yet. */
  | { kind: "short-year" }
  /** Something the field cannot turn into an instant (a day that does not exist, a part missing). */
  | { kind: "not-an-instant" };

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/** "2025-03-04T23:59:59Z" -> the field's value "2025-03-04T23:59:59". */
export function instantToField(iso: string): string {
  return iso.replace(/Z$/, "").slice(0, 19);
}

export function readInstantEntry(value: string, badInput = false): InstantEntry {
  if (value === "") return badInput ? { kind: "not-an-instant" } : { kind: "empty" };
  const m = LOCAL.exec(value);
  if (!m) return { kind: "not-an-instant" };
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? "00"}Z`;
  if (!isIsoTimestamp(iso)) return { kind: "not-an-instant" };
  return Number(m[1]) < MIN_YEAR ? { kind: "short-year" } : { kind: "instant", iso };
}

/** What to say once the person leaves the field with something that is not an instant; null when nothing. */
export function instantEntryProblem(entry: InstantEntry, shown: string | null): string | null {
  const still = shown
    ? ` Still showing what was known at ${shown.replace("T", " ").replace("Z", " UTC")}.`
    : "";
  switch (entry.kind) {
    case "not-an-instant":
      return `That is not a real date and time: enter a day that exists, a four-digit year and the time (UTC).${still}`;
    case "short-year":
      return `Enter the year in full, with four digits.${still}`;
    default:
      return null;
  }
}
