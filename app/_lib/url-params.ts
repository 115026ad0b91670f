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
  const value = param(params, "asOf");
  return value && isIsoDate(value) ? value : today;
}

/** The "as known at" instant from the URL, or null. */
export function knownAtParam(params: SearchParams): string | null {
  const value = param(params, "knownAt");
  return value && isIsoTimestamp(value) ? value : null;
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
