/**
 * Progress of the portfolio reports being computed, kept in the database
 * (db/queries/report-progress.ts): the page publishes it while its server
 * component streams, the progress route reads it, whichever app instance
 * serves either.
 */
import type { Database } from "@/db/client";
import { readReportProgress, trackReportProgress } from "@/db/queries/report-progress";
import type { ReportQuery } from "../_lib/report-url";

export type { Progress as ReportProgress } from "@/db/queries/report-progress";

export function progressKey(query: ReportQuery): string {
  return `${query.asOf}|${query.knownAt ?? ""}`;
}

export function trackProgress<T>(
  db: Database,
  query: ReportQuery,
  work: (onProgress: (done: number, total: number) => void) => Promise<T>,
): Promise<T> {
  return trackReportProgress(db, progressKey(query), work);
}

export function currentProgress(db: Database, query: ReportQuery) {
  return readReportProgress(db, progressKey(query));
}
