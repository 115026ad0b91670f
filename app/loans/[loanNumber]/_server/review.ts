/**
 * The dispute step-through, stepped on the server: each request names where
 * to go (an event, a move from one, an edge, a date) and gets that step of
 * the engine's replay with every figure before and after, its place among
 * the visited events and its neighbours. The state before the step is the
 * nearest snapshot below it plus the applied events in between, so a step
 * costs the same whatever the history's length (db/event-store/timeline.ts).
 */
import type { Database } from "@/db/client";
import {
  type Navigation,
  readDescribedEvent,
  readStepBase,
  resolveStep,
  type StepTarget,
  stepPlace,
} from "@/db/event-store/timeline";
import { replayStep } from "@/lib/presentation/replay-step";
import type { ReviewStep } from "@/lib/presentation/review-step";
import { explainStep } from "@/lib/presentation/step-explanation";
import { lateDateNotice, missedEventNotice } from "@/lib/presentation/step-landing";
import { stepMarksOf } from "./corrections";
import { requireLoan } from "./loan";
import type { ReviewStepInput } from "./read-schemas";

export type ReviewStepView = ReviewStep;

/**
 * Where `target` lands, and what to tell the reader when it is not what was
 * asked for. A date after every visited event lands on the last one (the
 * store's date target falls back to the first). An event asked for by number
 * that is not visited (recorded after "as known at", effective after the
 * as-of date, a skipped accrual, or none) lands on the next visited one, and
 * the notice says why. Work: the store's index lookups, plus one event read
 * only when the landing differs.
 */
async function land(
  db: Database,
  loanId: number,
  nav: Navigation,
  target: StepTarget,
): Promise<{ sequence: number | null; notice?: string }> {
  const sequence = await resolveStep(db, loanId, nav, target);
  if (sequence === null) return { sequence };
  if ("date" in target) {
    const landed = await readDescribedEvent(db, loanId, sequence);
    if (!landed || landed.event.effectiveDate >= target.date) return { sequence };
    const last = await resolveStep(db, loanId, nav, { edge: "last" });
    const lastEvent = last === null ? null : await readDescribedEvent(db, loanId, last);
    if (last === null || !lastEvent) return { sequence };
    return { sequence: last, notice: lateDateNotice(target.date, lastEvent.event) };
  }
  if ("at" in target && !target.by && sequence !== target.at) {
    const asked = await readDescribedEvent(db, loanId, target.at);
    const event = asked
      ? {
          sequenceNumber: asked.event.sequenceNumber,
          eventType: asked.event.eventType,
          effectiveDate: asked.event.effectiveDate,
          recordedAt: asked.event.recordedAt ?? "",
        }
      : null;
    const notice = missedEventNotice({ requested: target.at, event, landed: sequence, nav });
    return notice ? { sequence, notice } : { sequence };
  }
  return { sequence };
}

/** The step `target` lands on, or null when no event is in effect. */
export async function reviewStep(
  db: Database,
  loanId: number,
  nav: Navigation,
  target: StepTarget,
): Promise<ReviewStepView | null> {
  const { sequence, notice } = await land(db, loanId, nav, target);
  if (sequence === null) return null;
  const [base, place] = await Promise.all([
    readStepBase(db, loanId, sequence, nav),
    stepPlace(db, loanId, nav, sequence),
  ]);
  if (!base.target) return null;
  const { marks, facts } = await stepMarksOf(db, loanId, base.target);
  const { step } = replayStep({
    start: base.state,
    tail: base.tail,
    target: base.target,
    previous: base.previous,
  });
  return {
    step,
    explanation: explainStep(step, facts),
    position: place.position,
    count: place.count,
    around: [
      ...place.before,
      {
        sequenceNumber: step.sequenceNumber,
        eventType: step.eventType,
        effectiveDate: step.effectiveDate,
      },
      ...place.after,
    ],
    skipAccruals: nav.skipAccruals,
    marks,
    ...(notice ? { notice } : {}),
  };
}

/** Where a request asks to go: an edge, a date, or an event (moved `by`). */
export function stepTargetOf(input: {
  at?: number;
  by?: number;
  date?: string;
  edge?: "first" | "last";
}): StepTarget {
  if (input.edge) return { edge: input.edge };
  if (input.date) return { date: input.date };
  if (input.at !== undefined) return { at: input.at, by: input.by };
  return { edge: "first" };
}

export async function loadReviewStep(
  db: Database,
  input: ReviewStepInput,
): Promise<ReviewStepView | null> {
  const loan = await requireLoan(db, input.loanNumber);
  return reviewStep(
    db,
    loan.id,
    { asOf: input.asOf, knownAt: input.knownAt ?? null, skipAccruals: input.skipAccruals },
    stepTargetOf(input),
  );
}
