/**
 * The event model: one discriminated union (`LoanEvent`, on `eventType`) of the
 * twelve event types, each with its typed payload in `eventData`.
 */
import type { z } from "zod";
import type { EventType } from "./event-types";
import type { PayloadSchemas } from "./schemas";

export type { EventType } from "./event-types";

/** The typed payload of an event type (output of its zod schema). */
export type EventPayload<K extends EventType> = z.output<PayloadSchemas[K]>;

/** One event of type K, as the engine consumes it. */
export interface LoanEventOf<K extends EventType> {
  /** 1, 2, 3 ... per loan (the replay order). */
  sequenceNumber: number;
  eventType: K;
  /** Business date `YYYY-MM-DD` on which the event takes effect. */
  effectiveDate: string;
  /** System time the event was written (ISO timestamp); used by the knownAt filter. */
  recordedAt?: string;
  /** Who appended it (informational). */
  recordedBy?: string;
  eventData: EventPayload<K>;
}

/** The discriminated union of all twelve event types. */
export type LoanEvent = { [K in EventType]: LoanEventOf<K> }[EventType];

export type OriginationEvent = LoanEventOf<"origination">;
export type DisbursementEvent = LoanEventOf<"disbursement">;
export type PaymentEvent = LoanEventOf<"payment">;
export type InterestAccrualEvent = LoanEventOf<"interest_accrual">;
export type FeeAssessmentEvent = LoanEventOf<"fee_assessment">;
export type FeeWaiverEvent = LoanEventOf<"fee_waiver">;
export type ModificationEvent = LoanEventOf<"modification">;
export type ForbearanceStartEvent = LoanEventOf<"forbearance_start">;
export type ForbearanceEndEvent = LoanEventOf<"forbearance_end">;
export type DefermentEvent = LoanEventOf<"deferment">;
export type ChargeOffEvent = LoanEventOf<"charge_off">;
export type ReversalEvent = LoanEventOf<"reversal">;

export type OriginationPayload = EventPayload<"origination">;
export type PaymentPayload = EventPayload<"payment">;
export type PaymentAllocation = PaymentPayload["allocation"];
export type ModificationPayload = EventPayload<"modification">;
