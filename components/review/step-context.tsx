import { eventTypeLabel } from "@/lib/presentation/event-labels";
import type { ReplayStep } from "@/lib/replay/replay";

/** The events around the current one, for orientation. */
export function StepContext({
  steps,
  positions,
  current,
  onGo,
}: {
  steps: ReplayStep[];
  positions: number[];
  current: number;
  onGo(position: number): void;
}) {
  const from = Math.max(0, current - 3);
  const to = Math.min(positions.length, current + 4);
  return (
    <ol className="step-context" aria-label="Nearby events">
      {positions.slice(from, to).map((stepIndex, i) => {
        const step = steps[stepIndex];
        if (!step) return null;
        const position = from + i;
        return (
          <li key={step.sequenceNumber} aria-current={position === current ? "step" : undefined}>
            <button type="button" className="link-button" onClick={() => onGo(position)}>
              #{step.sequenceNumber} · {step.effectiveDate} · {eventTypeLabel(step.eventType)}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
