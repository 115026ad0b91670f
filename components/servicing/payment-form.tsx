"use client";
import { SelectField, TextField } from "./form-field";
import { ServicingForm, type ServicingFormProps } from "./servicing-form";
import { fieldError, kept } from "./use-servicing-form";

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
          <TextField
            name="amount"
            label="Amount"
            inputMode="decimal"
            placeholder="512.33"
            required
            defaultValue={kept(state, "amount")}
            error={fieldError(state, "amount")}
          />
          <TextField
            name="effectiveDate"
            label="Received on"
            type="date"
            required
            defaultValue={kept(state, "effectiveDate", props.today)}
            error={fieldError(state, "effectiveDate")}
          />
          <SelectField
            name="method"
            label="Method"
            options={METHODS}
            defaultValue={kept(state, "method", "ach")}
            error={fieldError(state, "method")}
          />
          <TextField
            name="reference"
            label="Reference (optional)"
            defaultValue={kept(state, "reference")}
            error={fieldError(state, "reference")}
          />
        </>
      )}
    </ServicingForm>
  );
}
