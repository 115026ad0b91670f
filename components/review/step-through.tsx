"use client";
import { useCallback, useEffect, useMemo, useState } from "react";
import { replaceQuery } from "@/components/loan/use-as-of-view";
import { SnapshotCompare } from "@/components/timeline/snapshot-compare";
import type { LoanEvent } from "@/lib/events/types";
import { eventTypeLabel } from "@/lib/presentation/event-labels";
import { formatTimestamp } from "@/lib/presentation/format";
import { explainStep } from "@/lib/presentation/step-explanation";
import { replay } from "@/lib/replay/replay";
import { StepContext } from "./step-context";
import { StepControls } from "./step-controls";

interface StepThroughProps {
  events: LoanEvent[];
  asOf: string;
  knownAt: string | null;
  /** Start at this event (sequence number) ... */
  at: number | null;
  /** ... or at the first event effective on or after this date. */
  from: string | null;
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName);
}

/**
 * Dispute review: the engine's replay steps, one event at a time, with every
 * figure before and after. The steps are computed once in the browser with the
 * same pure engine the server uses, so stepping is instant; the URL keeps the position.
 */
export function StepThrough({ events, asOf, knownAt, at, from }: StepThroughProps) {
  const steps = useMemo(
    () => replay(events, asOf, { knownAt, steps: true }).steps,
    [events, asOf, knownAt],
  );
  const [skipAccruals, setSkipAccruals] = useState(false);
  const positions = useMemo(
    () => steps.flatMap((s, i) => (skipAccruals && s.eventType === "interest_accrual" ? [] : [i])),
    [steps, skipAccruals],
  );
  const initialSequence = useMemo(() => {
    if (at !== null) return at;
    if (from !== null) return steps.find((s) => s.effectiveDate >= from)?.sequenceNumber ?? null;
    return steps[0]?.sequenceNumber ?? null;
  }, [at, from, steps]);
  const [sequence, setSequence] = useState<number | null>(initialSequence);

  /** Position of the first navigable step at or after a sequence number. */
  const positionOf = useCallback(
    (seq: number | null) => {
      if (seq === null) return 0;
      const found = positions.findIndex((i) => (steps[i]?.sequenceNumber ?? 0) >= seq);
      return found === -1 ? Math.max(0, positions.length - 1) : found;
    },
    [positions, steps],
  );
  const position = positionOf(sequence);
  const step = steps[positions[position] ?? -1];

  const go = useCallback(
    (nextPosition: number) => {
      const clamped = Math.min(Math.max(0, nextPosition), positions.length - 1);
      const next = steps[positions[clamped] ?? -1];
      if (!next) return;
      setSequence(next.sequenceNumber);
      replaceQuery({ at: String(next.sequenceNumber) });
    },
    [positions, steps],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
      const target =
        e.key === "ArrowRight"
          ? position + 1
          : e.key === "ArrowLeft"
            ? position - 1
            : e.key === "Home"
              ? 0
              : e.key === "End"
                ? positions.length - 1
                : null;
      if (target !== null) {
        e.preventDefault();
        go(target);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [go, position, positions.length]);

  if (!step) {
    return <p className="muted">No events are in effect as of {asOf}.</p>;
  }
  return (
    <>
      <StepControls
        index={position}
        count={positions.length}
        skipAccruals={skipAccruals}
        onStep={(delta) => go(position + delta)}
        onEdge={(edge) => go(edge === "first" ? 0 : positions.length - 1)}
        onJumpToDate={(date) =>
          go(positions.findIndex((i) => (steps[i]?.effectiveDate ?? "") >= date))
        }
        onJumpToSequence={(seq) => go(positionOf(seq))}
        onSkipAccruals={setSkipAccruals}
      />
      <div className="review-grid">
        <section className="panel" aria-labelledby="step-heading">
          <h2 id="step-heading">
            Event #{step.sequenceNumber} · {eventTypeLabel(step.eventType)}{" "}
            <span className="muted small">
              ({position + 1} of {positions.length})
            </span>
          </h2>
          <p className="muted small">
            Effective {step.effectiveDate} · recorded {formatTimestamp(step.recordedAt)}
          </p>
          <p className="explanation" aria-live="polite" data-testid="step-explanation">
            {explainStep(step)}
          </p>
          <SnapshotCompare
            before={step.before}
            after={step.after}
            label="Balances before and after"
          />
        </section>
        <aside className="panel">
          <h2>Around this event</h2>
          <StepContext steps={steps} positions={positions} current={position} onGo={go} />
        </aside>
      </div>
    </>
  );
}
