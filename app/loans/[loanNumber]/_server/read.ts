/**
 * The loan page's reads, as functions of a database (the server actions bind
 * the app's database; tests pass their own).
 */

import type { Database } from "@/db/client";
import { AppError } from "@/lib/app-error";
import { type AsOfView, buildAsOfView } from "@/lib/presentation/as-of-view";
import { type EventDetail, eventDetail } from "@/lib/presentation/event-detail";
import { requireLoanWithHistory } from "./loan";
import type { AsOfInput, EventDetailInput } from "./schemas";

export async function loadAsOfView(db: Database, input: AsOfInput): Promise<AsOfView> {
  const { events } = await requireLoanWithHistory(db, input.loanNumber);
  return buildAsOfView(events, input.asOf, input.knownAt ?? null);
}

export async function loadEventDetail(db: Database, input: EventDetailInput): Promise<EventDetail> {
  const { events } = await requireLoanWithHistory(db, input.loanNumber);
  const detail = eventDetail(events, input.sequenceNumber, input.asOf, input.knownAt ?? null);
  if (!detail) {
    throw new AppError(
      "not_found",
      `Loan ${input.loanNumber} has no event #${input.sequenceNumber}.`,
    );
  }
  return detail;
}
