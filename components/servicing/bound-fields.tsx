"use client";
import type { ComponentProps } from "react";
import { SelectField, TextField } from "./form-field";
import { type FormState, fieldError, kept } from "./use-servicing-form";

type Bound<P> = Omit<P, "defaultValue" | "error"> & {
  state: FormState<unknown>;
  /** The value before the form was ever submitted. */
  fallback?: string;
};

/** A text field that keeps its value and shows its error from the form's last result. */
export function BoundTextField({
  state,
  fallback,
  ...props
}: Bound<ComponentProps<typeof TextField>>) {
  return (
    <TextField
      {...props}
      defaultValue={kept(state, props.name, fallback)}
      error={fieldError(state, props.name)}
    />
  );
}

export function BoundSelectField({
  state,
  fallback,
  ...props
}: Bound<ComponentProps<typeof SelectField>>) {
  return (
    <SelectField
      {...props}
      defaultValue={kept(state, props.name, fallback)}
      error={fieldError(state, props.name)}
    />
  );
}

/**
 * The effective date every servicing form asks for: the business date unless
 * changed, and never after it (the service refuses a future date; its message
 * is shown under the field).
 */
export function EffectiveDateField({
  state,
  today,
  label = "Effective date",
}: {
  state: FormState<unknown>;
  /** The business date. */
  today: string;
  label?: string;
}) {
  return (
    <BoundTextField
      state={state}
      name="effectiveDate"
      label={label}
      type="date"
      required
      fallback={today}
      max={today}
    />
  );
}
