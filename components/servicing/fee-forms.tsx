"use client";
import { BoundSelectField, BoundTextField, EffectiveDateField } from "./bound-fields";
import { FEE_TYPE_CHOICES } from "./choices";
import { ServicingForm, type ServicingFormProps } from "./servicing-form";

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
            options={FEE_TYPE_CHOICES}
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
