"use client";
import { useState } from "react";
import type { Recorded } from "@/app/loans/[loanNumber]/_server/record";
import { ChargeOffForm, DefermentForm } from "./deferment-charge-off-forms";
import { FeeForm, WaiverForm } from "./fee-forms";
import { ForbearanceEndForm, ForbearanceStartForm } from "./forbearance-forms";
import { ModificationForm } from "./modification-form";
import { PaymentForm } from "./payment-form";
import { ReversalForm, type ReversiblePayment } from "./reversal-form";
import type { FormAction } from "./use-servicing-form";

export const SERVICING_KINDS = [
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

interface RecordEventPanelProps {
  loanNumber: string;
  lastSequence: number;
  today: string;
  payments: ReversiblePayment[];
  actions: Record<ServicingKind, FormAction<Recorded>>;
  /** Who the events will be recorded as (the signed-in person; set on the server). */
  actor: string;
}

/** The servicing actions, one form at a time; every write is appended as new events. */
export function RecordEventPanel({
  loanNumber,
  lastSequence,
  today,
  payments,
  actions,
  actor,
}: RecordEventPanelProps) {
  const [kind, setKind] = useState<ServicingKind>("payment");
  const common = { loanNumber, expectedSequence: lastSequence, today };
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
      {kind === "payment" ? <PaymentForm {...common} action={actions.payment} /> : null}
      {kind === "fee" ? <FeeForm {...common} action={actions.fee} /> : null}
      {kind === "waiver" ? <WaiverForm {...common} action={actions.waiver} /> : null}
      {kind === "reversal" ? (
        <ReversalForm {...common} payments={payments} action={actions.reversal} />
      ) : null}
      {kind === "modification" ? (
        <ModificationForm {...common} action={actions.modification} />
      ) : null}
      {kind === "forbearanceStart" ? (
        <ForbearanceStartForm {...common} action={actions.forbearanceStart} />
      ) : null}
      {kind === "forbearanceEnd" ? (
        <ForbearanceEndForm {...common} action={actions.forbearanceEnd} />
      ) : null}
      {kind === "deferment" ? <DefermentForm {...common} action={actions.deferment} /> : null}
      {kind === "chargeOff" ? <ChargeOffForm {...common} action={actions.chargeOff} /> : null}
    </section>
  );
}
