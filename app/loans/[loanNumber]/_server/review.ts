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
  readStepBase,
  resolveStep,
  type StepTarget,
  stepPlace,
} from "@/db/event-store/timeline";
import { replayStep } from "@/lib/presentation/replay-step";
import type { ReviewStep } from "@/lib/presentation/review-step";
import { explainStep } from "@/lib/presentation/step-explanation";
import { requireLoan } from "./loan";
import type { ReviewStepInput } from "./read-schemas";

export type ReviewStepView = ReviewStep;

/** The step `target` lands on, or null when no event is in effect. */
export async function reviewStep(
  db: Database,
  loanId: number,
  nav: Navigation,
  target: StepTarget,
): Promise<ReviewStepView | null> {
  const sequence = await resolveStep(db, loanId, nav, target);
  if (sequence === null) return null;
  const [base, place] = await Promise.all([
    readStepBase(db, loanId, sequence, nav),
    stepPlace(db, loanId, nav, sequence),
  ]);
  if (!base.target) return null;
  const { step } = replayStep({
    start: base.state,
    tail: base.tail,
    target: base.target,
    previous: base.previous,
  });
  return {
    step,
    explanation: explainStep(step),
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
