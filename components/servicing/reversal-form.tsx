"use client";
import { formatCurrency } from "@/lib/presentation/format";
import { SelectField, TextField } from "./form-field";
import { ServicingForm, type ServicingFormProps } from "./servicing-form";
import { fieldError, kept } from "./use-servicing-form";

export interface ReversiblePayment {
  sequenceNumber: number;
  effectiveDate: string;
  amount: string;
}

/** Reverse a payment (e.g. returned NSF), optionally assessing an NSF fee with it. */
export function ReversalForm(props: ServicingFormProps & { payments: ReversiblePayment[] }) {
  const options = props.payments.map((p) => ({
    value: String(p.sequenceNumber),
    label: `#${p.sequenceNumber} · ${p.effectiveDate} · ${formatCurrency(p.amount)}`,
  }));
  return (
    <ServicingForm {...props} title="Reverse payment" submitLabel="Reverse payment">
      {(state) => (
        <>
          <SelectField
            name="paymentSequence"
            label="Payment"
            placeholder="Choose a payment"
            options={options}
            defaultValue={kept(state, "paymentSequence")}
            error={fieldError(state, "paymentSequence")}
          />
          <TextField
            name="effectiveDate"
            label="Reversal date"
            type="date"
            required
            defaultValue={kept(state, "effectiveDate", props.today)}
            error={fieldError(state, "effectiveDate")}
          />
          <TextField
            name="reason"
            label="Reason"
            required
            placeholder="NSF: returned by the bank"
            defaultValue={kept(state, "reason")}
            error={fieldError(state, "reason")}
          />
          <TextField
            name="nsfFee"
            label="NSF fee (optional)"
            inputMode="decimal"
            placeholder="35.00"
            defaultValue={kept(state, "nsfFee")}
            error={fieldError(state, "nsfFee")}
          />
        </>
      )}
    </ServicingForm>
  );
}
