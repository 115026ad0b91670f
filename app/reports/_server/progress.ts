/**
 * Progress of the portfolio reports being computed, kept in the database
 * (db/queries/report-progress.ts): the report source (./report-source.ts)
 * publishes it while the page's server component streams, the progress
 * route reads it, whichever app instance serves either.
 */
import type { Database } from "@/db/client";
import { readReportProgress } from "@/db/queries/report-progress";
import type { ReportQuery } from "../_lib/report-url";

export function progressKey(query: ReportQuery): string {
  return `${query.asOf}|${query.knownAt ?? ""}`;
}

export function currentProgress(db: Database, query: ReportQuery) {
  return readReportProgress(db, progressKey(query));
}
