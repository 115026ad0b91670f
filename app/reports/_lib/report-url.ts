/**
 * The portfolio report's state as it lives in the URL (pure; used by the
 * server page and the browser's controls alike). Parsing is in ../_server/params.ts.
 */
import { endOfLastMonth, endOfLastQuarter, endOfLastYear } from "@/lib/presentation/as-of-picks";

export interface ReportQuery {
  asOf: string;
  /** The knowledge cut-off; absent means "as known at the latest recorded event". */
  knownAt?: string;
}

/**
 * One string per report query ("2025-12-31|" or "2025-12-31|2026-01-05T12:00:00Z"):
 * what identifies the report being computed. The page keys its result boundary
 * with it so a new query shows the progress indicator afresh.
 */
export function reportQueryKey(query: ReportQuery | null | undefined): string {
  return query ? `${query.asOf}|${query.knownAt ?? ""}` : "";
}

export const REPORT_PATH = "/reports/portfolio";
export const SAVED_PATH = "/reports/portfolio/saved";

function search(query: Partial<ReportQuery>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (query.asOf) params.set("asOf", query.asOf);
  if (query.knownAt) params.set("knownAt", query.knownAt);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** "/reports/portfolio?asOf=2025-12-31": the report page for a query. */
export function reportHref(query: Partial<ReportQuery>): string {
  return `${REPORT_PATH}${search(query)}`;
}

/** The CSV of the same report. */
export function reportExportHref(query: ReportQuery): string {
  return `${REPORT_PATH}/export.csv${search(query)}`;
}

/** Where the progress indicator polls while the report for `query` is computed. */
export function reportProgressHref(query: ReportQuery): string {
  return `${REPORT_PATH}/progress${search(query)}`;
}

export function savedReportHref(id: number, options: { compare?: boolean } = {}): string {
  return `${SAVED_PATH}/${id}${options.compare ? "?compare=1" : ""}`;
}

/** Where the saved page's indicator polls while "Compare with now" re-runs the report. */
export function savedReportProgressHref(id: number): string {
  return `${SAVED_PATH}/${id}/progress`;
}

export function savedReportExportHref(id: number): string {
  return `${SAVED_PATH}/${id}/export.csv`;
}

/** The reporting dates auditors ask for: quarter end first. */
export function reportQuickPicks(today: string): { label: string; date: string }[] {
  return [
    { label: "End of last quarter", date: endOfLastQuarter(today) },
    { label: "End of last month", date: endOfLastMonth(today) },
    { label: "End of last year", date: endOfLastYear(today) },
  ];
}

/** "portfolio-report-2025-12-31.csv", or "portfolio-report-2025-12-31-filed-7.csv" for a saved one. */
export function reportCsvFilename(asOf: string, savedId?: number): string {
  return `portfolio-report-${asOf}${savedId === undefined ? "" : `-filed-${savedId}`}.csv`;
}
