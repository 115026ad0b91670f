"use client";
import { SelectField, TextField } from "./form-field";
import { ServicingForm, type ServicingFormProps } from "./servicing-form";
import { fieldError, kept } from "./use-servicing-form";

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
          <TextField
            name="amount"
            label="Amount"
            inputMode="decimal"
            placeholder="25.00"
            required
            defaultValue={kept(state, "amount")}
            error={fieldError(state, "amount")}
          />
          <SelectField
            name="feeType"
            label="Fee type"
            options={FEE_TYPES}
            defaultValue={kept(state, "feeType", "late")}
            error={fieldError(state, "feeType")}
          />
          <TextField
            name="effectiveDate"
            label="Effective date"
            type="date"
            required
            defaultValue={kept(state, "effectiveDate", props.today)}
            error={fieldError(state, "effectiveDate")}
          />
          <TextField
            name="note"
            label="Note (optional)"
            defaultValue={kept(state, "note")}
            error={fieldError(state, "note")}
          />
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
          <TextField
            name="amount"
            label="Amount to waive"
            inputMode="decimal"
            placeholder="25.00"
            required
            defaultValue={kept(state, "amount")}
            error={fieldError(state, "amount")}
          />
          <TextField
            name="effectiveDate"
            label="Effective date"
            type="date"
            required
            defaultValue={kept(state, "effectiveDate", props.today)}
            error={fieldError(state, "effectiveDate")}
          />
          <TextField
            name="reason"
            label="Reason"
            required
            defaultValue={kept(state, "reason")}
            error={fieldError(state, "reason")}
          />
        </>
      )}
    </ServicingForm>
  );
}
