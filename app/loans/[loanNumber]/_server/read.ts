/**
 * The loan page's reads, as functions of a database (the server actions bind
 * the app's database; tests pass their own).
 */

import type { Database } from "@/db/client";
import { lastEffectiveDateOf } from "@/db/queries/events";
import { findLoanByNumber } from "@/db/queries/loans";
import { replayLoanAsOf } from "@/db/services/snapshots";
import { AppError } from "@/lib/app-error";
import { type AsOfView, asOfViewFromState, buildAsOfView } from "@/lib/presentation/as-of-view";
import { type EventDetail, eventDetail } from "@/lib/presentation/event-detail";
import { requireLoanWithHistory } from "./loan";
import type { AsOfInput, EventDetailInput } from "./schemas";

/**
 * Balances as of a date. Without "as known at", the state comes from the
 * loan's latest replay snapshot plus the events after it (no full history);
 * the knowledge comparison needs every event, so it replays the history.
 */
export async function loadAsOfView(db: Database, input: AsOfInput): Promise<AsOfView> {
  if (input.knownAt) {
    const { events } = await requireLoanWithHistory(db, input.loanNumber);
    return buildAsOfView(events, input.asOf, input.knownAt);
  }
  const loan = await findLoanByNumber(db, input.loanNumber);
  if (!loan)
    throw new AppError("not_found", `No loan ${input.loanNumber}.`, {
      loanNumber: input.loanNumber,
    });
  const [state, lastEffective] = await Promise.all([
    replayLoanAsOf(db, loan.id, input.asOf),
    lastEffectiveDateOf(db, loan.id, input.asOf),
  ]);
  return asOfViewFromState(state, lastEffective);
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
