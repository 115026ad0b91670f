/**
 * GET /loans/LN-000123/payoff.json?on=YYYY-MM-DD[&asOf=YYYY-MM-DD][&knownAt=ISO]:
 * the payoff quote as a JSON attachment (money as decimal strings). Needs
 * view_loans; knownAt needs what FIELD_PERMISSIONS.knownAtHistory grants (review_disputes). See _server/due-export.ts.
 */
import { connection } from "next/server";
import { getDb } from "@/db";
import { businessDate } from "@/db/services/context";
import { mayReceive } from "@/lib/auth/permissions";
import { staffForRoute } from "../../../_lib/auth/require-staff";
import { payoffResponse } from "../_server/due-export";

export async function GET(
  request: Request,
  { params }: { params: Promise<{ loanNumber: string }> },
): Promise<Response> {
  await connection();
  const staff = await staffForRoute("view_loans");
  if (staff instanceof Response) return staff;
  return payoffResponse(
    {
      getDatabase: getDb,
      loanNumber: decodeURIComponent((await params).loanNumber),
      searchParams: new URL(request.url).searchParams,
      today: businessDate(),
      mayReview: mayReceive(staff.role, "knownAtHistory"),
    },
    "json",
  );
}
