import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { Suspense } from "react";
import { PortfolioReportView } from "@/components/reports/portfolio-report-view";
import { ReportControls } from "@/components/reports/report-controls";
import { ReportProgress } from "@/components/reports/report-progress";
import { getDb } from "@/db";
import { businessDate } from "@/db/services/context";
import { can } from "@/lib/auth/permissions";
import type { LoanStatus } from "@/lib/replay/state";
import { requireStaff } from "../../_lib/auth/require-staff";
import { type ReportQuery, reportExportHref, reportQueryKey, SAVED_PATH } from "../_lib/report-url";
import { parseReportParams, type SearchParams } from "../_server/params";
import { portfolioReportFor } from "../_server/report-source";
import { saveReportAction } from "./actions";

export const metadata: Metadata = { title: "Portfolio report" };

/** Computes the report (the slow part, streamed in behind the progress indicator). */
async function ComputedReport({
  query,
  status,
  canExport,
}: {
  query: ReportQuery;
  status: LoanStatus | null;
  canExport: boolean;
}) {
  const report = await portfolioReportFor(await getDb(), query);
  const pinned = { asOf: report.asOf, knownAt: report.knownAt };
  return (
    <PortfolioReportView
      report={report}
      csvHref={canExport ? reportExportHref(pinned) : null}
      save={{ query: pinned, action: saveReportAction }}
      initialStatus={status}
    />
  );
}

/** Every loan replayed as of a reporting date: the date and "as known at" live in the URL. */
export default async function PortfolioReportPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  await connection();
  const staff = await requireStaff("run_reports");
  const parsed = parseReportParams(await searchParams);
  const today = businessDate();
  return (
    <>
      <div className="panel-title">
        <h1>Portfolio report</h1>
        <Link href={SAVED_PATH}>Saved reports</Link>
      </div>
      {parsed.ok ? (
        <>
          {/* Not keyed: the controls follow the URL's query themselves (a key equal to the
              report boundary's made two siblings share one, and React left stale copies behind). */}
          <ReportControls query={parsed.value.query} today={today} />
          {parsed.value.query ? (
            <Suspense
              key={`report:${reportQueryKey(parsed.value.query)}`}
              fallback={<ReportProgress query={parsed.value.query} />}
            >
              <ComputedReport
                query={parsed.value.query}
                status={parsed.value.status}
                canExport={can(staff.role, "export_data")}
              />
            </Suspense>
          ) : (
            <p className="muted">
              Choose a report date (or a quick pick) to replay every loan in the book as of that
              date: totals by status and one row per loan, exportable as CSV and fileable for later
              comparison.
            </p>
          )}
        </>
      ) : (
        <div className="panel error" role="alert">
          <h2>This report cannot be run</h2>
          <ul>
            {parsed.errors.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
          <p>
            <Link href="/reports/portfolio">Start again</Link> or correct the link.
          </p>
        </div>
      )}
    </>
  );
}
