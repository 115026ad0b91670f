/**
 * "Compare with now" for a saved report, with its progress in the database
 * like the report's own (db/queries/report-progress.ts): the saved page
 * streams the comparison in behind an indicator that polls
 * /reports/portfolio/saved/:id/progress while the book is replayed.
 *
 * It is compareWithNow (db/services/portfolio-report.ts) with the re-run
 * tracked: that function takes no onProgress, so the same three steps are
 * composed here from the service's exported parts (the db test checks the
 * two give the same comparison).
 */
import type { Database } from "@/db/client";
import { readLateEvents } from "@/db/event-store";
import { readReportProgress, trackReportProgress } from "@/db/queries/report-progress";
import {
  computePortfolioReport,
  getSavedReport,
  type ReportComparison,
  type ReportRow,
} from "@/db/services/portfolio-report";
import { Dec } from "@/lib/money";

const MONEY_FIELDS = ["principal", "interest", "fees", "totalOutstanding", "chargedOff"] as const;

/** The progress row of saved report `id`'s comparison (apart from any report run for its date). */
export function comparisonProgressKey(id: number): string {
  return `saved:${id}`;
}

export async function compareWithNowTracked(
  db: Database,
  id: number,
  options: { now?: () => Date } = {},
): Promise<ReportComparison | null> {
  const filed = await getSavedReport(db, id);
  if (!filed) return null;
  const now = await trackReportProgress(db, comparisonProgressKey(id), (onProgress) =>
    computePortfolioReport(db, { asOf: filed.asOf, now: options.now, onProgress }),
  );
  const before = new Map(filed.rows.map((r) => [r.loanNumber, r]));
  const after = new Map(now.rows.map((r) => [r.loanNumber, r]));
  const changedNumbers = [...new Set([...before.keys(), ...after.keys()])]
    .filter((n) => !sameFigures(before.get(n), after.get(n)))
    .sort();
  const late = await readLateEvents(db, changedNumbers, filed.asOf, filed.knownAt);
  return {
    filed,
    now,
    changed: changedNumbers.map((n) => ({
      loanNumber: n,
      filed: before.get(n) ?? null,
      now: after.get(n) ?? null,
      lateEvents: late.get(n) ?? [],
    })),
  };
}

function sameFigures(a: ReportRow | undefined, b: ReportRow | undefined): boolean {
  if (!a || !b) return a === b;
  return a.status === b.status && MONEY_FIELDS.every((f) => new Dec(a[f]).equals(b[f]));
}

export function comparisonProgress(db: Database, id: number) {
  return readReportProgress(db, comparisonProgressKey(id));
}
