/**
 * "Save report": file the report for the parameters on screen (the one
 * shown, when it is still valid: ./report-source.ts).
 * A function of the database; the server action binds the app's.
 */
import type { Database } from "@/db/client";
import { saveReport } from "@/db/services/portfolio-report";
import type { SaveReportInput } from "./params";
import { portfolioReportFor } from "./report-source";

export async function saveReportWork(
  db: Database,
  input: SaveReportInput,
  actor: string,
  now?: () => Date,
): Promise<{ id: number }> {
  const report = await portfolioReportFor(
    db,
    { asOf: input.asOf, ...(input.knownAt ? { knownAt: input.knownAt } : {}) },
    { now },
  );
  return { id: await saveReport(db, report, actor) };
}
