"use client";
import { useState } from "react";
import type { Recorded } from "@/app/loans/[loanNumber]/_server/record";
import type { AppendReview } from "@/lib/presentation/append-review";
import { ChargeOffForm, DefermentForm } from "./deferment-charge-off-forms";
import { FeeForm, WaiverForm } from "./fee-forms";
import { ForbearanceEndForm, ForbearanceStartForm } from "./forbearance-forms";
import { ModificationForm } from "./modification-form";
import { PaymentForm } from "./payment-form";
import {
  ReversalForm,
  ReverseEventForm,
  type ReversibleEventChoice,
  type ReversiblePayment,
} from "./reversal-form";
import styles from "./review-panel.module.css";
import type { FormAction } from "./use-servicing-form";

const SERVICING_KINDS = [
  { id: "payment", label: "Payment" },
  { id: "fee", label: "Fee" },
  { id: "waiver", label: "Waiver" },
  { id: "reversal", label: "Reversal" },
  { id: "modification", label: "Modification" },
  { id: "forbearanceStart", label: "Forbearance start" },
  { id: "forbearanceEnd", label: "Forbearance end" },
  { id: "deferment", label: "Deferment" },
  { id: "chargeOff", label: "Charge-off" },
] as const;
export type ServicingKind = (typeof SERVICING_KINDS)[number]["id"];
/** Every form's command: the kinds, and the reversal of a fee, waiver or charge-off (on the Reversal tab). */
export type ServicingForms = ServicingKind | "reverseEvent";

interface RecordEventPanelProps {
  loanNumber: string;
  lastSequence: number;
  today: string;
  payments: ReversiblePayment[];
  /** Fees, waivers and the charge-off a servicer may reverse. */
  reversibleEvents?: ReversibleEventChoice[];
  actions: Record<ServicingForms, FormAction<Recorded>>;
  /** Each form's Review step (its command previewed, nothing written). */
  previews: Record<ServicingForms, FormAction<AppendReview>>;
  /** Who the events will be recorded as (the signed-in person; set on the server). */
  actor: string;
}

/** The servicing actions, one form at a time; every write is appended as new events. */
export function RecordEventPanel({
  loanNumber,
  lastSequence,
  today,
  payments,
  reversibleEvents = [],
  actions,
  previews,
  actor,
}: RecordEventPanelProps) {
  const [kind, setKind] = useState<ServicingKind>("payment");
  const base = { loanNumber, expectedSequence: lastSequence, today };
  const forForm = (form: ServicingForms) => ({
    ...base,
    action: actions[form],
    preview: previews[form],
  });
  return (
    <section className="panel record-events" aria-labelledby="record-heading">
      <div className="panel-title">
        <h2 id="record-heading">Record an event</h2>
        <span className="muted small">
          Recorded as {actor} · the page shows event #{lastSequence}
        </span>
      </div>
      <fieldset className="segmented plain-fieldset" aria-label="Servicing action">
        {SERVICING_KINDS.map((k) => (
          <button
            key={k.id}
            type="button"
            aria-pressed={kind === k.id}
            onClick={() => setKind(k.id)}
          >
            {k.label}
          </button>
        ))}
      </fieldset>
      {kind === "payment" ? <PaymentForm {...forForm("payment")} /> : null}
      {kind === "fee" ? <FeeForm {...forForm("fee")} /> : null}
      {kind === "waiver" ? <WaiverForm {...forForm("waiver")} /> : null}
      {kind === "reversal" ? (
        <>
          <h3 className={styles.formHeading}>Reverse a payment</h3>
          <ReversalForm {...forForm("reversal")} payments={payments} />
          <h3 className={styles.formHeading}>Reverse a fee, waiver or charge-off</h3>
          <ReverseEventForm {...forForm("reverseEvent")} events={reversibleEvents} />
        </>
      ) : null}
      {kind === "modification" ? <ModificationForm {...forForm("modification")} /> : null}
      {kind === "forbearanceStart" ? (
        <ForbearanceStartForm {...forForm("forbearanceStart")} />
      ) : null}
      {kind === "forbearanceEnd" ? <ForbearanceEndForm {...forForm("forbearanceEnd")} /> : null}
      {kind === "deferment" ? <DefermentForm {...forForm("deferment")} /> : null}
      {kind === "chargeOff" ? <ChargeOffForm {...forForm("chargeOff")} /> : null}
    </section>
  );
}
