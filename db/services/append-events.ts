import { sql } from "drizzle-orm";
import { AppError } from "../../lib/app-error";
import { isIsoDate } from "../../lib/dates";
import { type EventType, isEventType } from "../../lib/events/event-types";
import { EventParseError, parsePayload } from "../../lib/events/parse";
import type { LoanEvent } from "../../lib/events/types";
import { checkAppend } from "../../lib/servicing/append-rules";
import type { EventInput } from "../../lib/servicing/commands";
import { eventHash } from "../chain";
import { loanEvents, type NewLoanEventRow } from "../schema";
import { type Clock, systemClock, type WriteContext } from "./context";
import { type LockedLoan, loadChain, lockLoan, type Tx } from "./loan-history";
import { pgErrorCode, UNIQUE_VIOLATION } from "./pg-errors";
import { invalidateSnapshots } from "./snapshots";

export type { EventInput };

export interface AppendedEvent {
  sequenceNumber: number;
  eventType: EventType;
  effectiveDate: string;
  recordedAt: string;
  eventData: LoanEvent["eventData"];
}

export interface AppendResult {
  loanNumber: string;
  appended: AppendedEvent[];
  lastSequence: number;
}

export interface AppendEventsOptions extends WriteContext {
  loanNumber: string;
  events: readonly EventInput[];
  /**
   * Optimistic concurrency: the last sequence number the caller saw. If another
   * writer appended since, the write is refused with a `conflict` error.
   */
  expectedSequence?: number;
}

/** Inserts at most this many rows per statement (bind parameter limits). */
const INSERT_CHUNK = 5000;

/**
 * The only way events are written: validates each payload with the engine's
 * schema, checks the servicing rules against the replayed history, assigns the
 * next sequence numbers and inserts everything in one transaction, or writes
 * nothing and throws an AppError.
 */
export async function appendEvents(options: AppendEventsOptions): Promise<AppendResult> {
  if (options.events.length === 0) {
    throw new AppError("invalid_input", "Nothing to append.");
  }
  return withLockedLoan(options, options.loanNumber, (tx, loan, history) =>
    appendToLoan(tx, loan, history, options),
  );
}

/**
 * Run `work` in a transaction holding the loan's lock, with its parsed history.
 * A lost race on the sequence number surfaces as a `conflict` AppError.
 */
export async function withLockedLoan<T>(
  ctx: WriteContext,
  loanNumber: string,
  work: (tx: Tx, loan: LockedLoan, history: LoanEvent[]) => Promise<T>,
): Promise<T> {
  try {
    return await ctx.db.transaction(async (tx) => {
      const loan = await lockLoan(tx, loanNumber);
      const { events, lastHash } = await loadChain(tx, loan.id);
      return work(tx, { ...loan, lastHash }, events);
    });
  } catch (error) {
    throw asConflict(error, loanNumber);
  }
}

export async function appendEvent(
  options: WriteContext & {
    loanNumber: string;
    expectedSequence?: number;
  } & EventInput,
): Promise<AppendResult> {
  const { eventType, effectiveDate, eventData, ...rest } = options;
  return appendEvents({ ...rest, events: [{ eventType, effectiveDate, eventData }] });
}

/** A unique violation on (loan_id, sequence_number) means another writer won the race. */
export function asConflict(error: unknown, loanNumber: string): unknown {
  if (pgErrorCode(error) === UNIQUE_VIOLATION) {
    return new AppError(
      "conflict",
      `Loan ${loanNumber} was changed by someone else at the same moment; reload and try again.`,
    );
  }
  return error;
}

export interface AppendRequest {
  actor: string;
  clock?: Clock;
  events: readonly EventInput[];
  expectedSequence?: number;
}

export interface PreparedAppend {
  rows: NewLoanEventRow[];
  result: AppendResult;
}

/**
 * Validate `request.events` after `history` and build the rows to insert, or
 * throw an AppError. Pure: the caller holds the loan's lock and inserts.
 */
