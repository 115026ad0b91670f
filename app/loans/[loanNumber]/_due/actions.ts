"use server";
/**
 * The loan page's reads of what the borrower owes (./../_server/due.ts): the
 * Due panel with its payoff quote for a new as-of date, a payoff quote for a
 * date, interest accrued in a period, days past due inside the chart's gaps.
 * Each needs view_loans; "as known at"
 * also review_disputes. None reads the loan's history: the projection, or a
 * snapshot and its tail, and the schedule events.
 */
import { getDb } from "@/db";
import { businessDate } from "@/db/services/context";
import type { CurrentStaff } from "../../../_lib/auth/current-staff";
import { assertCan } from "../../../_lib/auth/require-staff";
import { validatedAction } from "../../../_lib/validated-action";
import {
  loadDelinquencyInGaps,
  loadDueSection,
  loadInterestAccrued,
  loadPayoffQuote,
} from "../_server/due";
import {
  delinquencyGapsSchema,
  dueSectionSchema,
  interestAccruedSchema,
  payoffQuoteSchema,
} from "../_server/due-schemas";

const READ = { permission: "view_loans" } as const;

function checkKnownAt(staff: CurrentStaff, input: { knownAt?: string | null }) {
  if (input.knownAt) assertCan(staff, "review_disputes");
}

/** The Due panel and payoff quote as of a date (the as-of picker moved). */
export const dueSectionAction = validatedAction(
  dueSectionSchema,
  async (input, staff) => {
    checkKnownAt(staff, input);
    return loadDueSection(await getDb(), input);
  },
  READ,
);

/** A payoff quote for a payment effective `on`, from the loan as of `asOf`. */
export const payoffQuoteAction = validatedAction(
  payoffQuoteSchema,
  async (input, staff) => {
    checkKnownAt(staff, input);
    return loadPayoffQuote(await getDb(), input);
  },
  READ,
);

/** Interest accrued on the days from `from` through `to`. */
export const interestAccruedAction = validatedAction(
  interestAccruedSchema,
  async (input, staff) => {
    checkKnownAt(staff, input);
    return loadInterestAccrued(await getDb(), input);
  },
  READ,
);

/** Days past due at the month ends and due dates inside the chart's gaps (on request). */
export const delinquencyGapsAction = validatedAction(
  delinquencyGapsSchema,
  async (input) => loadDelinquencyInGaps(await getDb(), { ...input, today: businessDate() }),
  READ,
);
