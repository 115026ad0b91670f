"use server";
/**
 * The loan page's server actions: thin, typed, each one validatedAction(schema,
 * work) over a core function of the database (in ./_server, tested directly).
 * Writes revalidate the loan page so the timeline and balances refresh.
 */
import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
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

export const replayAsOfAction = validatedAction(asOfSchema, async (input) =>
  loadAsOfView(await getDb(), input),
);

export const eventDetailAction = validatedAction(eventDetailSchema, async (input) =>
  loadEventDetail(await getDb(), input),
);

/** Run a write, then refresh the loan's page (timeline, balances, chart). */
async function write<I extends { loanNumber: string }>(
  record: (db: Awaited<ReturnType<typeof getDb>>, input: I) => Promise<Recorded>,
  input: I,
): Promise<Recorded> {
  const recorded = await record(await getDb(), input);
  revalidatePath(`/loans/${input.loanNumber}`);
  return recorded;
}

export const recordPaymentAction = validatedAction(paymentSchema, (i) => write(recordPayment, i));
export const recordFeeAction = validatedAction(feeSchema, (i) => write(recordFee, i));
export const recordWaiverAction = validatedAction(waiverSchema, (i) => write(recordWaiver, i));
export const recordReversalAction = validatedAction(reversalSchema, (i) =>
  write(recordReversal, i),
);
export const recordModificationAction = validatedAction(modificationSchema, (i) =>
  write(recordModification, i),
);
export const recordForbearanceStartAction = validatedAction(forbearanceStartSchema, (i) =>
  write(recordForbearanceStart, i),
);
export const recordForbearanceEndAction = validatedAction(forbearanceEndSchema, (i) =>
  write(recordForbearanceEnd, i),
);
export const recordDefermentAction = validatedAction(defermentSchema, (i) =>
  write(recordDeferment, i),
);
export const recordChargeOffAction = validatedAction(chargeOffSchema, (i) =>
  write(recordChargeOff, i),
);
