import { eventTypeLabel } from "@/lib/presentation/event-labels";
import type { VisitedEvent } from "@/lib/presentation/review-step";

/** The events around the current one, for orientation. */
export function StepContext({
  around,
  current,
  onGo,
}: {
  around: readonly VisitedEvent[];
  current: number;
  onGo(sequenceNumber: number): void;
}) {
  return (
    <ol className="step-context" aria-label="Nearby events">
      {around.map((e) => (
        <li key={e.sequenceNumber} aria-current={e.sequenceNumber === current ? "step" : undefined}>
          <button type="button" className="link-button" onClick={() => onGo(e.sequenceNumber)}>
            #{e.sequenceNumber} · {e.effectiveDate} · {eventTypeLabel(e.eventType)}
          </button>
        </li>
      ))}
    </ol>
  );
}
