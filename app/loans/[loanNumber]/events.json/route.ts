/**
 * GET /loans/LN-000123/events.json: the loan's stored events, exactly as
 * recorded (an export for staff and auditors, and the input format of
 * `cli replay --events`). Read-only; needs export_data.
 */
import { connection, NextResponse } from "next/server";
import { getDb } from "@/db";
import { readStoredEvents } from "@/db/event-store";
import { findLoanByNumber } from "@/db/queries/loans";
import { staffForRoute } from "../../../_lib/auth/require-staff";

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ loanNumber: string }> },
) {
  await connection();
  const staff = await staffForRoute("export_data");
  if (staff instanceof Response) return staff;
  const loanNumber = decodeURIComponent((await params).loanNumber);
  const db = await getDb();
  const loan = await findLoanByNumber(db, loanNumber);
  if (!loan) {
    return NextResponse.json({ error: `No loan ${loanNumber}.` }, { status: 404 });
  }
  const events = await readStoredEvents(db, loan.id);
  return NextResponse.json(
    events.map(({ id: _id, ...event }) => event),
    {
      headers: {
        "Content-Disposition": `inline; filename="${loan.loanNumber}-events.json"`,
        "Cache-Control": "no-store",
      },
    },
  );
}
