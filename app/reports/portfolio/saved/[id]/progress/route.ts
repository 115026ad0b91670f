/**
 * GET /reports/portfolio/saved/7/progress: how far "Compare with now" for saved
 * report 7 has got ({ done, total } loans replayed, or null when none is
 * running). Polled by the saved page's indicator. Needs run_reports.
 */
import { connection, NextResponse } from "next/server";
import { getDb } from "@/db";
import { staffForRoute } from "../../../../../_lib/auth/require-staff";
import { comparisonProgress } from "../../../../_server/compare";
import { savedReportId } from "../../../../_server/params";

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  await connection();
  const staff = await staffForRoute("run_reports");
  if (staff instanceof Response) return staff;
  const id = savedReportId((await params).id);
  return NextResponse.json(id === null ? null : await comparisonProgress(await getDb(), id), {
    headers: { "Cache-Control": "no-store" },
  });
}
