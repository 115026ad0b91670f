/**
 * Where every portfolio report the app shows, downloads, files or compares
 * comes from, in this order: a finished run for the same basis (date,
 * cut-off, high-water mark, engine version: db/jobs/report-cache.ts); the
 * workers, on the Postgres server with REPORTS_ON_WORKERS=true
 * (./on-workers.ts); else this request replays the book and records the
 * result for the next ask. So the CSV, "Save report" and a reload after the
 * page has shown a report read it instead of replaying the book again, and
 * on the server with workers none of them replays in the web process.
 */
import type { Database } from "@/db/client";
import { finishedReport, recordReport } from "@/db/jobs/report-cache";
import { trackReportProgress } from "@/db/queries/report-progress";
import {
  computePortfolioReport,
  type PortfolioReport,
  reportBasis,
} from "@/db/services/portfolio-report";
import type { ReportQuery } from "../_lib/report-url";
import { reportFromWorkers } from "./on-workers";
import { progressKey } from "./progress";

export interface PortfolioReportOptions {
  /** Where its progress is published while it is computed (default the query's own key). */
  progressKey?: string;
  /** The clock of a report computed now (tests fix it). */
  now?: () => Date;
}

export async function portfolioReportFor(
  db: Database,
  query: ReportQuery,
  options: PortfolioReportOptions = {},
): Promise<PortfolioReport> {
  const basis = await reportBasis(db, {
    asOf: query.asOf,
    knownAt: query.knownAt,
    now: options.now,
  });
  const reused = await finishedReport(db, basis);
  if (reused) return reused;
  // Computed on the basis just looked up (not fixed again), so what is computed is what was looked for.
  const key = options.progressKey ?? progressKey(query);
  const fromWorkers = await reportFromWorkers(db, basis, key);
  if (fromWorkers) return fromWorkers;
  const report = await trackReportProgress(db, key, (onProgress) =>
    computePortfolioReport(db, { asOf: basis.asOf, basis, onProgress }),
  );
  await recordReport(db, report);
  return report;
}
