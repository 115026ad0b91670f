"use server";
/**
 * The loan page's server actions: thin, typed, each one validatedAction(schema,
 * work, { permission }) over a core function of the database (in ./_server,
 * tested directly). Reads need view_loans ("as known at" also review_disputes);
 * writes need record_events and are recorded as the signed-in person.
 * Writes revalidate the loan page so the timeline and balances refresh.
 */
import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import type { CurrentStaff } from "../../_lib/auth/current-staff";
import { assertCan } from "../../_lib/auth/require-staff";
import { validatedAction } from "../../_lib/validated-action";
import { loadAsOfView, loadEventDetail } from "./_server/read";
import {
  type Recorded,
  recordChargeOff,
  recordDeferment,
  recordFee,
  recordForbearanceEnd,
  recordForbearanceStart,
  recordModification,
  recordPayment,
  recordReversal,
  recordWaiver,
} from "./_server/record";
import {
  asOfSchema,
  chargeOffSchema,
  defermentSchema,
  eventDetailSchema,
  feeSchema,
  forbearanceEndSchema,
  forbearanceStartSchema,
  modificationSchema,
  paymentSchema,
  reversalSchema,
  waiverSchema,
} from "./_server/schemas";

const READ = { permission: "view_loans" } as const;
const WRITE = { permission: "record_events" } as const;

/** "As known at" shows what the system knew at an earlier time: a dispute reviewer's tool. */
function checkKnownAt(staff: CurrentStaff, input: { knownAt?: string | null }) {
  if (input.knownAt) assertCan(staff, "review_disputes");
}

export const replayAsOfAction = validatedAction(
  asOfSchema,
  async (input, staff) => {
    checkKnownAt(staff, input);
    return loadAsOfView(await getDb(), input);
  },
  READ,
);

export const eventDetailAction = validatedAction(
  eventDetailSchema,
  async (input, staff) => {
    checkKnownAt(staff, input);
    return loadEventDetail(await getDb(), input);
  },
  READ,
);

type RecordFn<I> = (
  db: Awaited<ReturnType<typeof getDb>>,
  input: I,
  actor: string,
) => Promise<Recorded>;

/** Run a write as the signed-in person, then refresh the loan's page (timeline, balances, chart). */
function write<I extends { loanNumber: string }>(record: RecordFn<I>) {
  return async (input: I, staff: CurrentStaff): Promise<Recorded> => {
    const recorded = await record(await getDb(), input, staff.actor);
    revalidatePath(`/loans/${input.loanNumber}`);
    return recorded;
  };
}

export const recordPaymentAction = validatedAction(paymentSchema, write(recordPayment), WRITE);
export const recordFeeAction = validatedAction(feeSchema, write(recordFee), WRITE);
export const recordWaiverAction = validatedAction(waiverSchema, write(recordWaiver), WRITE);
export const recordReversalAction = validatedAction(reversalSchema, write(recordReversal), WRITE);
export const recordModificationAction = validatedAction(
  modificationSchema,
  write(recordModification),
  WRITE,
);
export const recordForbearanceStartAction = validatedAction(
  forbearanceStartSchema,
  write(recordForbearanceStart),
  WRITE,
);
export const recordForbearanceEndAction = validatedAction(
  forbearanceEndSchema,
  write(recordForbearanceEnd),
  WRITE,
);
export const recordDefermentAction = validatedAction(
  defermentSchema,
  write(recordDeferment),
  WRITE,
);
export const recordChargeOffAction = validatedAction(
  chargeOffSchema,
  write(recordChargeOff),
  WRITE,
);
