"use client";
import { BoundSelectField, BoundTextField, EffectiveDateField } from "./bound-fields";
import { CheckboxField } from "./form-field";
import { ServicingForm, type ServicingFormProps } from "./servicing-form";
import { fieldError } from "./use-servicing-form";

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
          <BoundTextField
            state={state}
            name="periods"
            label="Payments to defer"
            inputMode="numeric"
            fallback={"1"}
          />
          <BoundSelectField
            state={state}
            name="interestTreatment"
            label="Interest"
            options={TREATMENTS}
            fallback={"accrue"}
          />
          <EffectiveDateField state={state} today={props.today} />
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
          <EffectiveDateField state={state} today={props.today} label="Charge-off date" />
          <BoundTextField
            state={state}
            name="reason"
            label="Reason"
            required
            placeholder="120+ days delinquent"
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
