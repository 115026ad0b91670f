"use client";
import { BoundSelectField, BoundTextField, EffectiveDateField } from "./bound-fields";
import { PAYMENT_METHOD_CHOICES } from "./choices";
import { ServicingForm, type ServicingFormProps } from "./servicing-form";

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
            options={PAYMENT_METHOD_CHOICES}
            fallback={"ach"}
          />
          <BoundTextField state={state} name="reference" label="Reference (optional)" />
        </>
      )}
    </ServicingForm>
  );
}
