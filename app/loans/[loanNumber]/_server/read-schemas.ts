/**
 * Input schemas of the loan page's paged reads: a page of the timeline and a
 * step of the dispute step-through. (The as-of and event-detail reads are in
 * ./schemas.ts with the writes.)
 */
import { z } from "zod";
import { EVENT_TYPES } from "@/lib/events/event-types";
import { asOfSchema, dateField, loanNumberField } from "./schemas";

const sequenceField = z.coerce.number().int().positive().max(2_147_483_647);

/** The largest page a client may ask for. */
export const MAX_PAGE_ROWS = 100;

export const timelinePageSchema = z
  .object({
    loanNumber: loanNumberField,
    /** Only these types (none: all). */
    types: z.array(z.enum(EVENT_TYPES)).max(EVENT_TYPES.length).default([]),
    from: dateField("the first effective date").nullish(),
    to: dateField("the last effective date").nullish(),
    /** Sum each month's run of daily accruals into one entry. */
    groupAccruals: z.boolean().default(true),
    /** The entries after this sequence number (default: from the start) ... */
    after: z.coerce.number().int().min(0).max(2_147_483_647).optional(),
    /** ... or those just before this one ... */
    before: sequenceField.optional(),
    /** ... or a window starting at this event (a jump) ... */
    around: sequenceField.optional(),
    /** ... or at the first event effective on or after this date. */
    aroundDate: dateField("the date to jump to").optional(),
    /** Only events up to this sequence number (an accrual run's events). */
    through: sequenceField.optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_ROWS).optional(),
    /** Also count the events matching the filter. */
    count: z.boolean().optional(),
  })
  .refine(
    (v) => [v.after, v.before, v.around, v.aroundDate].filter((x) => x !== undefined).length <= 1,
    { message: "Ask for one position: after, before, around or aroundDate.", path: ["after"] },
  );
export type TimelinePageInput = z.output<typeof timelinePageSchema>;

export const reviewStepSchema = asOfSchema.extend({
  /** Step over daily interest accruals (they are still applied). */
  skipAccruals: z.boolean().default(false),
  /** The first visited event at or after this one ... */
  at: sequenceField.optional(),
  /** ... moved this many visited events (negative: back). */
  by: z.coerce.number().int().min(-1_000_000).max(1_000_000).optional(),
  /** ... or the first visited event effective on or after this date ... */
  date: dateField("the date to jump to").optional(),
  /** ... or the first or last. */
  edge: z.enum(["first", "last"]).optional(),
});
export type ReviewStepInput = z.output<typeof reviewStepSchema>;
