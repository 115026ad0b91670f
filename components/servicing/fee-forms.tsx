"use client";
import { BoundSelectField, BoundTextField, EffectiveDateField } from "./bound-fields";
import { ServicingForm, type ServicingFormProps } from "./servicing-form";

const FEE_TYPES = [
  { value: "late", label: "Late fee" },
  { value: "nsf", label: "NSF (returned payment)" },
  { value: "modification", label: "Modification fee" },
  { value: "other", label: "Other" },
];

export function FeeForm(props: ServicingFormProps) {
  return (
    <ServicingForm {...props} title="Assess fee" submitLabel="Assess fee">
      {(state) => (
        <>
          <BoundTextField
            state={state}
            name="amount"
            label="Amount"
            inputMode="decimal"
            placeholder="25.00"
            required
          />
          <BoundSelectField
            state={state}
            name="feeType"
            label="Fee type"
            options={FEE_TYPES}
            fallback={"late"}
          />
          <EffectiveDateField state={state} today={props.today} />
          <BoundTextField state={state} name="note" label="Note (optional)" />
        </>
      )}
    </ServicingForm>
  );
}

export function WaiverForm(props: ServicingFormProps) {
  return (
    <ServicingForm {...props} title="Waive fees" submitLabel="Waive fees">
      {(state) => (
        <>
          <BoundTextField
            state={state}
            name="amount"
            label="Amount to waive"
            inputMode="decimal"
            placeholder="25.00"
            required
          />
          <EffectiveDateField state={state} today={props.today} />
          <BoundTextField state={state} name="reason" label="Reason" required />
        </>
      )}
    </ServicingForm>
  );
}
