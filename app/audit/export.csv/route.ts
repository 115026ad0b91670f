/**
 * GET /audit/export.csv?…: the audit log's matching events as CSV, with the
 * same query parameters as /audit (cursor and order aside: every matching row,
 * oldest first). Streamed; bad parameters answer 400 with the reason.
 */
import { connection } from "next/server";
import { getDb } from "@/db";
import { todayUtc } from "@/lib/presentation/as-of-picks";
import { auditExportResponse } from "../_server/audit-export";

export async function GET(request: Request): Promise<Response> {
  await connection();
  return auditExportResponse(getDb, new URL(request.url).searchParams, todayUtc());
}
