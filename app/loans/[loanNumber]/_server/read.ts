/**
 * The loan page's reads, as functions of a database (the server actions bind
 * the app's database; tests pass their own). None reads a loan's whole
 * history: balances come from the snapshot path (replayLoanAsOf), an event's
 * before/after from the nearest snapshot below it, the "as known at"
 * comparison from the events recorded after the instant.
 */

import type { Database } from "@/db/client";
import {
  lastEffectiveDate,
  readDescribedEvent,
  readRecordedAfter,
  readStepBase,
} from "@/db/event-store/timeline";
import { replayLoanAsOf } from "@/db/services/snapshots";
import { AppError } from "@/lib/app-error";
import { type AsOfView, asOfViewFromState, toSnapshotOnly } from "@/lib/presentation/as-of-view";
import { factsFor, type ReversalFacts } from "@/lib/presentation/corrections";
import {
  detailDate,
  type EventDetail,
  eventDetailFromStep,
  knownAtInstant,
} from "@/lib/presentation/event-detail";
import {
  type CorrectionStage,
  correctionsAmong,
  knowledgeFromRecorded,
  MAX_CORRECTION_STAGES,
} from "@/lib/presentation/knowledge";
import { replayStep } from "@/lib/presentation/replay-step";
import { describeEvent } from "@/lib/presentation/timeline";
import { concernsReversals, loadReversalFacts } from "./corrections";
import { requireLoan } from "./loan";
import type { AsOfInput, EventDetailInput } from "./schemas";

/**
 * Balances as of a date from the loan's latest usable snapshot plus the
 * events after it. With "as known at", the same for the instant and for now,
 * and the events effective by the date but recorded after the instant (a page
 * of them; accruals summed in SQL) to explain the difference.
 */
export async function asOfViewOf(
  db: Database,
  loanId: number,
  asOf: string,
  knownAt: string | null,
): Promise<AsOfView> {
  if (!knownAt) {
    const [state, last] = await Promise.all([
      replayLoanAsOf(db, loanId, asOf),
      lastEffectiveDate(db, loanId, asOf),
    ]);
    return asOfViewFromState(state, last);
  }
  const [then, now, last, recorded] = await Promise.all([
    replayLoanAsOf(db, loanId, asOf, { knownAt }),
    replayLoanAsOf(db, loanId, asOf),
    lastEffectiveDate(db, loanId, asOf, knownAt),
    readRecordedAfter(db, loanId, asOf, knownAt),
  ]);
  // Each correction recorded since: the figures as known just after it (one
  // snapshot-path replay each, a few at most), to name what changed each figure.
  const corrections = correctionsAmong(recorded.events).slice(-MAX_CORRECTION_STAGES);
  const stages: CorrectionStage[] = await Promise.all(
    corrections.map(async (c) => ({
      ...c,
      snapshot: toSnapshotOnly(await replayLoanAsOf(db, loanId, asOf, { knownAt: c.recordedAt })),
    })),
  );
  return {
    ...asOfViewFromState(then, last),
    knowledge: knowledgeFromRecorded(
      knownAt,
      toSnapshotOnly(then),
      toSnapshotOnly(now),
      recorded,
      stages,
    ),
  };
}

export async function loadAsOfView(db: Database, input: AsOfInput): Promise<AsOfView> {
  const loan = await requireLoan(db, input.loanNumber);
  return asOfViewOf(db, loan.id, input.asOf, input.knownAt ?? null);
}

/**
 * One event in full with the state just before and after it, replayed on
 * the later of `asOf` and its own date: the nearest snapshot below it plus
 * the applied events in between (readStepBase), never the whole history.
 */
export async function eventDetailOf(
  db: Database,
  loanId: number,
  sequenceNumber: number,
  asOf: string,
  knownAt: string | null,
  reversals?: Promise<ReversalFacts>,
): Promise<EventDetail | null> {
  const described = await readDescribedEvent(db, loanId, sequenceNumber);
  if (!described) return null;
  const target = described.event;
  // Only a reversible event or a reversal needs the loan's reversals (its projection).
  const facts = concernsReversals(target.eventType)
    ? factsFor(target, await (reversals ?? loadReversalFacts(db, loanId)))
    : {};
  const event = describeEvent(target, { ...described, ...facts });
  const replayedAsOf = detailDate(target.effectiveDate, asOf);
  const eventData = target.eventData as Record<string, unknown>;
  if (!knownAtInstant(target, knownAt)) {
    return eventDetailFromStep(event, eventData, replayedAsOf, knownAt, null, facts);
  }
  const base = await readStepBase(db, loanId, sequenceNumber, { asOf: replayedAsOf, knownAt });
  const computed = replayStep({
    start: base.state,
    tail: base.tail,
    target,
    previous: base.previous,
  });
  return eventDetailFromStep(event, eventData, replayedAsOf, knownAt, computed, facts);
}

export async function loadEventDetail(db: Database, input: EventDetailInput): Promise<EventDetail> {
  const loan = await requireLoan(db, input.loanNumber);
  const detail = await eventDetailOf(
    db,
    loan.id,
    input.sequenceNumber,
    input.asOf,
    input.knownAt ?? null,
  );
  if (!detail) {
    throw new AppError(
      "not_found",
      `Loan ${input.loanNumber} has no event #${input.sequenceNumber}.`,
    );
  }
  return detail;
}
