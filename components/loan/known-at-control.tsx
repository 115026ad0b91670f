"use client";
import { useId } from "react";
import { InstantEntryInput } from "@/components/ui/instant-entry-input";

interface KnownAtControlProps {
  asOf: string;
  knownAt: string | null;
  onChange(knownAt: string | null): void;
}

/**
 * Optional "as known at" instant: the figures as the system knew them then.
 * A typed instant is replayed once it is complete (InstantEntryInput), never
 * on each keystroke; ticking the box replays at once (the end of the as-of day).
 */
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
          <InstantEntryInput id={inputId} value={knownAt} onCommit={onChange} />
          <span className="muted small">UTC</span>
        </>
      ) : null}
    </div>
  );
}
