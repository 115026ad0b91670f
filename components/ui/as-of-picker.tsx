"use client";
import { useId } from "react";
import { asOfQuickPicks } from "@/lib/presentation/as-of-picks";

interface AsOfPickerProps {
  value: string;
  today: string;
  pending?: boolean;
  onChange(date: string): void;
}

/** The as-of date: a labelled date input plus quick picks (today, end of last month, ...). */
export function AsOfPicker({ value, today, pending = false, onChange }: AsOfPickerProps) {
  const id = useId();
  return (
    <fieldset className="as-of-picker" aria-busy={pending}>
      <legend className="visually-hidden">As of date</legend>
      <label htmlFor={id}>As of date</label>
      <input
        id={id}
        type="date"
        value={value}
        max="9999-12-31"
        required
        onChange={(e) => {
          if (e.target.value) onChange(e.target.value);
        }}
      />
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
