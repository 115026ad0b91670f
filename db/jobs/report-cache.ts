/**
 * Finished portfolio reports, reused: a report is a function of its basis
 * (date, "as known at" cut-off, the high-water mark under that cut-off) and
 * of the engine's version, so the page, its CSV download, "Save report" and
 * "compare with now" ask for a finished run with the same basis before
 * replaying the book again. Worker runs (db/jobs/report.ts) are recorded by
 * the shard that merges them; a report computed in the request is recorded
 * by `recordReport`.
 *
 * The check against the chain: a run is used only while the high-water mark
 * under its cut-off is still the one it was computed from (an event recorded
 * later under that cut-off moves the mark, and the report is replayed), only
 * if it was computed by this engine version, and only if its seal
 * (db/event-store/integrity.ts sealReport: the basis and every figure, under
 * the app's key) holds, so an edited row is replayed, not served. Runs are a cache, not a
 * filing (saved_reports is): finished report runs older than a day are
 * deleted when a new one is recorded.
 */
import { randomUUID } from "node:crypto";
import { and, eq, isNotNull, lt, sql } from "drizzle-orm";
import type { Database } from "../client";
import { engineVersion } from "../engine-version";
import { checkReportSeal, sealReport } from "../event-store/integrity";
import { batchRuns } from "../schema";
import type { PortfolioReport, ReportBasis } from "../services/portfolio-report";

/** How long a finished report run is kept for reuse. */
const KEEP_HOURS = 24;

/** The finished report for exactly this basis, computed by this engine version, or null. */
export async function finishedReport(
  db: Database,
  basis: Pick<ReportBasis, "asOf" | "knownAt" | "highWaterMark">,
): Promise<PortfolioReport | null> {
  const [row] = await db
    .select({ result: batchRuns.result })
    .from(batchRuns)
    .where(
      and(
        eq(batchRuns.kind, "report"),
        isNotNull(batchRuns.finishedAt),
        sql`${batchRuns.params}->>'asOf' = ${basis.asOf}`,
        sql`${batchRuns.params}->>'knownAt' = ${basis.knownAt}`,
        sql`(${batchRuns.params}->'highWaterMark'->>'eventId')::bigint = ${basis.highWaterMark.eventId}`,
        // An abandoned run (no worker took it) has no report in it.
        sql`${batchRuns.result}->>'engineVersion' = ${engineVersion()}`,
      ),
    )
    .orderBy(sql`${batchRuns.finishedAt} desc`)
    .limit(1);
  if (!row) return null;
  const { cacheSeal, ...report } = row.result as unknown as SealedReport;
  const status = checkReportSeal(cacheSeal, report);
  if (status === "valid") return report;
  if (status === "mismatch") {
    console.warn(
      `[integrity] the finished report as of ${basis.asOf} (known at ${basis.knownAt}) does not match its seal (edited outside the app?); not used, the book is replayed instead`,
    );
  }
  return null;
}

type SealedReport = PortfolioReport & { cacheSeal?: string };

/** A finished run's result as the report (without its seal). */
export function reportOf(result: Record<string, unknown>): PortfolioReport {
  const { cacheSeal: _seal, ...report } = result as unknown as SealedReport;
  return report;
}

/** A report as a run's result: with the seal a later reuse checks. */
export function sealedResult(report: PortfolioReport): Record<string, unknown> {
  return { ...report, cacheSeal: sealReport(report) };
}

/** Record a report computed outside the queue as a finished run, so the next ask for its basis reuses it. */
export async function recordReport(db: Database, report: PortfolioReport): Promise<void> {
  const { asOf, knownAt, generatedAt, highWaterMark } = report;
  await pruneReportRuns(db);
  await db.insert(batchRuns).values({
    key: `report:${randomUUID()}`,
    kind: "report",
    params: { asOf, knownAt, generatedAt, highWaterMark } as unknown as Record<string, unknown>,
    shards: 0,
    finishedAt: sql`now()` as unknown as string,
    result: sealedResult(report),
  });
}

/** Delete finished report runs older than KEEP_HOURS (their shards go with them). */
export async function pruneReportRuns(db: Database): Promise<void> {
  await db
    .delete(batchRuns)
    .where(
      and(
        eq(batchRuns.kind, "report"),
        isNotNull(batchRuns.finishedAt),
        lt(batchRuns.finishedAt, sql`now() - make_interval(hours => ${KEEP_HOURS})`),
      ),
    );
}
