"use client";
import { CheckboxField, TextField } from "./form-field";
import { ServicingForm, type ServicingFormProps } from "./servicing-form";
import { fieldError, kept } from "./use-servicing-form";

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
            error={fieldError(state, "ratePercent") ?? fieldError(state, "annualRate")}
          />
          <TextField
            name="termMonths"
            label="New term (months)"
            inputMode="numeric"
            defaultValue={kept(state, "termMonths")}
            error={fieldError(state, "termMonths")}
          />
          <TextField
            name="effectiveDate"
            label="Effective date"
            type="date"
            required
            defaultValue={kept(state, "effectiveDate", props.today)}
            error={fieldError(state, "effectiveDate")}
          />
          <TextField
            name="reason"
            label="Reason"
            required
            defaultValue={kept(state, "reason")}
            error={fieldError(state, "reason")}
          />
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
