/**
 * Portfolio snapshot as of a reporting date: every loan replayed (from its
 * snapshot when it has one, streamed loan by loan), totals by status, the
 * aging table (open loans per delinquency bucket: count, principal, total
 * outstanding; each loan's days past due from its snapshot's due basis and
 * tail, as of the date and as known at the cut-off), and what the report was
 * computed from so it can be reproduced and compared later.
 */
import { and, desc, eq, gte, lte } from "drizzle-orm";
import { AppError } from "../../lib/app-error";
import { csvCell, csvNumber, csvRow } from "../../lib/csv";
import { isIsoDate, isIsoTimestamp } from "../../lib/dates";
import { type AgingRow, agingTable } from "../../lib/delinquency/aging";
import type { DelinquencyBucket } from "../../lib/due";
import { Dec, moneyString } from "../../lib/money";
import { LOAN_STATUSES, type LoanStatus } from "../../lib/replay/state";
import type { Database } from "../client";
import { engineVersion } from "../engine-version";
import {
  type HighWaterMark,
  highWaterMark,
  type LateRecordedEvent,
  readLateEvents,
  toIsoTimestamp,
} from "../event-store";
import { borrowers, loans, savedReports } from "../schema";
import { type DueFiguresAsOf, replayPortfolio } from "./snapshots";

export interface ReportRow {
  loanNumber: string;
  borrowerName: string;
  status: LoanStatus;
  principal: string;
  interest: string;
  fees: string;
  totalOutstanding: string;
  chargedOff: string;
  lastSequence: number;
  /** Days past due and bucket as of the report date (absent in reports filed before the aging table). */
  daysPastDue?: number;
  bucket?: DelinquencyBucket;
}

export interface StatusTotals {
  status: LoanStatus | "all";
  count: number;
  principal: string;
  interest: string;
  fees: string;
  totalOutstanding: string;
  chargedOff: string;
}

export interface PortfolioReport {
  id?: number;
  asOf: string;
  knownAt: string;
  generatedAt: string;
  generatedBy?: string;
  engineVersion: string;
  highWaterMark: HighWaterMark;
  totals: StatusTotals[];
  grandTotal: StatusTotals;
  /** Open loans per delinquency bucket (absent in reports filed before the aging table). */
  aging?: AgingRow[];
  rows: ReportRow[];
}

const MONEY_FIELDS = ["principal", "interest", "fees", "totalOutstanding", "chargedOff"] as const;

/** What every part of one report shares: the date, the cut-off and the high-water mark, fixed once. */
export interface ReportBasis {
  asOf: string;
  knownAt: string;
  generatedAt: string;
  highWaterMark: HighWaterMark;
}

/**
 * Validate a report's inputs and fix its cut-off: without an explicit one the
 * report is "as known at" its high-water mark, so re-running it later (or
 * computing it in shards on several workers) with the same inputs gives the
 * same figures.
 */
export async function reportBasis(
  db: Database,
  options: { asOf: string; knownAt?: string | null; now?: () => Date },
): Promise<ReportBasis> {
  if (!isIsoDate(options.asOf)) {
    throw new AppError(
      "invalid_input",
      `Report date must be a real date YYYY-MM-DD, got ${JSON.stringify(options.asOf)}.`,
      { field: "asOf" },
    );
  }
  if (options.knownAt && !isIsoTimestamp(options.knownAt)) {
    throw new AppError(
      "invalid_input",
      `"As known at" must be an ISO timestamp, got ${JSON.stringify(options.knownAt)}.`,
      { field: "knownAt" },
    );
  }
  const now = (options.now ?? (() => new Date()))();
  const mark = await highWaterMark(db, options.knownAt);
  const knownAt = options.knownAt ?? mark.recordedAt ?? now.toISOString();
  return { asOf: options.asOf, knownAt, generatedAt: now.toISOString(), highWaterMark: mark };
}

export async function computePortfolioReport(
  db: Database,
  options: {
    asOf: string;
    knownAt?: string | null;
    now?: () => Date;
    onProgress?: (done: number, total: number) => void;
    /** The basis already fixed by the caller (reportBasis of the same inputs). */
    basis?: ReportBasis;
  },
): Promise<PortfolioReport> {
  const basis = options.basis ?? (await reportBasis(db, options));
  const names = new Map(
    (
      await db
        .select({ id: loans.id, name: borrowers.name })
        .from(loans)
        .innerJoin(borrowers, eq(borrowers.id, loans.borrowerId))
    ).map((r) => [r.id, r.name]),
  );
  const rows: ReportRow[] = [];
  let replayed = 0;
  for await (const { loanId, loanNumber, state } of replayPortfolio(db, basis.asOf, {
    knownAt: basis.knownAt,
    withDue: true,
  })) {
    // A loan with nothing in effect on the date is not yet in the book.
    if (state.eventsApplied > 0) rows.push(toRow(loanNumber, names.get(loanId) ?? "", state));
    options.onProgress?.(++replayed, names.size);
  }
  return assembleReport(basis, rows);
}

