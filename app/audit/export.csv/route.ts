/**
 * GET /audit/export.csv?…: the audit log's matching events as CSV, with the
 * same query parameters as /audit (cursor and order aside: every matching row,
 * oldest first). Streamed; bad parameters answer 400 with the reason.
 * Needs view_audit and export_data.
 */
import { connection } from "next/server";
import { getDb } from "@/db";
import { todayUtc } from "@/lib/presentation/as-of-picks";
import { staffForRoute } from "../../_lib/auth/require-staff";
import { auditExportResponse } from "../_server/audit-export";

export async function GET(request: Request): Promise<Response> {
  await connection();
  for (const permission of ["view_audit", "export_data"] as const) {
    const staff = await staffForRoute(permission);
    if (staff instanceof Response) return staff;
  }
  return auditExportResponse(getDb, new URL(request.url).searchParams, todayUtc());
}
