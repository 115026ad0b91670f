/**
 * The event store: the one module that reads and writes `loan_events`, and
 * keeps the caches derived from them (the live projection, month-end
 * snapshots) in step with every append.
 *
 *   read a stream ........ readStream / readStreams (read.ts)
 *   read as stored ....... readStoredEvents, highWaterMark, readLateEvents (read.ts),
 *                          readChainRows / readChainRowsByLoan (chain-rows.ts),
 *                          the book-wide audit log (audit-log.ts)
 *   load an aggregate .... loadProjections (projection.ts), loadBase (snapshots.ts)
 *   append ............... appendEvents / executeCommand (here), prepareAppend +
 *                          writePrepared for batches (append.ts)
 */
import { AppError } from "../../lib/app-error";
import { isEventType } from "../../lib/events/event-types";
import type { LoanEvent } from "../../lib/events/types";
import { type EngineState, type LoanState, toLoanState } from "../../lib/replay/state";
import { accrualStart } from "../../lib/servicing/accrual";
import { futureCommand } from "../../lib/servicing/business-date";
import type { ServicingCommand } from "../../lib/servicing/command-schemas";
import {
  catchUpTo,
  commandChangesPaymentLog,
  decideWithRestatement,
  type EventInput,
  earliestDateRead,
  isCorrectionCommand,
  touchesPaymentLog,
} from "../../lib/servicing/decide";
import { type AppendPreview, previewAppend } from "../../lib/servicing/preview";
import {
  isCorrectionDate,
  type RestatementSummary,
  restate,
  restatementBaseDate,
} from "../../lib/servicing/restatement";
import { waterfallFor } from "../../lib/servicing/waterfall";
import { needsBaseBefore, type WriteModel } from "../../lib/servicing/write-model";
import { businessDate, systemClock, type WriteContext } from "../services/context";
import { pgErrorCode, UNIQUE_VIOLATION } from "../services/pg-errors";
import {
  type AppendResult,
  earliestEffective,
  type LoanForWrite,
  type LockedLoan,
  lockLoanForWrite,
  prepareAppend,
  writePrepared,
} from "./append";
import { loadProjections, projectStream } from "./projection";
import type { Reader, Tx } from "./rows";
import { loadBase } from "./snapshots";

export type { AppendResult, EventInput, LockedLoan } from "./append";
export { readChainRows, readChainRowsByLoan } from "./chain-rows";
export type { HighWaterMark, LateRecordedEvent } from "./read";
export {
  highWaterMark,
  holdsEvent,
  readLateEvents,
  readStoredEvents,
  readStream,
  readStreams,
} from "./read";
export type { LoanEventRow } from "./rows";
export { rowToEvent, toIsoTimestamp } from "./rows";
export type { Reader, Tx };

export interface LoanWrite extends WriteContext {
  loanNumber: string;
  /** Optimistic concurrency: the last sequence number the caller saw. */
  expectedSequence?: number;
  /**
   * Told the loan's state once the append is written (the new projection):
   * a caller that writes again soon (the demo generator) decides from it
   * instead of reading it back. null when the write did not read the payment
   * log (the state it has would lack it): read the projection then.
   */
  observe?: (current: EngineState | null) => void;
}

/**
 * Append events as given (their payloads validated, the rules checked). A
 * backdated event whose later outcomes would change is refused: only a
 * servicing command computes its restatement (executeCommand).
 */
async function appendEvents(
  options: LoanWrite & { events: readonly EventInput[] },
): Promise<AppendResult> {
  if (options.events.length === 0) throw new AppError("invalid_input", "Nothing to append.");
  const earliest = earliestEffective(options.events);
  const withPayments = options.events.some(
    (e) => !isEventType(e.eventType) || touchesPaymentLog(e.eventType),
  );
  return withLoanForWrite({ ...options, withPayments }, async (tx, locked) => {
    const correction = earliest !== null && isCorrectionDate(locked.projection.state, earliest);
    // The restatement check walks the stored payments (and their reversals).
    const target = correction ? await locked.withPaymentLog() : locked;
    const model = await target.modelFor(
      correction ? restatementBaseDate(earliest as string) : earliest,
    );
    if (correction && options.events.every((e) => isEventType(e.eventType))) {
      refuseUnrestated(model, options.events, target.loan.product);
    }
    return appendPrepared(tx, target, model, options, options.events);
  });
}

