"use client";
import { formatCurrency } from "@/lib/presentation/format";
import { BoundSelectField, BoundTextField, EffectiveDateField } from "./bound-fields";
import { ServicingForm, type ServicingFormProps } from "./servicing-form";

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
          <BoundSelectField
            state={state}
            name="paymentSequence"
            label="Payment"
            placeholder="Choose a payment"
            options={options}
          />
          <EffectiveDateField state={state} today={props.today} label="Reversal date" />
          <BoundTextField
            state={state}
            name="reason"
            label="Reason"
            required
            placeholder="NSF: returned by the bank"
          />
          <BoundTextField
            state={state}
            name="nsfFee"
            label="NSF fee (optional)"
            inputMode="decimal"
            placeholder="35.00"
          />
        </>
      )}
    </ServicingForm>
  );
}

export interface ReversibleEventChoice {
  sequenceNumber: number;
  effectiveDate: string;
  amount: string;
  /** "Late fee", "Fee waiver", "Charge-off" */
  label: string;
}

/** Reverse a fee, a waiver or a charge-off (command `reverse_event`); any restatement is reviewed first. */
export function ReverseEventForm(props: ServicingFormProps & { events: ReversibleEventChoice[] }) {
  const options = props.events.map((e) => ({
    value: String(e.sequenceNumber),
    label: `#${e.sequenceNumber} · ${e.label} · ${e.effectiveDate} · ${formatCurrency(e.amount)}`,
  }));
  return (
    <ServicingForm {...props} title="Reverse fee, waiver or charge-off" submitLabel="Reverse event">
      {(state) => (
        <>
          <BoundSelectField
            state={state}
            name="targetSequence"
            label="Fee, waiver or charge-off"
            placeholder={options.length === 0 ? "Nothing to reverse" : "Choose an event"}
            options={options}
          />
          <EffectiveDateField state={state} today={props.today} label="Reversal date" />
          <BoundTextField
            state={state}
            name="reason"
            label="Reason"
            required
            placeholder="Assessed in error"
          />
        </>
      )}
    </ServicingForm>
  );
}
