"use client";
import { BoundSelectField, BoundTextField, EffectiveDateField } from "./bound-fields";
import { ServicingForm, type ServicingFormProps } from "./servicing-form";

const TYPES = [
  { value: "suspension", label: "Suspension (no payments)" },
  { value: "reduced_payment", label: "Reduced payment" },
];
const END_ACTIONS = [
  { value: "capitalize", label: "Capitalise accrued interest" },
  { value: "extend_term", label: "Extend the term" },
  { value: "repayment_plan", label: "Repayment plan" },
  { value: "lump_sum", label: "Lump sum" },
];

export function ForbearanceStartForm(props: ServicingFormProps) {
  return (
    <ServicingForm {...props} title="Start forbearance" submitLabel="Start forbearance">
      {(state) => (
        <>
          <BoundSelectField
            state={state}
            name="forbearanceType"
            label="Kind"
            options={TYPES}
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
            options={END_ACTIONS}
            fallback={"capitalize"}
          />
          <BoundTextField
            state={state}
            name="extendedMonths"
            label="Months to extend (for a term extension)"
            inputMode="numeric"
          />
          <EffectiveDateField state={state} today={props.today} label="End date" />
        </>
      )}
    </ServicingForm>
  );
}
