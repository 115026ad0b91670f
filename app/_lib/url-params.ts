/** Reading the shared URL parameters (as-of date, known-at instant) safely. */
import { isIsoDate, isIsoTimestamp } from "@/lib/dates";
import { todayUtc } from "@/lib/presentation/as-of-picks";

export type SearchParams = Record<string, string | string[] | undefined>;

export function param(params: SearchParams, name: string): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The as-of date from the URL, or today (UTC) when absent or invalid. */
export function asOfParam(params: SearchParams, today = todayUtc()): string {
  return asOfFromLink(params, today).asOf;
}

/** A value from a link, quoted for a message (cut short: links can carry anything). */
function quoted(value: string): string {
  const text = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return `“${text}”`;
}

/**
 * The as-of date from the URL, and what to tell the reader when the link's
 * date is not a real one (2025-02-30): the page then shows today, and says so.
 */
export function asOfFromLink(
  params: SearchParams,
  today = todayUtc(),
): { asOf: string; problem: string | null } {
  const value = param(params, "asOf");
  if (value === undefined || value === "") return { asOf: today, problem: null };
  if (isIsoDate(value)) return { asOf: value, problem: null };
  return {
    asOf: today,
    problem: `The link's as-of date ${quoted(value)} is not a real date (YYYY-MM-DD), so this page shows today, ${today}, instead.`,
  };
}

/** The "as known at" instant from the URL, and what to tell the reader when it is not one. */
export function knownAtFromLink(params: SearchParams): {
  knownAt: string | null;
  problem: string | null;
} {
  const value = param(params, "knownAt");
  if (value === undefined || value === "") return { knownAt: null, problem: null };
  if (isIsoTimestamp(value)) return { knownAt: value, problem: null };
  return {
    knownAt: null,
    problem: `The link's “as known at” ${quoted(value)} is not an instant (such as 2025-03-31T23:59:59Z), so this page shows everything known now.`,
  };
}

export function positiveIntParam(params: SearchParams, name: string): number | undefined {
  const value = Number(param(params, name));
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/** Next's searchParams shape from a request's URLSearchParams (repeated keys become lists). */
export function searchParamsRecord(params: SearchParams | URLSearchParams): SearchParams {
  if (!(params instanceof URLSearchParams)) return params;
  const out: Record<string, string[]> = {};
  for (const [key, value] of params) {
    const list = out[key] ?? [];
    list.push(value);
    out[key] = list;
  }
  return out;
}
