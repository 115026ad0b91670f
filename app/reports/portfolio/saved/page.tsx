import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { SavedReportsTable } from "@/components/reports/saved-reports-table";
import { getDb } from "@/db";
import { listSavedReports } from "@/db/services/portfolio-report";
import { requireStaff } from "../../../_lib/auth/require-staff";
import { REPORT_PATH } from "../../_lib/report-url";

export const metadata: Metadata = { title: "Saved reports" };

/** Portfolio reports as filed: open one to see its figures or compare them with today's. */
export default async function SavedReportsPage() {
  await connection();
  await requireStaff("run_reports");
  const reports = await listSavedReports(await getDb());
  return (
    <>
      <div className="panel-title">
        <h1>Saved reports</h1>
        <Link href={REPORT_PATH}>Run a portfolio report</Link>
      </div>
      <SavedReportsTable reports={reports} />
    </>
  );
}
