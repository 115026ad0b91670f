"use client";
import { SelectField, TextField } from "./form-field";
import { ServicingForm, type ServicingFormProps } from "./servicing-form";
import { fieldError, kept } from "./use-servicing-form";

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
          <SelectField
            name="forbearanceType"
            label="Kind"
            options={TYPES}
            defaultValue={kept(state, "forbearanceType", "suspension")}
            error={fieldError(state, "forbearanceType")}
          />
          <TextField
            name="reducedPayment"
            label="Reduced payment"
            inputMode="decimal"
            defaultValue={kept(state, "reducedPayment", "0.00")}
            error={fieldError(state, "reducedPayment")}
          />
          <TextField
            name="effectiveDate"
            label="Start date"
            type="date"
            required
            defaultValue={kept(state, "effectiveDate", props.today)}
            error={fieldError(state, "effectiveDate")}
          />
          <TextField
            name="plannedEndDate"
            label="Planned end (optional)"
            type="date"
            defaultValue={kept(state, "plannedEndDate")}
            error={fieldError(state, "plannedEndDate")}
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
          <SelectField
            name="action"
            label="Ends with"
            options={END_ACTIONS}
            defaultValue={kept(state, "action", "capitalize")}
            error={fieldError(state, "action")}
          />
          <TextField
            name="extendedMonths"
            label="Months to extend (for a term extension)"
            inputMode="numeric"
            defaultValue={kept(state, "extendedMonths")}
            error={fieldError(state, "extendedMonths")}
          />
          <TextField
            name="effectiveDate"
            label="End date"
            type="date"
            required
            defaultValue={kept(state, "effectiveDate", props.today)}
            error={fieldError(state, "effectiveDate")}
          />
        </>
      )}
    </ServicingForm>
  );
}
