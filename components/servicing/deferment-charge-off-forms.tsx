"use client";
import { CheckboxField, SelectField, TextField } from "./form-field";
import { ServicingForm, type ServicingFormProps } from "./servicing-form";
import { fieldError, kept } from "./use-servicing-form";

const TREATMENTS = [
  { value: "accrue", label: "Keeps accruing" },
  { value: "capitalize", label: "Capitalise outstanding interest" },
  { value: "waive", label: "Waived during the deferment" },
];

export function DefermentForm(props: ServicingFormProps) {
  return (
    <ServicingForm {...props} title="Defer payments" submitLabel="Defer payments">
      {(state) => (
        <>
          <TextField
            name="periods"
            label="Payments to defer"
            inputMode="numeric"
            defaultValue={kept(state, "periods", "1")}
            error={fieldError(state, "periods")}
          />
          <SelectField
            name="interestTreatment"
            label="Interest"
            options={TREATMENTS}
            defaultValue={kept(state, "interestTreatment", "accrue")}
            error={fieldError(state, "interestTreatment")}
          />
          <TextField
            name="effectiveDate"
            label="Effective date"
            type="date"
            required
            defaultValue={kept(state, "effectiveDate", props.today)}
            error={fieldError(state, "effectiveDate")}
          />
        </>
      )}
    </ServicingForm>
  );
}

export function ChargeOffForm(props: ServicingFormProps) {
  return (
    <ServicingForm {...props} title="Charge off" submitLabel="Charge off loan">
      {(state) => (
        <>
          <TextField
            name="effectiveDate"
            label="Charge-off date"
            type="date"
            required
            defaultValue={kept(state, "effectiveDate", props.today)}
            error={fieldError(state, "effectiveDate")}
          />
          <TextField
            name="reason"
            label="Reason"
            required
            placeholder="120+ days delinquent"
            defaultValue={kept(state, "reason")}
            error={fieldError(state, "reason")}
          />
          <CheckboxField
            name="confirm"
            label="Write off everything outstanding on this date"
            defaultChecked={false}
            error={fieldError(state, "confirm")}
          />
        </>
      )}
    </ServicingForm>
  );
}
