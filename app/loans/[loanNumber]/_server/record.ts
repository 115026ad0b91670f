/**
 * The servicing write behind the loan page's forms: one function for every
 * command. It takes a database, the validated input (the write envelope and
 * the command's fields) and the signed-in person's actor (recorded_by, never
 * taken from the form), runs the command through the servicing service, and
 * returns what was recorded in words. Errors are AppErrors from the services.
 */
import type { Database } from "@/db/client";
import type { AppendResult } from "@/db/event-store";
import { type CommandResult, runCommand } from "@/db/services/servicing";
import type { EventType } from "@/lib/events/event-types";
import type { LoanEvent } from "@/lib/events/types";
import { describeRestatementCounts } from "@/lib/presentation/corrections";
import { summarizeEvent } from "@/lib/presentation/event-summary";
import type { CommandWrite } from "./schemas";

interface RecordedEvent {
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

/** Run one servicing command on the envelope's loan, as `actor`. */
export async function recordCommand(
  db: Database,
  input: CommandWrite,
  actor: string,
): Promise<Recorded> {
  if (!actor) throw new Error("a write needs the signed-in person's actor");
  const { loanNumber, expectedSequence, ...command } = input;
  return describeRecorded(await runCommand({ db, actor, loanNumber, expectedSequence, command }));
}

function describeRecorded(
  result: AppendResult & Partial<Pick<CommandResult, "restatement">>,
): Recorded {
  if (result.restatement) return describeCorrection(result, result.restatement);
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
    message: main || accruals ? `Recorded ${main}${accruals}.` : "Nothing new to record.",
  };
}

/**
 * A correction: the command's own events, then its restatement in one
 * sentence (the reversals, re-applied payments and accrual adjustments are
 * on the timeline as one group).
 */
function describeCorrection(
  result: AppendResult,
  restatement: NonNullable<CommandResult["restatement"]>,
): Recorded {
  const events: RecordedEvent[] = [];
  for (const e of result.appended) {
    const data = e.eventData as { reapplies?: unknown; replaces?: unknown };
    const own =
      e.sequenceNumber >= restatement.cause &&
      e.eventType !== "interest_accrual" &&
      data.reapplies === undefined &&
      data.replaces === undefined;
    if (!own) continue;
    events.push({
      sequenceNumber: e.sequenceNumber,
      eventType: e.eventType,
      effectiveDate: e.effectiveDate,
      summary: summarizeEvent(e as unknown as LoanEvent),
    });
  }
  const first = result.appended[0]?.sequenceNumber;
  const last = result.appended.at(-1)?.sequenceNumber;
  const what = describeRestatementCounts({
    reappliedPayments: restatement.reappliedPayments.length,
    accrualAdjustments: restatement.adjustedAccrualDays + restatement.addedAccrualDays,
    chargeOffRestated: restatement.restatedChargeOff !== null,
  });
  const main = events.map((e) => `#${e.sequenceNumber}: ${e.summary}`).join("; ");
  return {
    loanNumber: result.loanNumber,
    lastSequence: result.lastSequence,
    events,
    accrualsCaughtUp: 0,
    message: `Recorded ${main}. Restated${what ? `: ${what}` : ""} (events #${first}–#${last}).`,
  };
}
