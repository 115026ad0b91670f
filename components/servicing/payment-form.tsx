"use client";
import { BoundSelectField, BoundTextField, EffectiveDateField } from "./bound-fields";
import { ServicingForm, type ServicingFormProps } from "./servicing-form";

const METHODS = [
  { value: "ach", label: "ACH" },
  { value: "check", label: "Check" },
  { value: "card", label: "Card" },
  { value: "wire", label: "Wire" },
  { value: "cash", label: "Cash" },
];

/** Post a payment: the service accrues interest to the date and splits it fees → interest → principal. */
export function PaymentForm(props: ServicingFormProps) {
  return (
    <ServicingForm {...props} title="Record payment" submitLabel="Record payment">
      {(state) => (
        <>
          <BoundTextField
            state={state}
            name="amount"
            label="Amount"
            inputMode="decimal"
            placeholder="512.33"
            required
          />
          <EffectiveDateField state={state} today={props.today} label="Received on" />
          <BoundSelectField
            state={state}
            name="method"
            label="Method"
            options={METHODS}
            fallback={"ach"}
          />
          <BoundTextField state={state} name="reference" label="Reference (optional)" />
        </>
      )}
    </ServicingForm>
  );
}
