"use client";
import { LIMITS } from "@/lib/events/limits";
import { BoundSelectField, BoundTextField, EffectiveDateField } from "./bound-fields";
import { INTEREST_TREATMENT_CHOICES } from "./choices";
import { CheckboxField } from "./form-field";
import { ServicingForm, type ServicingFormProps } from "./servicing-form";
import { fieldError } from "./use-servicing-form";

const PERIODS = LIMITS.defermentPeriods;

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
            hint={`${PERIODS.min} to ${PERIODS.max} payments`}
            fallback={"1"}
          />
          <BoundSelectField
            state={state}
            name="interestTreatment"
            label="Interest"
            options={INTEREST_TREATMENT_CHOICES}
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
