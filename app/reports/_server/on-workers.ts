/**
 * The portfolio report page on the Postgres server with REPORTS_ON_WORKERS=true:
 * the report is computed by `npm run worker` processes in shards
 * (db/jobs/report.ts) and this request waits for the merged result, its
 * progress published under `key`. Null otherwise (PGlite, the variable
 * unset, or no worker taking the job within 10 s): the caller
 * (./report-source.ts) then computes the report itself.
 */
import type { Database } from "@/db/client";
import { readServerEnv } from "@/db/env";
import { reportOnWorkers } from "@/db/jobs/report";
import type { PortfolioReport, ReportBasis } from "@/db/services/portfolio-report";

export async function reportFromWorkers(
  db: Database,
  basis: ReportBasis,
  key: string,
): Promise<PortfolioReport | null> {
  const url = readServerEnv().DATABASE_URL;
  if (!url || process.env.REPORTS_ON_WORKERS !== "true") return null;
  return reportOnWorkers(db, url, {
    asOf: basis.asOf,
    knownAt: basis.knownAt,
    basis,
    progressKey: key,
  });
}
