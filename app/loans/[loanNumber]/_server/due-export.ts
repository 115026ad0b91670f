/**
 * The due downloads as functions of the database (the route handlers bind the
 * app's; tests pass their own):
 *
 *   GET /loans/LN/payoff.json?on=Q[&asOf=D][&knownAt=T]   the payoff quote (money as decimal strings)
 *   GET /loans/LN/payoff.csv?on=Q[&asOf=D][&knownAt=T]    the same, one header row and one row
 *   GET /loans/LN/installments.csv?asOf=D[&knownAt=T]     the installments, schedule vs actual
 *
 * asOf defaults to the business date (and, for a payoff, to the earlier of Q
 * and it). 400 for a bad date or a date out of range, 404 for an unknown loan,
 * 422 when there is no payoff (a closed loan). They show what the loan page
 * shows (one loan's figures, a quote to hand the borrower), so they need
 * view_loans; "as known at" needs review_disputes, as on the page.
 */
import { NextResponse } from "next/server";
import type { Database } from "@/db/client";
import { type AppErrorCode, isAppError } from "@/lib/app-error";
import { isIsoDate, isIsoTimestamp } from "@/lib/dates";
import { downloadName, installmentsCsv, payoffCsv } from "@/lib/presentation/due";
import { loadDueView, loadPayoffQuote } from "./due";

const NO_STORE = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };

const STATUS: Partial<Record<AppErrorCode, number>> = {
  invalid_input: 400,
  not_found: 404,
  rule_violation: 422,
  forbidden: 403,
};

function problem(message: string, status: number): Response {
  return NextResponse.json({ error: message }, { status, headers: NO_STORE });
}

interface Dates {
  asOf: string;
  knownAt: string | null;
}

/** The as-of date and known-at instant of a download's query, or the 400/403 to answer. */
function datesOf(
  params: URLSearchParams,
  today: string,
  mayReview: boolean,
  latest?: string,
): Dates | Response {
  const rawAsOf = params.get("asOf")?.trim();
  const fallback = latest !== undefined && latest < today ? latest : today;
  const asOf = rawAsOf ? rawAsOf : fallback;
  if (!isIsoDate(asOf)) return problem("asOf must be a real date as YYYY-MM-DD.", 400);
  const rawKnownAt = params.get("knownAt")?.trim();
  if (!rawKnownAt) return { asOf, knownAt: null };
  if (!isIsoTimestamp(rawKnownAt)) {
    return problem("knownAt must be an instant such as 2025-03-01T12:00:00Z.", 400);
  }
  if (!mayReview) {
    return problem(
      "You are not allowed to review disputes or see what was known at an earlier time.",
      403,
    );
  }
  return { asOf, knownAt: rawKnownAt };
}

async function answer(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (isAppError(error) && STATUS[error.code]) {
      return problem(error.message, STATUS[error.code] as number);
    }
    throw error;
  }
}

export interface DownloadRequest {
  getDatabase: () => Promise<Database>;
  loanNumber: string;
  searchParams: URLSearchParams;
  today: string;
  /** May the caller use "as known at" (review_disputes)? */
  mayReview: boolean;
}

export async function payoffResponse(
  request: DownloadRequest,
  format: "json" | "csv",
): Promise<Response> {
  const { loanNumber, searchParams } = request;
  const on = searchParams.get("on")?.trim();
  if (!on || !isIsoDate(on)) return problem("on must be the payoff date as YYYY-MM-DD.", 400);
  const dates = datesOf(searchParams, request.today, request.mayReview, on);
  if (dates instanceof Response) return dates;
  if (!/^LN-\d{6,}$/.test(loanNumber)) return problem(`No loan ${loanNumber}.`, 404);
  return answer(async () => {
    const quote = await loadPayoffQuote(await request.getDatabase(), {
      loanNumber,
      on,
      ...dates,
    });
    const name = downloadName(loanNumber, "payoff", quote.on, format);
    const body =
      format === "json"
        ? `${JSON.stringify({ loanNumber, ...quote }, null, 2)}\n`
        : payoffCsv(loanNumber, quote);
    return new Response(body, {
      headers: {
        "Content-Type":
          format === "json" ? "application/json; charset=utf-8" : "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${name}"`,
        ...NO_STORE,
      },
    });
  });
}

export async function installmentsResponse(request: DownloadRequest): Promise<Response> {
  const { loanNumber, searchParams } = request;
  const dates = datesOf(searchParams, request.today, request.mayReview);
  if (dates instanceof Response) return dates;
  if (!/^LN-\d{6,}$/.test(loanNumber)) return problem(`No loan ${loanNumber}.`, 404);
  return answer(async () => {
    const { due } = await loadDueView(await request.getDatabase(), { loanNumber, ...dates });
    return new Response(installmentsCsv(loanNumber, due), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${downloadName(loanNumber, "installments", due.asOf, "csv")}"`,
        ...NO_STORE,
      },
    });
  });
}
