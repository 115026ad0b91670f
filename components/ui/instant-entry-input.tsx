"use client";
import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import {
  instantEntryProblem,
  instantToField,
  readInstantEntry,
} from "@/lib/presentation/instant-entry";

/** An instant as the field can show it (to the second): a link's milliseconds are not a change. */
function toSecond(iso: string): string {
  const entry = readInstantEntry(instantToField(iso));
  return entry.kind === "instant" ? entry.iso : iso;
}

interface InstantEntryInputProps {
  id: string;
  /** The instant the page shows (ISO, UTC): the field follows it when it changes from outside. */
  value: string;
  /** Called with a complete, real instant (ISO, UTC), once per instant: on Enter, on leaving the field, or after a pause. */
  onCommit(iso: string): void;
  /** How long a complete instant must stand before it is used while the person is still in the field. */
  delayMs?: number;
}

/**
 * A UTC date-and-time field that acts only on a complete instant, as
 * DateEntryInput does for dates: the years 0002, 0020 and 0202 a typed year
 * passes through are never replayed, a complete instant is used after a
 * short pause (or at once on Enter or on leaving the field), and leaving it
 * with a day that does not exist says so beside it and keeps what was typed.
 * Uncontrolled for the same reason: a half-typed value reads "".
 */
export function InstantEntryInput({ id, value, onCommit, delayMs = 700 }: InstantEntryInputProps) {
  const input = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const committed = useRef(value);
  const [problem, setProblem] = useState<string | null>(null);
  const messageId = `${id}-problem`;

  useEffect(() => {
    committed.current = value;
    const field = input.current;
    if (field) {
      const shown = readInstantEntry(field.value);
      // Leave "…T23:59" alone when it is the same instant as "…T23:59:00Z".
      if (!(shown.kind === "instant" && shown.iso === toSecond(value))) {
        field.value = instantToField(value);
      }
    }
    setProblem(null);
  }, [value]);

  useEffect(() => () => clearTimeout(timer.current), []);

  const use = (iso: string) => {
    clearTimeout(timer.current);
    setProblem(null);
    if (iso === toSecond(committed.current)) return;
    committed.current = iso;
    onCommit(iso);
  };

  const settle = () => {
    clearTimeout(timer.current);
    const field = input.current;
    if (!field) return;
    const entry = readInstantEntry(field.value, field.validity.badInput);
    if (entry.kind === "instant") use(entry.iso);
    else if (entry.kind === "empty") {
      field.value = instantToField(committed.current);
      setProblem(null);
    } else setProblem(instantEntryProblem(entry, committed.current || null));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== "Enter") return;
    e.preventDefault();
    settle();
  };

  return (
    <>
      <input
        ref={input}
        id={id}
        type="datetime-local"
        step={1}
        defaultValue={instantToField(value)}
        min="1000-01-01T00:00"
        max="9999-12-31T23:59:59"
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? messageId : undefined}
        onChange={(e) => {
          clearTimeout(timer.current);
          const entry = readInstantEntry(e.target.value, e.target.validity.badInput);
          if (entry.kind === "instant") {
            const iso = entry.iso;
            timer.current = setTimeout(() => use(iso), delayMs);
          }
        }}
        onBlur={settle}
        onKeyDown={onKeyDown}
      />
      {problem ? (
        <span id={messageId} className="field-error" role="alert">
          {problem}
        </span>
      ) : null}
    </>
  );
}
