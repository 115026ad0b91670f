/** GET /reports/portfolio/saved/7/export.csv: a saved report's figures as filed, as CSV. Needs run_reports and export_data. */
import { connection } from "next/server";
import { getDb } from "@/db";
import { staffForRoute } from "../../../../../_lib/auth/require-staff";
import { savedReportExportResponse } from "../../../../_server/report-export";

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  await connection();
  for (const permission of ["run_reports", "export_data"] as const) {
    const staff = await staffForRoute(permission);
    if (staff instanceof Response) return staff;
  }
  return savedReportExportResponse(getDb, (await params).id);
}
