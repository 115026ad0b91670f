/**
 * GET /loans/LN-000123/evidence.json?asOf=YYYY-MM-DD as a function of the
 * database (the route handler binds the app's; tests pass their own): the
 * loan's evidence bundle as a JSON attachment, 404 for an unknown loan, 400
 * for a bad date.
 */
import { NextResponse } from "next/server";
import type { Database } from "@/db/client";
import { buildEvidenceBundle } from "@/db/services/evidence";
import { isAppError } from "@/lib/app-error";
import { isIsoDate } from "@/lib/dates";

function evidenceFilename(loanNumber: string, asOf: string): string {
  return `evidence-${loanNumber}-${asOf}.json`;
}

const NO_STORE = { "Cache-Control": "no-store" };

export async function evidenceResponse(
  getDatabase: () => Promise<Database>,
  loanNumber: string,
  searchParams: URLSearchParams,
  today: string,
): Promise<Response> {
  const raw = searchParams.get("asOf")?.trim();
  const asOf = raw ? raw : today;
  if (!isIsoDate(asOf)) {
    return NextResponse.json(
      { error: "asOf must be a real date as YYYY-MM-DD." },
      { status: 400, headers: NO_STORE },
    );
  }
  if (!/^LN-\d{6,}$/.test(loanNumber)) {
    return NextResponse.json(
      { error: `No loan ${loanNumber}.` },
      { status: 404, headers: NO_STORE },
    );
  }
  try {
    const bundle = await buildEvidenceBundle(await getDatabase(), { loanNumber, asOf });
    if (!bundle) {
      return NextResponse.json(
        { error: `No loan ${loanNumber}.` },
        { status: 404, headers: NO_STORE },
      );
    }
    return new Response(`${JSON.stringify(bundle, null, 2)}\n`, {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${evidenceFilename(loanNumber, asOf)}"`,
        ...NO_STORE,
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    if (isAppError(error) && error.code === "invalid_input") {
      return NextResponse.json({ error: error.message }, { status: 400, headers: NO_STORE });
    }
    throw error;
  }
}
