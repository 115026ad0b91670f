"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import type { Action } from "@/app/_lib/action-result";
import { replaceQuery } from "@/components/loan/use-as-of-view";
import { StandingCompare } from "@/components/timeline/standing-compare";
import { Notices } from "@/components/ui/notices";
import { stepMarkLabels } from "@/lib/presentation/corrections";
import { eventTypeLabel } from "@/lib/presentation/event-labels";
import { formatTimestamp } from "@/lib/presentation/format";
import type { ReviewStep, ReviewStepRequest, ReviewTarget } from "@/lib/presentation/review-step";
import { SKIP_ACCRUALS_QUERY } from "@/lib/presentation/share-link";
import { StepContext } from "./step-context";
import { StepControls } from "./step-controls";
import marksStyles from "./step-marks.module.css";

interface StepThroughProps {
  loanNumber: string;
  asOf: string;
  knownAt: string | null;
  /** The step the URL asks for (at= or from=), replayed on the server with the page. */
  initial: ReviewStep | null;
  /** "Skip daily interest accruals" as the URL has it (skipAccruals=1). */
  initialSkipAccruals?: boolean;
  loadStep: Action<ReviewStepRequest, ReviewStep | null>;
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName);
}

/**
 * Dispute review: the engine's replay steps, one event at a time, with every
 * figure before and after. Each step is replayed on the server (from the
 * nearest snapshot, never the whole history in the browser); keys pressed
 * while a step is on its way add up, so ← → can be held. The URL keeps the
 * position and "skip accruals".
 */
export function StepThrough({
  loanNumber,
  asOf,
  knownAt,
  initial,
  initialSkipAccruals = false,
  loadStep,
}: StepThroughProps) {
  const [view, setView] = useState<ReviewStep | null>(initial);
  const [skipAccruals, setSkipAccruals] = useState(initialSkipAccruals);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Moves asked for while a step was loading, made from the step it brings. */
  const queued = useRef(0);
  const inFlight = useRef(false);
  const ticket = useRef(0);

  const request = useCallback(
    async (target: ReviewTarget, skip: boolean) => {
      const mine = ++ticket.current;
      inFlight.current = true;
      setPending(true);
      let next = target;
      for (;;) {
        const result = await loadStep({ loanNumber, asOf, knownAt, skipAccruals: skip, ...next });
        if (mine !== ticket.current) return;
        if (!result.ok) {
          setError(result.error);
          break;
        }
        setError(null);
        setView(result.data);
        if (result.data) replaceQuery({ at: String(result.data.step.sequenceNumber) });
        const more = queued.current;
        queued.current = 0;
        if (more === 0 || !result.data) break;
        next = { at: result.data.step.sequenceNumber, by: more };
      }
      inFlight.current = false;
      setPending(false);
    },
    [asOf, knownAt, loadStep, loanNumber],
  );

  /** One or more events forward (positive) or back, from where the reader is or is going. */
  const move = useCallback(
    (by: number) => {
      if (!view) return;
      if (inFlight.current) {
        queued.current += by;
        return;
      }
      void request({ at: view.step.sequenceNumber, by }, skipAccruals);
    },
    [request, skipAccruals, view],
  );
  const go = useCallback(
    (target: ReviewTarget) => {
      queued.current = 0;
      void request(target, skipAccruals);
    },
    [request, skipAccruals],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === "ArrowRight") move(1);
      else if (e.key === "ArrowLeft") move(-1);
      else if (e.key === "Home") go({ edge: "first" });
      else if (e.key === "End") go({ edge: "last" });
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [go, move]);

  if (!view) {
    return (
      <>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        <p className="muted">No events are in effect as of {asOf}.</p>
      </>
    );
  }
  const { step, position, count } = view;
  return (
    <>
      <StepControls
        index={position}
        count={count}
        skipAccruals={skipAccruals}
        onStep={move}
        onEdge={(edge) => go({ edge })}
        onJumpToDate={(date) => go({ date })}
        onJumpToSequence={(seq) => go({ at: seq })}
        onSkipAccruals={(skip) => {
          setSkipAccruals(skip);
          replaceQuery({ [SKIP_ACCRUALS_QUERY]: skip ? "1" : null });
          queued.current = 0;
          void request({ at: step.sequenceNumber }, skip);
        }}
      />
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <Notices messages={view.notice ? [view.notice] : []} testId="step-notice" />
      <div className="review-grid">
        <section className="panel" aria-labelledby="step-heading" aria-busy={pending}>
          <h2 id="step-heading">
            Event #{step.sequenceNumber} · {eventTypeLabel(step.eventType)}{" "}
            <span className="muted small">
              ({position + 1} of {count})
            </span>
          </h2>
          <p className="muted small">
            Effective {step.effectiveDate} · recorded {formatTimestamp(step.recordedAt)}
          </p>
          <StepMarkBadges labels={view.marks ? stepMarkLabels(view.marks) : []} />
          <p className="explanation" aria-live="polite" data-testid="step-explanation">
            {view.explanation}
          </p>
          <StandingCompare
            before={step.before}
            after={step.after}
            label="Balances before and after"
          />
        </section>
        <aside className="panel">
          <h2>Around this event</h2>
          <StepContext
            around={view.around}
            current={step.sequenceNumber}
            onGo={(seq) => go({ at: seq })}
          />
        </aside>
      </div>
    </>
  );
}

/** Backdated, restating, re-applied, reversed: what the reviewer should know about this event. */
function StepMarkBadges({ labels }: { labels: string[] }) {
  if (labels.length === 0) return null;
  return (
    <ul
      className={`plain-list ${marksStyles.marks}`}
      aria-label="About this event"
      data-testid="step-marks"
    >
      {labels.map((label) => (
        <li
          key={label}
          className={`badge ${label === "Backdated" ? "backdated" : marksStyles.restating}`}
        >
          {label}
        </li>
      ))}
    </ul>
  );
}
