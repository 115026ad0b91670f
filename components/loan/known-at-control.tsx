"use client";
import { useId } from "react";

interface KnownAtControlProps {
  asOf: string;
  knownAt: string | null;
  onChange(knownAt: string | null): void;
}

/** "2025-03-04T23:59:59Z" <-> the datetime-local value "2025-03-04T23:59:59" (UTC). */
function toInput(iso: string): string {
  return iso.replace(/Z$/, "").slice(0, 19);
}
function fromInput(value: string): string {
  return `${value.length === 16 ? `${value}:00` : value.slice(0, 19)}Z`;
}

/** Optional "as known at" instant: the figures as the system knew them then. */
export function KnownAtControl({ asOf, knownAt, onChange }: KnownAtControlProps) {
  const toggleId = useId();
  const inputId = useId();
  return (
    <div className="known-at">
      <input
        id={toggleId}
        type="checkbox"
        checked={knownAt !== null}
        onChange={(e) => onChange(e.target.checked ? `${asOf}T23:59:59Z` : null)}
      />
      <label htmlFor={toggleId}>As known at</label>
      {knownAt !== null ? (
        <>
          <label htmlFor={inputId} className="visually-hidden">
            Known at (UTC)
          </label>
          <input
            id={inputId}
            type="datetime-local"
            step={1}
            value={toInput(knownAt)}
            onChange={(e) => {
              if (e.target.value) onChange(fromInput(e.target.value));
            }}
          />
          <span className="muted small">UTC</span>
        </>
      ) : null}
    </div>
  );
}
