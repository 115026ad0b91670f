"use client";
import { LIMITS } from "@/lib/events/limits";
import { BoundTextField, EffectiveDateField } from "./bound-fields";
import { CheckboxField, TextField } from "./form-field";
import { ServicingForm, type ServicingFormProps } from "./servicing-form";
import { fieldError, kept } from "./use-servicing-form";

const TERM = LIMITS.termMonths;

/** Change the rate and/or the term; the new payment is computed by the service. */
export function ModificationForm(props: ServicingFormProps) {
  return (
    <ServicingForm {...props} title="Modify terms" submitLabel="Modify terms">
      {(state) => (
        <>
          <TextField
            name="ratePercent"
            label="New annual rate (%)"
            inputMode="decimal"
            placeholder="5.25"
            defaultValue={kept(state, "ratePercent")}
            error={fieldError(state, "ratePercent")}
          />
          <BoundTextField
            state={state}
            name="termMonths"
            label="New term (months)"
            inputMode="numeric"
            hint={`The whole term: ${TERM.min} to ${TERM.max} months`}
          />
          <EffectiveDateField state={state} today={props.today} />
          <BoundTextField state={state} name="reason" label="Reason" required />
          <CheckboxField
            name="capitalizeInterest"
            label="Capitalise the interest outstanding"
            defaultChecked={kept(state, "capitalizeInterest") === "on"}
            error={fieldError(state, "capitalizeInterest")}
          />
        </>
      )}
    </ServicingForm>
  );
}
