"use client";
import { useId } from "react";
import { asOfQuickPicks } from "@/lib/presentation/as-of-picks";
import { DateEntryInput } from "./date-entry-input";

interface AsOfPickerProps {
  value: string;
  today: string;
  pending?: boolean;
  onChange(date: string): void;
}

/**
 * The as-of date: a labelled date input plus quick picks (today, end of last
 * month, ...). A typed date is used once it is complete (see DateEntryInput),
 * a quick pick at once.
 */
export function AsOfPicker({ value, today, pending = false, onChange }: AsOfPickerProps) {
  const id = useId();
  return (
    <fieldset className="as-of-picker" aria-busy={pending}>
      <legend className="visually-hidden">As of date</legend>
      <label htmlFor={id}>As of date</label>
      <DateEntryInput id={id} value={value} onCommit={onChange} required />
      <fieldset className="quick-picks plain-fieldset" aria-label="Quick picks">
        {asOfQuickPicks(today).map((pick) => (
          <button
            key={pick.label}
            type="button"
            className="chip"
            aria-pressed={pick.date === value}
            title={pick.date}
            onClick={() => onChange(pick.date)}
          >
            {pick.label}
          </button>
        ))}
      </fieldset>
      {pending ? (
        <span className="pending" role="status">
          Replaying…
        </span>
      ) : null}
    </fieldset>
  );
}
