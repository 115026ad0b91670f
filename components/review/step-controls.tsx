"use client";
import { useId } from "react";
import { DateEntryInput } from "@/components/ui/date-entry-input";

interface StepControlsProps {
  index: number;
  count: number;
  skipAccruals: boolean;
  onStep(delta: number): void;
  onEdge(edge: "first" | "last"): void;
  onJumpToDate(date: string): void;
  onJumpToSequence(sequence: number): void;
  onSkipAccruals(skip: boolean): void;
}

/** Back/forward one event (buttons; ← → keys), jump to a date or an event number. */
export function StepControls(props: StepControlsProps) {
  const { index, count, skipAccruals } = props;
  const dateId = useId();
  const seqId = useId();
  const skipId = useId();
  return (
    <div className="toolbar step-controls">
      <fieldset className="button-row plain-fieldset" aria-label="Step through events">
        <button type="button" onClick={() => props.onEdge("first")} disabled={index <= 0}>
          ⇤ First
        </button>
        <button
          type="button"
          onClick={() => props.onStep(-1)}
          disabled={index <= 0}
          aria-keyshortcuts="ArrowLeft"
        >
          ← Previous event
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => props.onStep(1)}
          disabled={index >= count - 1}
          aria-keyshortcuts="ArrowRight"
        >
          Next event →
        </button>
        <button type="button" onClick={() => props.onEdge("last")} disabled={index >= count - 1}>
          Last ⇥
        </button>
      </fieldset>
      <div className="field">
        <label htmlFor={dateId}>Jump to date</label>
        <DateEntryInput id={dateId} value="" onCommit={props.onJumpToDate} />
      </div>
      <form
        className="field inline"
        onSubmit={(e) => {
          e.preventDefault();
          const value = Number(new FormData(e.currentTarget).get("sequence"));
          if (Number.isInteger(value) && value > 0) props.onJumpToSequence(value);
        }}
      >
        <label htmlFor={seqId}>Jump to event #</label>
        <input id={seqId} name="sequence" type="number" min={1} inputMode="numeric" />
        <button type="submit">Go</button>
      </form>
      <div className="field checkbox">
        <input
          id={skipId}
          type="checkbox"
          checked={skipAccruals}
          onChange={(e) => props.onSkipAccruals(e.target.checked)}
        />
        <label htmlFor={skipId}>Skip daily interest accruals</label>
      </div>
      <span className="muted small">Keys: ← → step, Home / End</span>
    </div>
  );
}
