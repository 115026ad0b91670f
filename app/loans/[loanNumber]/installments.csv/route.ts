/**
 * GET /loans/LN-000123/installments.csv?asOf=YYYY-MM-DD[&knownAt=ISO]: the
 * installments as of the date, schedule vs actual (number, due date, amount,
 * paid, unpaid, date paid, days late, kind). Needs view_loans; knownAt needs
 * review_disputes. See _server/due-export.ts.
 */
import { connection } from "next/server";
import { getDb } from "@/db";
import { businessDate } from "@/db/services/context";
import { mayReceive } from "@/lib/auth/permissions";
import { staffForRoute } from "../../../_lib/auth/require-staff";
import { installmentsResponse } from "../_server/due-export";

export async function GET(
  request: Request,
  { params }: { params: Promise<{ loanNumber: string }> },
): Promise<Response> {
  await connection();
  const staff = await staffForRoute("view_loans");
  if (staff instanceof Response) return staff;
  return installmentsResponse({
    getDatabase: getDb,
    loanNumber: decodeURIComponent((await params).loanNumber),
    searchParams: new URL(request.url).searchParams,
    today: businessDate(),
    mayReview: mayReceive(staff.role, "knownAtHistory"),
  });
}
