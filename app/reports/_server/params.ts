/**
 * Reading the portfolio report's parameters with zod, for the page, the CSV
 * export, the progress poll and the save action alike. Bad values never crash:
 * they come back as messages written for the person at the screen.
 */
import { z } from "zod";
import { type SearchParams, searchParamsRecord } from "@/app/_lib/url-params";
import { isIsoDate, isIsoTimestamp } from "@/lib/dates";
import { LOAN_STATUSES, type LoanStatus } from "@/lib/replay/state";
import type { ReportQuery } from "../_lib/report-url";

export type { SearchParams };

/** One text parameter: the first value if repeated, trimmed, blank treated as absent. */
const text = () =>
  z.preprocess((v) => {
    const s = Array.isArray(v) ? v[0] : v;
    return typeof s === "string" && s.trim() !== "" ? s.trim() : undefined;
  }, z.string().optional());

const REPORT_DATE_MESSAGE = "The report date must be a real date as YYYY-MM-DD.";
const KNOWN_AT_MESSAGE = "“As known at” must be an ISO instant such as 2025-12-31T23:59:59Z.";
export const MISSING_DATE_MESSAGE = "Choose a report date (asOf=YYYY-MM-DD).";

const asOf = text().refine((s) => s === undefined || isIsoDate(s), {
  message: REPORT_DATE_MESSAGE,
});
const knownAt = text().refine((s) => s === undefined || isIsoTimestamp(s), {
  message: KNOWN_AT_MESSAGE,
});
const status = text().refine(
  (s): s is LoanStatus | undefined => s === undefined || LOAN_STATUSES.includes(s as LoanStatus),
  { message: `The status is one of ${LOAN_STATUSES.filter((s) => s !== "none").join(", ")}.` },
);

const reportQuerySchema = z.object({ asOf, knownAt, status });

interface ReportPageQuery {
  /** Absent: no report yet, the page asks for a date. */
  query: ReportQuery | null;
  /** The loans table's status filter. */
  status: LoanStatus | null;
}

export type ReportParamsResult =
  | { ok: true; value: ReportPageQuery }
  | { ok: false; errors: string[] };

/** The report query from Next's searchParams or a request's URLSearchParams. */
export function parseReportParams(params: SearchParams | URLSearchParams): ReportParamsResult {
  const raw = searchParamsRecord(params);
  const parsed = reportQuerySchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, errors: [...new Set(parsed.error.issues.map((i) => i.message))] };
  }
  const { asOf, knownAt, status } = parsed.data;
  if (!asOf && knownAt) return { ok: false, errors: [MISSING_DATE_MESSAGE] };
  return {
    ok: true,
    value: {
      query: asOf ? { asOf, ...(knownAt ? { knownAt } : {}) } : null,
      status: (status as LoanStatus | undefined) ?? null,
    },
  };
}

/** The save action's input: the report on screen, pinned to the knowledge it was computed with. */
export const saveReportSchema = z.object({
  asOf: z.string().trim().refine(isIsoDate, REPORT_DATE_MESSAGE),
  knownAt: z.string().trim().refine(isIsoTimestamp, KNOWN_AT_MESSAGE).optional(),
});

export type SaveReportInput = z.output<typeof saveReportSchema>;

/** A saved report's id from the URL, or null. */
export function savedReportId(value: string): number | null {
  return /^[1-9]\d{0,14}$/.test(value) ? Number(value) : null;
}