/**
 * The report rows of the loans whose id is in [from, to] (one shard of a
 * report fanned out over workers, db/jobs/report.ts), replayed as
 * computePortfolioReport replays the whole book (replayPortfolio: `batchSize`
 * loans at a time, the next batch read while this one is folded);
 * `onBatch` is told the loans done after each batch.
 */
export async function reportRowsForRange(
  db: Database,
  basis: Pick<ReportBasis, "asOf" | "knownAt">,
  range: { from: number; to: number },
  options: { batchSize?: number; onBatch?: (done: number) => Promise<void> } = {},
): Promise<ReportRow[]> {
  const names = new Map(
    (
      await db
        .select({ id: loans.id, name: borrowers.name })
        .from(loans)
        .innerJoin(borrowers, eq(borrowers.id, loans.borrowerId))
        .where(and(gte(loans.id, range.from), lte(loans.id, range.to)))
    ).map((r) => [r.id, r.name]),
  );
  const batchSize = options.batchSize ?? 250;
  const rows: ReportRow[] = [];
  let done = 0;
  for await (const { loanId, loanNumber, state } of replayPortfolio(db, basis.asOf, {
    knownAt: basis.knownAt,
    withDue: true,
    batchSize,
    loanIds: range,
  })) {
    if (state.eventsApplied > 0) rows.push(toRow(loanNumber, names.get(loanId) ?? "", state));
    if (++done % batchSize === 0) await options.onBatch?.(done);
  }
  if (done % batchSize !== 0 || done === 0) await options.onBatch?.(done);
  return rows;
}

/** The report from its basis and every loan's row (in any order): totals, aging, rows by loan number. */
export function assembleReport(
  basis: ReportBasis,
  unsorted: readonly ReportRow[],
): PortfolioReport {
  const rows = [...unsorted].sort((a, b) => a.loanNumber.localeCompare(b.loanNumber));
  return {
    asOf: basis.asOf,
    knownAt: basis.knownAt,
    generatedAt: basis.generatedAt,
    engineVersion: engineVersion(),
    highWaterMark: basis.highWaterMark,
    totals: LOAN_STATUSES.filter((s) => rows.some((r) => r.status === s)).map((s) =>
      totalOf(
        s,
        rows.filter((r) => r.status === s),
      ),
    ),
    grandTotal: totalOf("all", rows),
    aging: agingTable(rows),
    rows,
  };
}

function toRow(loanNumber: string, borrowerName: string, s: DueFiguresAsOf): ReportRow {
  return {
    loanNumber,
    borrowerName,
    status: s.status,
    principal: s.principal,
    interest: s.interest,
    fees: s.fees,
    totalOutstanding: s.totalOutstanding,
    chargedOff: s.totals.chargedOff,
    lastSequence: s.lastSequence,
    daysPastDue: s.daysPastDue,
    bucket: s.bucket,
  };
}

/** Exact sums (decimal strings), never rounded. */
function totalOf(status: StatusTotals["status"], rows: readonly ReportRow[]): StatusTotals {
  const sums = Object.fromEntries(MONEY_FIELDS.map((f) => [f, new Dec(0)])) as Record<
    (typeof MONEY_FIELDS)[number],
    Dec
  >;
  for (const r of rows) for (const f of MONEY_FIELDS) sums[f] = sums[f].plus(r[f]);
  return {
    status,
    count: rows.length,
    ...(Object.fromEntries(MONEY_FIELDS.map((f) => [f, moneyString(sums[f])])) as Record<
      (typeof MONEY_FIELDS)[number],
      string
    >),
  };
}

export async function saveReport(
  db: Database,
  report: PortfolioReport,
  actor: string,
): Promise<number> {
  const [row] = await db
    .insert(savedReports)
    .values({
      asOf: report.asOf,
      knownAt: report.knownAt,
      generatedAt: report.generatedAt,
      generatedBy: actor,
      engineVersion: report.engineVersion,
      highWaterEventId: report.highWaterMark.eventId,
      report: { ...report, generatedBy: actor },
    })
    .returning({ id: savedReports.id });
  if (!row) throw new AppError("internal", "The report could not be saved.");
  return row.id;
}

export interface SavedReportSummary {
  id: number;
  asOf: string;
  knownAt: string;
  generatedAt: string;
  generatedBy: string;
  engineVersion: string;
  loans: number;
  totalOutstanding: string;
}

