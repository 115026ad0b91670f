"use client";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { Loading } from "@/components/ui/spinner";
import type { EventDetail } from "@/lib/presentation/event-detail";
import { eventTypeLabel } from "@/lib/presentation/event-labels";
import { formatTimestamp } from "@/lib/presentation/format";
import { StandingCompare } from "./standing-compare";

export type DetailState =
  | { status: "idle" }
  | { status: "loading"; sequenceNumber: number }
  | { status: "error"; sequenceNumber: number; message: string }
  | { status: "ready"; detail: EventDetail };

interface EventDetailPanelProps {
  state: DetailState;
  loanNumber: string;
  asOf: string;
  onClose(): void;
  /** Show the link to the dispute step-through (reviewers and above). */
  canReview?: boolean;
}

/** The selected event in full: payload, and the state before and after it. */
export function EventDetailPanel({
  state,
  loanNumber,
  asOf,
  onClose,
  canReview = false,
}: EventDetailPanelProps) {
  const open = state.status !== "idle";
  const sequence = state.status === "ready" ? state.detail.event.sequenceNumber : null;
  const sectionRef = useRef<HTMLElement>(null);
  const latest = useRef({ onClose, sequence });
  latest.current = { onClose, sequence };

  // Escape closes the detail while the reader is in it, on the timeline or nowhere in
  // particular (a form's or a dialog's own Escape is left alone); the keyboard goes
  // back to the event's row in the timeline.
  useEffect(() => {
    if (!open) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented) return;
      if (document.querySelector("dialog[open]")) return;
      const target = e.target instanceof Element ? e.target : null;
      const inPanel = target !== null && sectionRef.current?.contains(target) === true;
      const onTimeline = target?.closest("[data-timeline]") != null;
      if (!inPanel && !onTimeline && target !== document.body) return;
      e.preventDefault();
      const { onClose: close, sequence: n } = latest.current;
      close();
      if (inPanel && n !== null) {
        document.querySelector<HTMLElement>(`tr[data-sequence="${n}"] .row-open`)?.focus();
      }
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [open]);

  if (state.status === "idle") return null;
  return (
    <section ref={sectionRef} className="panel event-detail" aria-labelledby="event-detail-heading">
      <div className="panel-title">
        <h2 id="event-detail-heading">
          {state.status === "ready"
            ? `Event #${state.detail.event.sequenceNumber} · ${eventTypeLabel(state.detail.event.eventType)}`
            : `Event #${state.sequenceNumber}`}
        </h2>
        <button type="button" className="link-button" aria-keyshortcuts="Escape" onClick={onClose}>
          Close
        </button>
      </div>
      {state.status === "loading" ? <Loading label="Replaying the event…" /> : null}
      {state.status === "error" ? (
        <p className="error" role="alert">
          {state.message}
        </p>
      ) : null}
      {state.status === "ready" ? (
        <EventDetailBody
          detail={state.detail}
          loanNumber={loanNumber}
          asOf={asOf}
          canReview={canReview}
        />
      ) : null}
    </section>
  );
}

function EventDetailBody({
  detail,
  loanNumber,
  asOf,
  canReview,
}: {
  detail: EventDetail;
  loanNumber: string;
  asOf: string;
  canReview: boolean;
}) {
  const e = detail.event;
  return (
    <>
      <dl className="meta">
        <div>
          <dt>Effective</dt>
          <dd>{e.effectiveDate}</dd>
        </div>
        <div>
          <dt>Recorded at</dt>
          <dd>{formatTimestamp(e.recordedAt)}</dd>
        </div>
        <div>
          <dt>Recorded by</dt>
          <dd>{e.recordedBy ?? "—"}</dd>
        </div>
        {e.backdated ? (
          <div>
            <dt>Note</dt>
            <dd>
              <span className="badge backdated">Backdated</span>
            </dd>
          </div>
        ) : null}
        {e.reversedBy ? (
          <div>
            <dt>Reversed</dt>
            <dd data-testid="detail-reversed-by">By event #{e.reversedBy}</dd>
          </div>
        ) : null}
        {e.reapplies ? (
          <div>
            <dt>Re-applies</dt>
            <dd>Payment #{e.reapplies} (reversed and posted again with its new allocation)</dd>
          </div>
        ) : null}
        {e.restatement ? (
          <div>
            <dt>Correction</dt>
            <dd data-testid="detail-restatement">
              {e.restatement.cause === e.sequenceNumber
                ? "The correcting event of a restatement"
                : `Part of the restatement caused by event #${e.restatement.cause}`}
            </dd>
          </div>
        ) : null}
      </dl>
      {detail.step ? (
        <>
          <p className="explanation">{detail.step.explanation}</p>
          <p className="muted small">
            Replayed as of {detail.replayedAsOf}
            {detail.replayedAsOf !== asOf
              ? " (the event's own date; it is after the page's as-of date)"
              : ""}
            {detail.knownAt ? `, as known at ${formatTimestamp(detail.knownAt)}` : ""}.
          </p>
          <StandingCompare before={detail.step.before} after={detail.step.after} />
          {detail.step.warnings.map((w) => (
            <p key={w.message} className="error">
              Warning: {w.message}
            </p>
          ))}
        </>
      ) : (
        <p className="muted">
          This event was recorded after {formatTimestamp(detail.knownAt)}, so the system did not
          know it then.
        </p>
      )}
      <h3>Payload</h3>
      <figure className="payload-figure" aria-label="Event payload">
        <pre className="payload">{JSON.stringify(detail.eventData, null, 2)}</pre>
      </figure>
      {canReview ? (
        <p>
          <Link
            href={`/loans/${loanNumber}/review?at=${e.sequenceNumber}&asOf=${detail.replayedAsOf}`}
          >
            Step through from this event
          </Link>
        </p>
      ) : null}
    </>
  );
}
