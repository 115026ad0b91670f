/**
 * What the borrower owes on one loan, as of a date and as known at a time
 * (lib/due: amounts due, days past due, bucket; a payoff quote), read without
 * the loan's history: the state from the live projection when it is the
 * state as of the date (nothing later, nothing "as known at"), else from the
 * latest usable month-end snapshot plus the events after it in view (the same
 * reads as replayLoanAsOf); the schedule events from the due basis kept with
 * either (lib/delinquency/basis.ts), never from a scan of the stream.
 */

import { eq } from "drizzle-orm";
import { AppError } from "../../lib/app-error";
import {
  amountsDue,
  type DueView,
  eventsInView,
  type PayoffQuote,
  payoffQuote,
  scheduleEvents,
} from "../../lib/due";
import { toleranceFor } from "../../lib/due/tolerance";
import type { LoanEvent } from "../../lib/events/types";
import { foldEvents } from "../../lib/replay/replay";
import { deserializeState } from "../../lib/replay/snapshot";
import { initialEngineState, toLoanState } from "../../lib/replay/state";
import { accrualStart } from "../../lib/servicing/accrual";
import { needsBaseBefore, type WriteModel } from "../../lib/servicing/write-model";
import type { Database } from "../client";
import { readStreams } from "../event-store";
import { selectWithProjections } from "../event-store/projection";
import { loadBase } from "../event-store/snapshots";
import { loanProjections, loans } from "../schema";
import { latestSnapshots } from "./snapshots";

export interface DueAndPayoff {
  due: DueView;
  /** The quote for `on` (null when none was asked for, or the loan has none: closed, past maturity). */
  payoff: PayoffQuote | null;
  payoffRefusal: string | null;
}

/** Amounts due as of `asOf` (as known at `knownAt`) and, with `on`, a payoff quote for that date. */
export async function dueAndPayoffAsOf(
  db: Database,
  loanId: number,
  options: { asOf: string; knownAt?: string | null; on?: string },
): Promise<DueAndPayoff> {
  const { asOf } = options;
  const knownAt = options.knownAt ?? null;
  const [loan] = await db
    .select({ product: loans.product, last: loanProjections.lastEventDate })
    .from(loans)
    .leftJoin(loanProjections, eq(loanProjections.loanId, loans.id))
    .where(eq(loans.id, loanId));
  if (!loan) throw new AppError("not_found", `No loan with id ${loanId}.`);
  const tolerance = toleranceFor(loan.product);
  let model: WriteModel;
  let schedule: readonly LoanEvent[];
  const current = knownAt === null && (loan.last === null || loan.last <= asOf);
  const [row] = current ? await selectWithProjections(db, { ids: [loanId] }) : [];
  if (row && (row.projection.state.facts.lastEffectiveDate ?? "") <= asOf) {
    // The projection is the loan as of the date; a base only if the quote reads earlier days.
    const state = row.projection.state;
    schedule = row.projection.due.schedule;
    const start = accrualStart(state);
    const earliest = options.on && start !== null && start < options.on ? start : options.on;
    model =
      earliest && needsBaseBefore({ current: state }, earliest)
        ? { current: state, base: await loadBase(db, loanId, earliest) }
        : { current: state };
  } else {
    // The latest usable snapshot and the events after it in view: replayLoanAsOf's reads.
    const snapshot = (await latestSnapshots(db, [loanId], asOf, knownAt, false, true)).get(loanId);
    const stream = await readStreams(
      db,
      [loanId],
      snapshot ? { effectiveAfter: snapshot.asOfDate, asOf } : { asOf },
    );
    const tail = eventsInView(stream.get(loanId) ?? [], { asOf, knownAt });
    const start = snapshot ? deserializeState(snapshot.state) : initialEngineState();
    schedule = [...(snapshot?.due?.schedule ?? []), ...scheduleEvents(tail)];
    model = {
      current: foldEvents(tail, start),
      base: { state: start, asOfDate: snapshot?.asOfDate ?? "0000-01-01", tail },
    };
  }
  const state = toLoanState(model.current, asOf, knownAt);
  const due = amountsDue(state, eventsInView(schedule, { asOf, knownAt }), {
    asOf,
    knownAt,
    tolerance,
  });
  if (!options.on) return { due, payoff: null, payoffRefusal: null };
  try {
    return {
      due,
      payoff: payoffQuote(model, { on: options.on, asOf }, knownAt),
      payoffRefusal: null,
    };
  } catch (error) {
    if (error instanceof AppError) return { due, payoff: null, payoffRefusal: error.message };
    throw error;
  }
}