export function prepareAppend(
  loan: LockedLoan,
  history: readonly LoanEvent[],
  request: AppendRequest,
): PreparedAppend {
  const lastSequence = history.at(-1)?.sequenceNumber ?? 0;
  if (request.expectedSequence !== undefined && request.expectedSequence !== lastSequence) {
    throw new AppError(
      "conflict",
      `Loan ${loan.loanNumber} has changed since you loaded it (you saw event #${request.expectedSequence}, it is now at #${lastSequence}); reload and try again.`,
      { expectedSequence: request.expectedSequence, lastSequence },
    );
  }
  if (!request.actor.trim()) throw new AppError("invalid_input", "recorded_by must not be empty.");
  const recordedAt = (request.clock ?? systemClock)().toISOString();
  const candidates = request.events.map((input, i) =>
    toCandidate(input, lastSequence + 1 + i, recordedAt, request.actor),
  );
  const problems = checkAppend(history, candidates);
  if (problems.length > 0) {
    const [first] = problems;
    const subject = candidates.find((c) => c.sequenceNumber === first?.sequenceNumber);
    throw new AppError(
      "rule_violation",
      `${subject ? `${humanType(subject.eventType)} refused` : "Refused"}: ${first?.message}.`,
      { problems },
    );
  }
  let prevHash = loan.lastHash ?? null;
  const rows = candidates.map((c) => {
    const row = {
      loanId: loan.id,
      sequenceNumber: c.sequenceNumber,
      eventType: c.eventType,
      eventData: c.eventData as Record<string, unknown>,
      effectiveDate: c.effectiveDate,
      recordedAt,
      recordedBy: request.actor,
      prevHash,
    };
    const hash = eventHash(row);
    prevHash = hash;
    return { ...row, hash };
  });
  return {
    rows,
    result: {
      loanNumber: loan.loanNumber,
      appended: candidates.map((c) => ({
        sequenceNumber: c.sequenceNumber,
        eventType: c.eventType,
        effectiveDate: c.effectiveDate,
        recordedAt,
        eventData: c.eventData,
      })),
      lastSequence: lastSequence + candidates.length,
    },
  };
}

/**
 * Insert rows with one statement per chunk: the rows travel as one JSON
 * parameter expanded server-side by jsonb_to_recordset, so a batch of
 * thousands costs one round trip and no per-row parameter binding (the same
 * SQL on PGlite and on the server).
 */
export async function insertEventRows(tx: Tx, rows: readonly NewLoanEventRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK).map((r) => ({
      loan_id: r.loanId,
      sequence_number: r.sequenceNumber,
      event_type: r.eventType,
      event_data: r.eventData,
      effective_date: r.effectiveDate,
      recorded_at: r.recordedAt ?? new Date().toISOString(),
      recorded_by: r.recordedBy,
      prev_hash: r.prevHash ?? null,
      hash: r.hash ?? null,
    }));
    await tx.execute(sql`
      insert into ${loanEvents}
        (loan_id, sequence_number, event_type, event_data, effective_date, recorded_at, recorded_by, prev_hash, hash)
      select loan_id, sequence_number, event_type, event_data, effective_date, recorded_at, recorded_by, prev_hash, hash
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as r(
        loan_id bigint, sequence_number int, event_type event_type, event_data jsonb,
        effective_date date, recorded_at timestamptz, recorded_by text, prev_hash text, hash text)`);
  }
  await invalidateSnapshots(tx, rows);
}

/** Validate and insert inside an open transaction that holds the loan's lock. */
export async function appendToLoan(
  tx: Tx,
  loan: LockedLoan,
  history: readonly LoanEvent[],
  request: AppendRequest,
): Promise<AppendResult> {
  const { rows, result } = prepareAppend(loan, history, request);
  await insertEventRows(tx, rows);
  return result;
}

function toCandidate(
  input: EventInput,
  sequenceNumber: number,
  recordedAt: string,
  recordedBy: string,
): LoanEvent {
  if (!isEventType(input.eventType)) {
    throw new AppError("invalid_input", `Unknown event type "${String(input.eventType)}".`, {
      field: "eventType",
    });
  }
  if (!isIsoDate(input.effectiveDate)) {
    throw new AppError(
      "invalid_input",
      `Effective date must be a real date in the form YYYY-MM-DD, got "${String(input.effectiveDate)}".`,
      { field: "effectiveDate" },
    );
  }
  try {
    const eventData = parsePayload(input.eventType, input.eventData);
    return {
      sequenceNumber,
      eventType: input.eventType,
      effectiveDate: input.effectiveDate,
      recordedAt,
      recordedBy,
      eventData,
    } as LoanEvent;
  } catch (error) {
    if (error instanceof EventParseError) {
      throw new AppError(
        "invalid_input",
        `${humanType(input.eventType)}: ${error.field ? `${error.field.replace(/^eventData\./, "")} ` : ""}${error.problem}.`,
        { field: error.field },
      );
    }
    throw error;
  }
}

export function humanType(eventType: string): string {
  const words = eventType.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
