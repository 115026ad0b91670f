/**
 * GET /loans/LN-000123/evidence.json?asOf=YYYY-MM-DD: the loan's evidence
 * bundle for an auditor (every event with its hashes, the chain verification,
 * the state replayed as of the date), as a JSON attachment. 404 for an unknown
 * loan, 400 for a bad date; the date defaults to today (UTC). Needs export_data.
 */
import { businessDate } from "@/db/services/context";
import { connection } from "next/server";
import { staffForRoute } from "@/app/_lib/auth/require-staff";
import { evidenceResponse } from "@/app/reports/_server/evidence-export";
import { getDb } from "@/db";

export async function GET(
  request: Request,
  { params }: { params: Promise<{ loanNumber: string }> },
): Promise<Response> {
  await connection();
  const staff = await staffForRoute("export_data");
  if (staff instanceof Response) return staff;
  const loanNumber = decodeURIComponent((await params).loanNumber);
  return evidenceResponse(getDb, loanNumber, new URL(request.url).searchParams, businessDate());
}
