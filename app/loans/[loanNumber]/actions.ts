"use server";
/**
 * The loan page's server actions: thin, typed, each one validatedAction(schema,
 * work, { permission }) over a core function of the database (in ./_server,
 * tested directly). Reads need view_loans ("as known at" also review_disputes;
 * the dispute step-through needs review_disputes); none reads a whole history:
 * the timeline comes a page at a time, a step or an event's detail from the
 * nearest snapshot;
 * writes need record_events and are recorded as the signed-in person.
 * What an answer carries is shaped for the caller's role (the permission
 * table's FIELD_PERMISSIONS, lib/presentation/field-access.ts).
 * Every write is a servicing command (the form's schema fixes which) run by
 * recordCommand; writes revalidate the loan page so the timeline and balances
 * refresh.
 */
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { getDb } from "@/db";
import { fieldAccessOf } from "@/lib/auth/permissions";
import { shapeEventDetail, shapeTimelinePage } from "@/lib/presentation/field-access";
import type { CurrentStaff } from "../../_lib/auth/current-staff";
import { assertCan } from "../../_lib/auth/require-staff";
import { validatedAction } from "../../_lib/validated-action";
import { previewCommandForm } from "./_server/preview";
import { loadAsOfView, loadEventDetail } from "./_server/read";
import { reviewStepSchema, timelinePageSchema } from "./_server/read-schemas";
import { type Recorded, recordCommand } from "./_server/record";
import { loadReviewStep } from "./_server/review";
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
  reverseEventSchema,
  waiverSchema,
} from "./_server/schemas";
import { loadTimelinePage } from "./_server/timeline";

const READ = { permission: "view_loans" } as const;
const REVIEW = { permission: "review_disputes" } as const;
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
    return shapeEventDetail(await loadEventDetail(await getDb(), input), fieldAccessOf(staff.role));
  },
  READ,
);

/** A page of the timeline: the next or previous entries, a new filter's first page, a jump. */
export const timelinePageAction = validatedAction(
  timelinePageSchema,
  async (input, staff) =>
    shapeTimelinePage(await loadTimelinePage(await getDb(), input), fieldAccessOf(staff.role)),
  READ,
);

/** One step of the dispute step-through, replayed on the server. */
export const reviewStepAction = validatedAction(
  reviewStepSchema,
  async (input, staff) => {
    checkKnownAt(staff, input);
    return loadReviewStep(await getDb(), input);
  },
  REVIEW,
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

/**
 * A form's first submit: the same command previewed (every check, nothing
 * written) for the Review panel; posting then carries the sequence it saw.
 */
function previewAction<S extends z.ZodType<CommandWrite>>(schema: S) {
  return validatedAction(
    schema,
    async (input: z.output<S>, staff: CurrentStaff) =>
      previewCommandForm(await getDb(), input, staff.actor),
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
export const recordReverseEventAction = writeAction(reverseEventSchema);

export const previewPaymentAction = previewAction(paymentSchema);
export const previewFeeAction = previewAction(feeSchema);
export const previewWaiverAction = previewAction(waiverSchema);
export const previewReversalAction = previewAction(reversalSchema);
export const previewReverseEventAction = previewAction(reverseEventSchema);
export const previewModificationAction = previewAction(modificationSchema);
export const previewForbearanceStartAction = previewAction(forbearanceStartSchema);
export const previewForbearanceEndAction = previewAction(forbearanceEndSchema);
export const previewDefermentAction = previewAction(defermentSchema);
export const previewChargeOffAction = previewAction(chargeOffSchema);
