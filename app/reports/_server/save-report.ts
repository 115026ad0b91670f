/**
 * "Save report": compute the report for the parameters on screen and file it.
 * A function of the database; the server action binds the app's.
 */
import type { Database } from "@/db/client";
import { computePortfolioReport, saveReport } from "@/db/services/portfolio-report";
import type { SaveReportInput } from "./params";

export async function saveReportWork(
  db: Database,
  input: SaveReportInput,
  actor: string,
  now?: () => Date,
): Promise<{ id: number }> {
  const report = await computePortfolioReport(db, {
    asOf: input.asOf,
    knownAt: input.knownAt ?? null,
    ...(now ? { now } : {}),
  });
  return { id: await saveReport(db, report, actor) };
}