export async function listSavedReports(db: Database): Promise<SavedReportSummary[]> {
  const rows = await db.select().from(savedReports).orderBy(desc(savedReports.id)).limit(200);
  return rows.map((r) => {
    const report = r.report as PortfolioReport;
    return {
      id: r.id,
      asOf: r.asOf,
      knownAt: toIsoTimestamp(r.knownAt),
      generatedAt: toIsoTimestamp(r.generatedAt),
      generatedBy: r.generatedBy,
      engineVersion: r.engineVersion,
      loans: report.grandTotal.count,
      totalOutstanding: report.grandTotal.totalOutstanding,
    };
  });
}

export async function getSavedReport(db: Database, id: number): Promise<PortfolioReport | null> {
  const [row] = await db.select().from(savedReports).where(eq(savedReports.id, id));
  return row ? { ...(row.report as PortfolioReport), id: row.id } : null;
}

export interface ChangedLoan {
  loanNumber: string;
  filed: ReportRow | null;
  now: ReportRow | null;
  lateEvents: LateRecordedEvent[];
}

export interface ReportComparison {
  filed: PortfolioReport;
  now: PortfolioReport;
  changed: ChangedLoan[];
}

export interface CompareWithNowOptions {
  /** The clock of the re-run's "now" (tests fix it). */
  now?: () => Date;
  /** Loans replayed so far out of the book's, as the re-run goes (the saved page's progress bar). */
  onProgress?: (done: number, total: number) => void;
  /**
   * Where the report as known now comes from (the app's reuses a finished
   * report for the same basis or has workers compute it); default: replayed
   * here with computePortfolioReport.
   */
  reportNow?: (asOf: string) => Promise<PortfolioReport>;
}

/**
 * Re-run a filed report with today's knowledge and list the loans whose
 * figures moved, each with the events recorded after the filing that are
 * effective on or before the report date (the backdated events that explain it).
 */
export async function compareWithNow(
  db: Database,
  id: number,
  options: CompareWithNowOptions = {},
): Promise<ReportComparison | null> {
  const filed = await getSavedReport(db, id);
  if (!filed) return null;
  const now = options.reportNow
    ? await options.reportNow(filed.asOf)
    : await computePortfolioReport(db, {
        asOf: filed.asOf,
        now: options.now,
        onProgress: options.onProgress,
      });
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

/** Did a loan's figures (status, money, days past due when both have them) stay the same? */
function sameFigures(a: ReportRow | undefined, b: ReportRow | undefined): boolean {
  if (!a || !b) return a === b;
  // Days past due count when both sides have them (a filing before the aging table has none).
  const sameAge =
    a.daysPastDue === undefined || b.daysPastDue === undefined || a.daysPastDue === b.daysPastDue;
  return a.status === b.status && sameAge && MONEY_FIELDS.every((f) => new Dec(a[f]).equals(b[f]));
}

const CSV_HEADER = [
  "loan_number",
  "borrower",
  "status",
  "principal",
  "interest",
  "fees",
  "total_outstanding",
  "charged_off",
  "days_past_due",
  "bucket",
];

/**
 * The report as CSV lines: one row per loan (with its days past due and
 * bucket), then one AGING row per delinquency bucket (open loans: count,
 * principal, total outstanding), then one TOTAL row per status and for all
 * loans. A report filed before the aging table has no AGING rows and empty
 * days past due.
 */
export function reportCsv(report: PortfolioReport): string[] {
  const lines = [csvRow(CSV_HEADER)];
  for (const r of report.rows) {
    lines.push(
      csvRow([
        csvCell(r.loanNumber),
        csvCell(r.borrowerName),
        csvCell(r.status),
        ...MONEY_FIELDS.map((f) => csvNumber(r[f])),
        r.daysPastDue === undefined ? "" : String(r.daysPastDue),
        csvCell(r.bucket ?? ""),
      ]),
    );
  }
  for (const a of report.aging ?? []) {
    lines.push(
      csvRow([
        csvCell(`AGING ${a.bucket}`),
        csvCell(`${a.count} loans`),
        csvCell("open"),
        csvNumber(a.principal),
        "",
        "",
        csvNumber(a.totalOutstanding),
        "",
        "",
        csvCell(a.bucket),
      ]),
    );
  }
  for (const t of [...report.totals, report.grandTotal]) {
    lines.push(
      csvRow([
        csvCell(`TOTAL ${t.status}`),
        csvCell(`${t.count} loans`),
        csvCell(t.status),
        ...MONEY_FIELDS.map((f) => csvNumber(t[f])),
        "",
        "",
      ]),
    );
  }
  return lines;
}
