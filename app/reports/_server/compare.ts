/**
 * "Compare with now" for a saved report, with its progress in the database
 * like the report's own (db/queries/report-progress.ts): the saved page
 * streams the comparison in behind an indicator that polls
 * /reports/portfolio/saved/:id/progress while the book is replayed.
 *
 * The comparison is the service's compareWithNow (db/services/portfolio-report.ts);
 * its report as known now comes from ./report-source.ts (a finished report
 * for the same basis, the workers, or a replay here), its progress published
 * under the saved report's own key.
 */
import type { Database } from "@/db/client";
import { readReportProgress } from "@/db/queries/report-progress";
import {
  type CompareWithNowOptions,
  compareWithNow,
  type ReportComparison,
} from "@/db/services/portfolio-report";
import { portfolioReportFor } from "./report-source";

/** The progress row of saved report `id`'s comparison (apart from any report run for its date). */
export function comparisonProgressKey(id: number): string {
  return `saved:${id}`;
}

export function compareWithNowTracked(
  db: Database,
  id: number,
  options: Pick<CompareWithNowOptions, "now"> = {},
): Promise<ReportComparison | null> {
  return compareWithNow(db, id, {
    ...options,
    reportNow: (asOf) =>
      portfolioReportFor(
        db,
        { asOf },
        { progressKey: comparisonProgressKey(id), now: options.now },
      ),
  });
}

export function comparisonProgress(db: Database, id: number) {
  return readReportProgress(db, comparisonProgressKey(id));
}
