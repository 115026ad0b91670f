"use client";
import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import { dateEntryProblem, readDateEntry } from "@/lib/presentation/date-entry";

interface DateEntryInputProps {
  id: string;
  /** The date the page shows ("" for none): the field follows it when it changes from outside. */
  value: string;
  /** Called with a complete, real date, once per date: on Enter, on leaving the field, or after a pause. */
  onCommit(date: string): void;
  /** How long a complete date must stand before it is used while the person is still in the field. */
  delayMs?: number;
  /** Ids of other descriptions of the field (a hint), besides its own message. */
  describedBy?: string;
  required?: boolean;
  /** Emptying the field is a choice too (a filter's open end): committed as "". */
  allowEmpty?: boolean;
}

/**
 * A date field that acts only on a complete date. Typing 03/31/2025 passes
 * through 0002-03-31, 0020-03-31 and 0202-03-31; those are never used, and a
 * complete date is used after a short pause (or at once on Enter or on leaving
 * the field), so one typed date is one request. Leaving the field with a day
 * that does not exist says so next to it and keeps what was typed, so it can
 * be corrected.
 *
 * Uncontrolled on purpose: while a date is half typed the field's value is
 * "", and a controlled input would write the shown date back over the typing.
 */
export function DateEntryInput({
  id,
  value,
  onCommit,
  delayMs = 500,
  describedBy,
  required = false,
  allowEmpty = false,
}: DateEntryInputProps) {
  const input = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const committed = useRef(value);
  const [problem, setProblem] = useState<string | null>(null);
  const messageId = `${id}-problem`;

  // A new date from outside (a quick pick, the URL): show it.
  useEffect(() => {
    committed.current = value;
    const field = input.current;
    if (field && field.value !== value) field.value = value;
    setProblem(null);
  }, [value]);

  useEffect(() => () => clearTimeout(timer.current), []);

  const use = (date: string) => {
    clearTimeout(timer.current);
    setProblem(null);
    if (date === committed.current) return;
    committed.current = date;
    onCommit(date);
  };

  /** On Enter or leaving the field: use the date, or say what is wrong with it. */
  const settle = () => {
    clearTimeout(timer.current);
    const field = input.current;
    if (!field) return;
    const entry = readDateEntry(field.value, field.validity.badInput);
    if (entry.kind === "date") use(entry.date);
    else if (entry.kind === "empty" && allowEmpty) use("");
    else if (entry.kind === "empty") {
      // An emptied field goes back to the date the page shows.
      field.value = committed.current;
      setProblem(null);
    } else setProblem(dateEntryProblem(entry, committed.current || null));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== "Enter") return;
    e.preventDefault();
    settle();
  };

  const described = [problem ? messageId : null, describedBy].filter(Boolean).join(" ");
  return (
    <>
      <input
        ref={input}
        id={id}
        type="date"
        defaultValue={value}
        min="1000-01-01"
        max="9999-12-31"
        required={required}
        aria-invalid={problem ? true : undefined}
        aria-describedby={described || undefined}
        onChange={(e) => {
          clearTimeout(timer.current);
          const entry = readDateEntry(e.target.value, e.target.validity.badInput);
          if (entry.kind === "date" || (entry.kind === "empty" && allowEmpty)) {
            const date = entry.kind === "date" ? entry.date : "";
            timer.current = setTimeout(() => use(date), delayMs);
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
