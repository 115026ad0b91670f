"use client";
import { type ReactNode, useId } from "react";

interface FieldShellProps {
  label: string;
  error?: string;
  hint?: string;
  children(props: { id: string; "aria-invalid": boolean; "aria-describedby"?: string }): ReactNode;
}

/** A label, the control, and its error or hint right under it (wired with aria-describedby). */
export function FieldShell({ label, error, hint, children }: FieldShellProps) {
  const id = useId();
  const messageId = `${id}-message`;
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        "aria-invalid": Boolean(error),
        "aria-describedby": error || hint ? messageId : undefined,
      })}
      {error ? (
        <span id={messageId} className="field-error">
          {error}
        </span>
      ) : hint ? (
        <span id={messageId} className="hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

interface TextFieldProps {
  name: string;
  label: string;
  defaultValue: string;
  error?: string;
  hint?: string;
  type?: "text" | "date" | "number";
  inputMode?: "decimal" | "numeric";
  placeholder?: string;
  /** The latest date a date input offers (the business date for effective dates). */
  max?: string;
  required?: boolean;
}

export function TextField({
  name,
  label,
  defaultValue,
  error,
  hint,
  type = "text",
  ...rest
}: TextFieldProps) {
  return (
    <FieldShell label={label} error={error} hint={hint}>
      {(aria) => (
        <input
          {...aria}
          name={name}
          type={type}
          defaultValue={defaultValue}
          inputMode={rest.inputMode}
          placeholder={rest.placeholder}
          max={rest.max}
          aria-required={rest.required}
          autoComplete="off"
        />
      )}
    </FieldShell>
  );
}

interface SelectFieldProps {
  name: string;
  label: string;
  defaultValue: string;
  error?: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  placeholder?: string;
}

export function SelectField({
  name,
  label,
  defaultValue,
  error,
  options,
  placeholder,
}: SelectFieldProps) {
  return (
    <FieldShell label={label} error={error}>
      {(aria) => (
        <select {...aria} name={name} defaultValue={defaultValue}>
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

export function CheckboxField({
  name,
  label,
  defaultChecked,
  error,
}: {
  name: string;
  label: string;
  defaultChecked: boolean;
  error?: string;
}) {
  const id = useId();
  return (
    <div className={`field checkbox${error ? " has-error" : ""}`}>
      <input
        id={id}
        type="checkbox"
        name={name}
        defaultChecked={defaultChecked}
        aria-invalid={Boolean(error)}
      />
      <label htmlFor={id}>{label}</label>
      {error ? <span className="field-error">{error}</span> : null}
    </div>
  );
}
