/**
 * The servicing writes behind the loan page's forms: each takes a database and
 * validated input and the signed-in person's actor (recorded_by, never taken
 * from the form), calls the append service, and returns what was recorded in
 * words. Errors are AppErrors from the services.
 */
import type { Database } from "@/db/client";
import type { AppendResult } from "@/db/services/append-events";
import {
  assessFee,
  chargeOff,
  deferPeriods,
  endForbearance,
  modifyTerms,
  postPayment,
  reversePayment,
  startForbearance,
  waiveFee,
} from "@/db/services/servicing";
import type { EventType } from "@/lib/events/event-types";
import type { LoanEvent } from "@/lib/events/types";
import { toMoney } from "@/lib/money";
import { summarizeEvent } from "@/lib/presentation/event-summary";
import type {
  ChargeOffInput,
  DefermentInput,
  FeeInput,
  ForbearanceEndInput,
  ForbearanceStartInput,
  ModificationInput,
  PaymentInput,
  ReversalInput,
  WaiverInput,
} from "./schemas";

export interface RecordedEvent {
  sequenceNumber: number;
  eventType: EventType;
  effectiveDate: string;
  summary: string;
}

export interface Recorded {
  loanNumber: string;
  lastSequence: number;
  /** What was appended, other than interest accruals caught up on the way. */
  events: RecordedEvent[];
  accrualsCaughtUp: number;
  /** One sentence for the confirmation. */
  message: string;
}

function writeContext(
  db: Database,
  input: { loanNumber: string; expectedSequence: number },
  actor: string,
) {
  if (!actor) throw new Error("a write needs the signed-in person's actor");
  return {
    db,
    actor,
    loanNumber: input.loanNumber,
    expectedSequence: input.expectedSequence,
  };
}

export function describeRecorded(result: AppendResult): Recorded {
  const events: RecordedEvent[] = [];
  let accrualsCaughtUp = 0;
  for (const e of result.appended) {
    if (e.eventType === "interest_accrual") {
      accrualsCaughtUp++;
      continue;
    }
    events.push({
      sequenceNumber: e.sequenceNumber,
      eventType: e.eventType,
      effectiveDate: e.effectiveDate,
      summary: summarizeEvent(e as unknown as LoanEvent),
    });
  }
  const main = events.map((e) => `#${e.sequenceNumber}: ${e.summary}`).join("; ");
  const accruals =
    accrualsCaughtUp > 0
      ? ` (${accrualsCaughtUp} day${accrualsCaughtUp === 1 ? "" : "s"} of interest accrued first)`
      : "";
  return {
    loanNumber: result.loanNumber,
    lastSequence: result.lastSequence,
    events,
    accrualsCaughtUp,
    message: `Recorded ${main}${accruals}.`,
  };
}

export async function recordPayment(
  db: Database,
  input: PaymentInput,
  actor: string,
): Promise<Recorded> {
  return describeRecorded(
    await postPayment({
      ...writeContext(db, input, actor),
      amount: input.amount,
      effectiveDate: input.effectiveDate,
      method: input.method,
      reference: input.reference,
    }),
  );
}

export async function recordFee(db: Database, input: FeeInput, actor: string): Promise<Recorded> {
  return describeRecorded(
    await assessFee({
      ...writeContext(db, input, actor),
      amount: input.amount,
      feeType: input.feeType,
      effectiveDate: input.effectiveDate,
      note: input.note,
    }),
  );
}

export async function recordWaiver(
  db: Database,
  input: WaiverInput,
  actor: string,
): Promise<Recorded> {
  return describeRecorded(
    await waiveFee({
      ...writeContext(db, input, actor),
      amount: input.amount,
      effectiveDate: input.effectiveDate,
      reason: input.reason,
    }),
  );
}

export async function recordReversal(
  db: Database,
  input: ReversalInput,
  actor: string,
): Promise<Recorded> {
  return describeRecorded(
    await reversePayment({
      ...writeContext(db, input, actor),
      paymentSequence: input.paymentSequence,
      effectiveDate: input.effectiveDate,
      reason: input.reason,
      nsfFee: input.nsfFee,
    }),
  );
}

/** "5.25" (percent) -> "0.0525" (annual fraction, at least 4 decimals). */
export function percentToRate(percent: string): string {
  const rate = toMoney(percent).dividedBy(100);
  return rate.toFixed(Math.max(4, rate.decimalPlaces()));
}

export async function recordModification(
  db: Database,
  input: ModificationInput,
  actor: string,
): Promise<Recorded> {
  return describeRecorded(
    await modifyTerms({
      ...writeContext(db, input, actor),
      effectiveDate: input.effectiveDate,
      reason: input.reason,
      annualRate: input.ratePercent === undefined ? undefined : percentToRate(input.ratePercent),
      termMonths: input.termMonths,
      capitalizeInterest: input.capitalizeInterest === "on",
    }),
  );
}

export async function recordForbearanceStart(
  db: Database,
  input: ForbearanceStartInput,
  actor: string,
): Promise<Recorded> {
  return describeRecorded(
    await startForbearance({
      ...writeContext(db, input, actor),
      effectiveDate: input.effectiveDate,
      forbearanceType: input.forbearanceType,
      reducedPayment: input.reducedPayment,
      plannedEndDate: input.plannedEndDate,
    }),
  );
}

export async function recordForbearanceEnd(
  db: Database,
  input: ForbearanceEndInput,
  actor: string,
): Promise<Recorded> {
  return describeRecorded(
    await endForbearance({
      ...writeContext(db, input, actor),
      effectiveDate: input.effectiveDate,
      action: input.action,
      extendedMonths: input.extendedMonths,
    }),
  );
}

export async function recordDeferment(
  db: Database,
  input: DefermentInput,
  actor: string,
): Promise<Recorded> {
  return describeRecorded(
    await deferPeriods({
      ...writeContext(db, input, actor),
      effectiveDate: input.effectiveDate,
      periods: input.periods,
      interestTreatment: input.interestTreatment,
    }),
  );
}

export async function recordChargeOff(
  db: Database,
  input: ChargeOffInput,
  actor: string,
): Promise<Recorded> {
  return describeRecorded(
    await chargeOff({
      ...writeContext(db, input, actor),
      effectiveDate: input.effectiveDate,
      reason: input.reason,
    }),
  );
}
