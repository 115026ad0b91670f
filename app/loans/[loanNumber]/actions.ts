"use server";
/**
 * The loan page's server actions: thin, typed, each one validatedAction(schema,
 * work, { permission }) over a core function of the database (in ./_server,
 * tested directly). Reads need view_loans ("as known at" also review_disputes);
 * writes need record_events and are recorded as the signed-in person.
 * Every write is a servicing command (the form's schema fixes which) run by
 * recordCommand; writes revalidate the loan page so the timeline and balances
 * refresh.
 */
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { getDb } from "@/db";
import type { CurrentStaff } from "../../_lib/auth/current-staff";
import { assertCan } from "../../_lib/auth/require-staff";
import { validatedAction } from "../../_lib/validated-action";
import { loadAsOfView, loadEventDetail } from "./_server/read";
import { type Recorded, recordCommand } from "./_server/record";
import {
  asOfSchema,
  type CommandWrite,
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

/** A write: run the form's command as the signed-in person, then refresh the loan's page. */
function writeAction<S extends z.ZodType<CommandWrite>>(schema: S) {
  return validatedAction(
    schema,
    async (input: z.output<S>, staff: CurrentStaff): Promise<Recorded> => {
      const recorded = await recordCommand(await getDb(), input, staff.actor);
      revalidatePath(`/loans/${input.loanNumber}`);
      return recorded;
    },
    WRITE,
  );
}

export const recordPaymentAction = writeAction(paymentSchema);
export const recordFeeAction = writeAction(feeSchema);
export const recordWaiverAction = writeAction(waiverSchema);
export const recordReversalAction = writeAction(reversalSchema);
export const recordModificationAction = writeAction(modificationSchema);
export const recordForbearanceStartAction = writeAction(forbearanceStartSchema);
export const recordForbearanceEndAction = writeAction(forbearanceEndSchema);
export const recordDefermentAction = writeAction(defermentSchema);
export const recordChargeOffAction = writeAction(chargeOffSchema);
