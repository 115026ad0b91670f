/**
 * GET /reports/portfolio/progress?asOf=…&knownAt=…: how far the report being
 * computed for those parameters has got ({ done, total }, or null when none is
 * running). Polled by the page's loading indicator. Needs run_reports.
 */
import { connection, NextResponse } from "next/server";
import { getDb } from "@/db";
import { staffForRoute } from "../../../_lib/auth/require-staff";
import { parseReportParams } from "../../_server/params";
import { currentProgress } from "../../_server/progress";

export async function GET(request: Request): Promise<Response> {
  await connection();
  const staff = await staffForRoute("run_reports");
  if (staff instanceof Response) return staff;
  const parsed = parseReportParams(new URL(request.url).searchParams);
  const query = parsed.ok ? parsed.value.query : null;
  return NextResponse.json(query ? await currentProgress(await getDb(), query) : null, {
    headers: { "Cache-Control": "no-store" },
  });
}
