"use client";
import type { EventType } from "@/lib/events/event-types";
import { EVENT_TYPE_OPTIONS } from "@/lib/presentation/event-labels";
import styles from "./audit.module.css";

interface EventTypeChoicesProps {
  selected: readonly EventType[];
  onChange(types: EventType[]): void;
}

/** One checkbox per event type; none ticked means every type. */
export function EventTypeChoices({ selected, onChange }: EventTypeChoicesProps) {
  const toggle = (type: EventType, on: boolean) =>
    onChange(
      EVENT_TYPE_OPTIONS.map((o) => o.value).filter((t) =>
        t === type ? on : selected.includes(t),
      ),
    );
  return (
    <fieldset className={styles.group}>
      <legend>Event types {selected.length === 0 ? "(all)" : `(${selected.length} chosen)`}</legend>
      <div className={styles.types}>
        {EVENT_TYPE_OPTIONS.map((option) => (
          <label key={option.value}>
            <input
              type="checkbox"
              name="type"
              value={option.value}
              checked={selected.includes(option.value)}
              onChange={(e) => toggle(option.value, e.target.checked)}
            />
            {option.label}
          </label>
        ))}
      </div>
      <button
        type="button"
        className="link-button"
        onClick={() => onChange([])}
        disabled={selected.length === 0}
      >
        All types
      </button>
    </fieldset>
  );
}