function refuseUnrestated(model: WriteModel, events: readonly EventInput[], product: string): void {
  let plan: ReturnType<typeof restate>;
  try {
    plan = restate(model, events, { id: "check", order: waterfallFor(product) });
  } catch (error) {
    // A payload the walk cannot read is for the schema check to name.
    if (error instanceof AppError) throw error;
    return;
  }
  if (plan.summary) {
    const first = events.find((e) => e.eventType !== "interest_accrual") ?? events[0];
    throw new AppError(
      "rule_violation",
      `This ${String(first?.eventType).replace("_", " ")} effective ${first?.effectiveDate} changes what later events on the loan did; post it as a servicing command (the loan page, or cli append) so they are restated.`,
    );
  }
}

/** What a command decides and would append, computed under the loan's lock. */
interface DecidedCommand {
  model: WriteModel;
  events: EventInput[];
  restatement: RestatementSummary | null;
}

/** Refuse a command dated after the business date before the loan is even locked. */
function refuseFutureCommand(options: LoanWrite & { command: ServicingCommand }): void {
  const today = businessDate(options.clock);
  const message = futureCommand(options.command, today);
  if (message) {
    throw new AppError("rule_violation", message, {
      field: "effectiveDate",
      businessDate: today,
      effectiveDate: "effectiveDate" in options.command ? options.command.effectiveDate : undefined,
    });
  }
}

async function decideUnderLock(
  locked: LoanForWrite,
  options: LoanWrite & { command: ServicingCommand },
): Promise<DecidedCommand & { target: LoanForWrite }> {
  const target = isCorrectionCommand(locked.projection.state, options.command)
    ? await locked.withPaymentLog()
    : locked;
  const model = await target.modelFor(earliestDateRead(target.projection.state, options.command));
  const decision = decideWithRestatement(model, options.command, {
    today: businessDate(options.clock),
    actor: options.actor,
    order: waterfallFor(target.loan.product),
    // Deterministic and unique: the loan and the first sequence number the correction takes.
    restatementId: `${target.loan.loanNumber}/${target.projection.throughSequence + 1}`,
  });
  return { model, target, ...decision };
}

/** Decide a servicing command from the loan's state and append its events (with a restatement when it is a correction). */
export async function executeCommand(
  options: LoanWrite & { command: ServicingCommand },
): Promise<AppendResult & { restatement: RestatementSummary | null }> {
  refuseFutureCommand(options);
  const withPayments = commandChangesPaymentLog(options.command);
  return withLoanForWrite({ ...options, withPayments }, async (tx, locked) => {
    const { model, target, events, restatement } = await decideUnderLock(locked, options);
    if (events.length === 0) {
      return {
        loanNumber: target.loan.loanNumber,
        appended: [],
        lastSequence: target.projection.throughSequence,
        restatement,
      };
    }
    return { ...(await appendPrepared(tx, target, model, options, events)), restatement };
  });
}

/**
 * The same computation as executeCommand, every check included, and nothing
 * written: the events that would be appended and every figure that changes.
 * Post with `expectedSequence: preview.lastSequence` so a change in between is
 * a conflict.
 */
export async function previewCommand(
  options: LoanWrite & { command: ServicingCommand },
): Promise<AppendPreview & { loanNumber: string }> {
  refuseFutureCommand(options);
  const withPayments = commandChangesPaymentLog(options.command);
  return withLoanForWrite({ ...options, withPayments }, async (_tx, locked) => {
    const { model, target, events, restatement } = await decideUnderLock(locked, options);
    const today = businessDate(options.clock);
    if (events.length === 0) {
      return { loanNumber: target.loan.loanNumber, ...previewAppend(model, [], null, today) };
    }
    const prepared = prepareAppend(target, model, {
      actor: options.actor,
      recordedAt: (options.clock ?? systemClock)().toISOString(),
      events,
      expectedSequence: options.expectedSequence,
    });
    const appended = prepared.rows.map(
      (r) =>
        ({
          sequenceNumber: r.sequenceNumber,
          eventType: r.eventType,
          effectiveDate: r.effectiveDate,
          eventData: r.eventData,
        }) as LoanEvent,
    );
    return {
      loanNumber: target.loan.loanNumber,
      ...previewAppend(model, appended, restatement, today),
    };
  });
}

