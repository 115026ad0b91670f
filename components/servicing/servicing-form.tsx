"use client";
import type { ReactNode } from "react";
import type { Recorded } from "@/app/loans/[loanNumber]/_server/record";
import { FormStatus } from "./form-status";
import { WriteContextFields } from "./hidden-fields";
import { type FormAction, type FormState, useServicingForm } from "./use-servicing-form";

export interface ServicingFormProps {
  loanNumber: string;
  expectedSequence: number;
  /** The business date: the default and the latest effective date. */
  today: string;
  action: FormAction<Recorded>;
}

interface ServicingFormShellProps extends Omit<ServicingFormProps, "today"> {
  title: string;
  submitLabel: string;
  children(state: FormState<Recorded>): ReactNode;
}

/** A servicing form: its fields, the write context, a submit button with a pending state, the outcome. */
export function ServicingForm(props: ServicingFormShellProps) {
  const { title, submitLabel, loanNumber, expectedSequence, action, children } = props;
  const [state, formAction, pending] = useServicingForm(action);
  return (
    <form action={formAction} aria-label={title} className="servicing-form" noValidate>
      <WriteContextFields loanNumber={loanNumber} expectedSequence={expectedSequence} />
      <div className="form-grid">{children(state)}</div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={pending}>
          {pending ? "Recording…" : submitLabel}
        </button>
      </div>
      <FormStatus state={state} pending={pending} />
    </form>
  );
}
