import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { Suspense } from "react";
import { CompareLink } from "@/components/reports/compare-link";
import { PortfolioReportView } from "@/components/reports/portfolio-report-view";
import { ReportComparison } from "@/components/reports/report-comparison";
import { ReportProgress } from "@/components/reports/report-progress";
import { getDb } from "@/db";
import { getSavedReport } from "@/db/services/portfolio-report";
import { can } from "@/lib/auth/permissions";
import { requireStaff } from "../../../../_lib/auth/require-staff";
import { param } from "../../../../_lib/url-params";
import {
  reportHref,
  SAVED_PATH,
  savedReportExportHref,
  savedReportHref,
  savedReportProgressHref,
} from "../../../_lib/report-url";
import { compareWithNowTracked } from "../../../_server/compare";
import { parseReportParams, type SearchParams, savedReportId } from "../../../_server/params";

interface SavedReportPageProps {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}

export async function generateMetadata({ params }: SavedReportPageProps): Promise<Metadata> {
  return { title: `Saved report #${(await params).id}` };
}

/** Re-runs the filed report's date with today's knowledge (streamed in behind its progress). */
async function Comparison({ id }: { id: number }) {
  const db = await getDb();
  const comparison = await compareWithNowTracked(db, id);
  if (!comparison) notFound();
  return <ReportComparison comparison={comparison} />;
}

/** A filed portfolio report: its figures as filed, its CSV, and "Compare with now". */
export default async function SavedReportPage({ params, searchParams }: SavedReportPageProps) {
  await connection();
  const staff = await requireStaff("run_reports");
  const id = savedReportId((await params).id);
  if (id === null) notFound();
  const report = await getSavedReport(await getDb(), id);
  if (!report) notFound();
  const query = await searchParams;
  const compare = param(query, "compare") === "1";
  const status = (() => {
    const parsed = parseReportParams({ status: query.status });
    return parsed.ok ? parsed.value.status : null;
  })();

  return (
    <>
      <div className="panel-title">
        <h1>Saved report #{id}</h1>
        <span>
          <Link href={SAVED_PATH}>Saved reports</Link> ·{" "}
          <Link href={reportHref({ asOf: report.asOf })}>Run this date again</Link>
        </span>
      </div>
      {compare ? (
        <Suspense
          fallback={
            <ReportProgress
              label={`Re-running the report as of ${report.asOf} with today's knowledge…`}
              progressHref={savedReportProgressHref(id)}
            />
          }
        >
          <Comparison id={id} />
        </Suspense>
      ) : null}
      <PortfolioReportView
        report={report}
        csvHref={can(staff.role, "export_data") ? savedReportExportHref(id) : null}
        initialStatus={status}
      >
        {compare ? (
          <Link href={savedReportHref(id)}>Hide the comparison</Link>
        ) : (
          <CompareLink href={savedReportHref(id, { compare: true })} />
        )}
      </PortfolioReportView>
    </>
  );
}
