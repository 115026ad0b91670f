/**
 * GET /reports/portfolio/export.csv?asOf=YYYY-MM-DD[&knownAt=ISO]: the
 * portfolio report for those parameters as CSV (one row per loan, then the
 * totals). Bad parameters answer 400 with the reason. Needs run_reports and
 * export_data.
 */
import { connection } from "next/server";
import { getDb } from "@/db";
import { staffForRoute } from "../../../_lib/auth/require-staff";
import { reportExportResponse } from "../../_server/report-export";

export async function GET(request: Request): Promise<Response> {
  await connection();
  for (const permission of ["run_reports", "export_data"] as const) {
    const staff = await staffForRoute(permission);
    if (staff instanceof Response) return staff;
  }
  return reportExportResponse(getDb, new URL(request.url).searchParams);
}
