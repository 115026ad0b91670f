"use client";
import { LIMITS } from "@/lib/events/limits";
import { BoundSelectField, BoundTextField, EffectiveDateField } from "./bound-fields";
import { FORBEARANCE_END_CHOICES, FORBEARANCE_TYPE_CHOICES } from "./choices";
import { ServicingForm, type ServicingFormProps } from "./servicing-form";

const EXTEND = LIMITS.extendedMonths;

export function ForbearanceStartForm(props: ServicingFormProps) {
  return (
    <ServicingForm {...props} title="Start forbearance" submitLabel="Start forbearance">
      {(state) => (
        <>
          <BoundSelectField
            state={state}
            name="forbearanceType"
            label="Kind"
            options={FORBEARANCE_TYPE_CHOICES}
            fallback={"suspension"}
          />
          <BoundTextField
            state={state}
            name="reducedPayment"
            label="Reduced payment"
            inputMode="decimal"
            fallback={"0.00"}
          />
          <EffectiveDateField state={state} today={props.today} label="Start date" />
          <BoundTextField
            state={state}
            name="plannedEndDate"
            label="Planned end (optional)"
            type="date"
          />
        </>
      )}
    </ServicingForm>
  );
}

export function ForbearanceEndForm(props: ServicingFormProps) {
  return (
    <ServicingForm {...props} title="End forbearance" submitLabel="End forbearance">
      {(state) => (
        <>
          <BoundSelectField
            state={state}
            name="action"
            label="Ends with"
            options={FORBEARANCE_END_CHOICES}
            fallback={"capitalize"}
          />
          <BoundTextField
            state={state}
            name="extendedMonths"
            label="Months to extend (for a term extension)"
            inputMode="numeric"
            hint={`${EXTEND.min} to ${EXTEND.max} months`}
          />
          <EffectiveDateField state={state} today={props.today} label="End date" />
        </>
      )}
    </ServicingForm>
  );
}