/** Append the first events of a loan created in the same transaction. */
export async function appendToNewLoan(
  tx: Tx,
  loan: LockedLoan,
  options: WriteContext & { events: readonly EventInput[] },
): Promise<AppendResult> {
  const projection = projectStream(loan.id, [], null, loan.product);
  const target: LoanForWrite = {
    loan,
    projection,
    modelFor: async () => ({ current: projection.state }),
    withPaymentLog: async () => target,
  };
  return appendPrepared(tx, target, await target.modelFor(null), options, options.events);
}

async function appendPrepared(
  tx: Tx,
  target: LoanForWrite,
  model: Awaited<ReturnType<LoanForWrite["modelFor"]>>,
  options: WriteContext & Pick<LoanWrite, "expectedSequence" | "observe">,
  events: readonly EventInput[],
): Promise<AppendResult> {
  const prepared = prepareAppend(target, model, {
    actor: options.actor,
    recordedAt: (options.clock ?? systemClock)().toISOString(),
    events,
    expectedSequence: options.expectedSequence,
  });
  await writePrepared(tx, [prepared]);
  options.observe?.(prepared.projection.paymentsLoaded ? prepared.projection.state : null);
  return prepared.result;
}

/**
 * Run `work` in a transaction holding the loan's lock, with what it decides
 * from. A lost race on the sequence number surfaces as a `conflict` AppError.
 */
async function withLoanForWrite<T>(
  options: LoanWrite & { withPayments?: boolean },
  work: (tx: Tx, target: LoanForWrite) => Promise<T>,
): Promise<T> {
  try {
    return await options.db.transaction(async (tx) =>
      work(
        tx,
        await lockLoanForWrite(tx, options.loanNumber, { withPayments: options.withPayments }),
      ),
    );
  } catch (error) {
    throw asConflict(error, options.loanNumber);
  }
}

/** A unique violation on (loan_id, sequence_number) means another writer won the race. */
function asConflict(error: unknown, loanNumber: string): unknown {
  if (pgErrorCode(error) === UNIQUE_VIOLATION) {
    return new AppError(
      "conflict",
      `Loan ${loanNumber} was changed by someone else at the same moment; reload and try again.`,
    );
  }
  return error;
}

/**
 * What the borrower owes on `date` once the interest not yet accrued before
 * it is counted (what a payment that day would be split over): from the
 * loan's current state (`known`, or read from the projection) and a base
 * snapshot if `date` is before the latest event.
 */
export async function loadOwedState(
  db: Reader,
  loanId: number,
  date: string,
  known?: EngineState,
): Promise<LoanState> {
  let current = known;
  if (!current) {
    const projection = (await loadProjections(db, [loanId])).get(loanId);
    if (!projection) throw new AppError("not_found", `No loan with id ${loanId}.`);
    current = projection.state;
  }
  const start = accrualStart(current);
  const earliest = start !== null && start < date ? start : date;
  const model = needsBaseBefore({ current }, earliest)
    ? { current, base: await loadBase(db, loanId, earliest) }
    : { current };
  return toLoanState(catchUpTo(model, date).state, date, null);
}

/** How many events a loan has (its projection's sequence number). */
export async function streamLength(db: Reader, loanId: number): Promise<number> {
  return (await loadProjections(db, [loanId])).get(loanId)?.throughSequence ?? 0;
}

/** One event, as given. */
export function appendEvent(options: LoanWrite & EventInput): Promise<AppendResult> {
  const { eventType, effectiveDate, eventData, ...rest } = options;
  return appendEvents({ ...rest, events: [{ eventType, effectiveDate, eventData }] });
}
