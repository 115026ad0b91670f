/**
 * Appending: the only code that writes `loan_events`. Under the loan's row
 * lock it reads the loan's write model (the live projection, checked against
 * the stream head; for a backdated write also the nearest snapshot and its
 * tail), validates every payload with the engine's schema, checks the
 * servicing rules from state, refuses any event effective after the business
 * date, checks the caller's expected version, chains
 * the hashes, inserts the rows and, in the same transaction, updates the
 * projection, takes the month-end snapshots the loan crossed and invalidates
 * the ones a backdated event made stale. Either all of that happens or
 * nothing is written and an AppError says why.
 */
import { asc, inArray, sql } from "drizzle-orm";
import { AppError } from "../../lib/app-error";
import { signEventHash } from "../../lib/chain/signing";
import { isIsoDate } from "../../lib/dates";
import { type DueBasis, settleBasis } from "../../lib/delinquency/basis";
import { type EventType, isEventType } from "../../lib/events/event-types";
import { EventParseError, parsePayload } from "../../lib/events/parse";
import type { LoanEvent } from "../../lib/events/types";
import { monthEndsCrossed, type Snapshot } from "../../lib/replay/snapshot";
import { futureDated, mainProblem } from "../../lib/servicing/business-date";
import { type EventInput, touchesPaymentLog } from "../../lib/servicing/decide";
import { checkAppend } from "../../lib/servicing/rules";
import { needsBaseBefore, type WriteModel } from "../../lib/servicing/write-model";
import { eventHash } from "../chain";
import { loanEvents, loanProjections, loans, type NewLoanEventRow } from "../schema";
import { businessDateAt } from "../services/context";
import { currentKey } from "../signing-key";
import {
  advanceBasis,
  type Projection,
  type ProjectionRow,
  projectionRecord,
  projectionsOfRows,
  selectWithProjections,
  upsertProjectionsSql,
} from "./projection";
import { executeNamed, resultRows, type Tx } from "./rows";
import {
  invalidateSnapshots,
  invalidateSnapshotsSql,
  loadBase,
  retireSnapshotsSql,
  snapshotRecord,
} from "./snapshots";

export type { EventInput };

export interface LockedLoan {
  id: number;
  loanNumber: string;
  product: string;
}

interface AppendedEvent {
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

/** A loan locked for writing, with what it decides from. */
export interface LoanForWrite {
  loan: LockedLoan;
  projection: Projection;
  /** Adds the base for decisions about dates before the loan's latest event. */
  modelFor(earliestDate: string | null): Promise<WriteModel>;
  /**
   * The same loan with its payment log read (itself when it was): a write
   * read without it finds it needs it (a correction restates payments).
   */
  withPaymentLog(): Promise<LoanForWrite>;
}

export interface AppendRequest {
  actor: string;
  /** When the rows are recorded (recorded_at). */
  recordedAt: string;
  /**
   * No event may take effect after this date. Default: the business date of
   * `recordedAt` (LOAN_REPLAY_BUSINESS_DATE, else its UTC date), so a caller's
   * clock sets both.
   */
  businessDate?: string;
  events: readonly EventInput[];
  /** The last sequence number the caller saw: another writer since means `conflict`. */
  expectedSequence?: number;
}

/** Inserts at most this many rows per statement (bind parameter limits). */
const INSERT_CHUNK = 5000;

/**
 * Lock many loans (in id order, the order every writer uses: no deadlocks)
 * with their projections. A loan whose history does not verify is refused:
 * left out and told to `onRefused` when given (a batch goes on without it),
 * otherwise the whole call fails.
 */
export async function lockLoansForWrite(
  tx: Tx,
  loanIds: readonly number[],
  options: {
    withPayments?: boolean;
    onRefused?: (loanNumber: string, error: AppError) => void;
  } = {},
): Promise<Map<number, LoanForWrite>> {
  if (loanIds.length === 0) return new Map();
  await tx
    .select({ id: loans.id })
    .from(loans)
    .where(inArray(loans.id, [...loanIds]))
    .orderBy(asc(loans.id))
    .for("update");
  // A separate statement: under READ COMMITTED it sees what the writers we
  // waited for committed (a statement that locks and reads would read the
  // snapshot it took before waiting).
  const rows = await selectWithProjections(tx, { ids: loanIds }, { ...options, verifyHead: true });
  return new Map(rows.map((r) => [r.loan.id, forWrite(tx, r.loan, r.projection)]));
}

/**
 * Lock one loan's row for the rest of the transaction (appends to one loan are
 * serialised, so sequence numbers stay gapless and duplicate-free), then read
 * what it decides from (see lockLoansForWrite): one round trip, the
 * lock_loan_for_write function (migration 0023) taking the lock and then
 * reading in a statement of its own, so the read sees what a writer it
 * waited for committed.
 */
export async function lockLoanForWrite(
  tx: Tx,
  loanNumber: string,
  options: { withPayments?: boolean } = {},
): Promise<LoanForWrite> {
  const withPayments = options.withPayments ?? true;
  const rows = resultRows<ProjectionRow>(
    await executeNamed(
      tx,
      withPayments ? "lock_loan_for_write" : "lock_loan_for_write_no_payments",
      sql`select * from lock_loan_for_write(${loanNumber}, ${sql.raw(String(withPayments))})`,
    ),
  );
  const [row] = await projectionsOfRows(tx, rows, { withPayments, verifyHead: true });
  if (!row) throw new AppError("not_found", `No loan ${loanNumber}.`, { loanNumber });
  return forWrite(tx, row.loan, row.projection);
}

function forWrite(tx: Tx, loan: LockedLoan, projection: Projection): LoanForWrite {
  const target: LoanForWrite = {
    loan,
    projection,
    async modelFor(earliestDate) {
      const current = projection.state;
      if (earliestDate === null || !needsBaseBefore({ current }, earliestDate)) return { current };
      return { current, base: await loadBase(tx, loan.id, earliestDate) };
    },
    async withPaymentLog() {
      if (projection.paymentsLoaded) return target;
      // Under the same lock: the row read again, whole, checked as the first read was.
      const [row] = await selectWithProjections(
        tx,
        { ids: [loan.id] },
        { withPayments: true, verifyHead: true },
      );
      if (!row) throw new AppError("not_found", `No loan ${loan.loanNumber}.`);
      return forWrite(tx, row.loan, row.projection);
    },
  };
  return target;
}

/** The earliest effective date among some inputs (null if none is a real date). */
export function earliestEffective(events: readonly EventInput[]): string | null {
  let min: string | null = null;
  for (const e of events) {
    if (isIsoDate(e.effectiveDate) && (min === null || e.effectiveDate < min))
      min = e.effectiveDate;
  }
  return min;
}

export interface PreparedAppend {
  rows: NewLoanEventRow[];
  result: AppendResult;
  projection: Projection;
  snapshots: Snapshot[];
  /** The due basis of each snapshot (same order), settled on its state. */
  snapshotBases: DueBasis[];
  backdated: boolean;
  /** The hash of the loan's last event before the append. */
  headHash: string | null;
  /** The stored payment log's digest, as its seal vouches (see Projection.paymentsDigest). */
  paymentsDigest?: string | null;
}

/**
 * Validate `request.events` after the loan's stored events and build what to
 * write, or throw an AppError. Pure: the caller holds the lock and writes.
 */
export function prepareAppend(
  target: LoanForWrite,
  model: WriteModel,
  request: AppendRequest,
): PreparedAppend {
  const { loan, projection } = target;
  const lastSequence = projection.throughSequence;
  if (request.expectedSequence !== undefined && request.expectedSequence !== lastSequence) {
    throw new AppError(
      "conflict",
      `Loan ${loan.loanNumber} has changed since you loaded it (you saw event #${request.expectedSequence}, it is now at #${lastSequence}); reload and try again.`,
      { expectedSequence: request.expectedSequence, lastSequence },
    );
  }
  if (request.events.length === 0) throw new AppError("invalid_input", "Nothing to append.");
  if (!request.actor.trim()) throw new AppError("invalid_input", "recorded_by must not be empty.");
  const { recordedAt } = request;
  const candidates = request.events.map((input, i) =>
    toCandidate(input, lastSequence + 1 + i, recordedAt, request.actor),
  );
  const today = request.businessDate ?? businessDateAt(recordedAt);
  const future = mainProblem(futureDated(candidates, today));
  if (future) {
    throw new AppError("rule_violation", future.message, {
      field: "effectiveDate",
      businessDate: today,
      effectiveDate: future.effectiveDate,
    });
  }
  if (!projection.paymentsLoaded && candidates.some((c) => touchesPaymentLog(c.eventType))) {
    throw new Error("a projection read without its payment log cannot take a payment or reversal");
  }
  const { problems, end } = checkAppend(model, candidates);
  if (problems.length > 0) {
    const [first] = problems;
    const subject = candidates.find((c) => c.sequenceNumber === first?.sequenceNumber);
    throw new AppError(
      "rule_violation",
      `${subject ? `${humanType(subject.eventType)} refused` : "Refused"}: ${first?.message}.`,
      { problems },
    );
  }
  let prevHash = projection.lastHash;
  const key = currentKey();
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
    return { ...row, hash, keyId: key.keyId, signature: signEventHash(key, hash) };
  });
  const lastEffective = projection.state.facts.lastEffectiveDate;
  const due = advanceBasis(projection.state, projection.due, candidates, end);
  const snapshots = monthEndsCrossed(projection.state, candidates, projection.maxRecordedAt);
  return {
    rows,
    projection: {
      loanId: loan.id,
      paymentsLoaded: projection.paymentsLoaded,
      paymentsDigest: projection.paymentsDigest,
      state: end,
      throughSequence: lastSequence + candidates.length,
      lastHash: prevHash,
      maxRecordedAt:
        projection.maxRecordedAt && projection.maxRecordedAt > recordedAt
          ? projection.maxRecordedAt
          : recordedAt,
      due: due.end,
      // The same object as read from the table: no event of this append changed the basis.
      dueStored: lastSequence > 0 && due.end === projection.due,
      // Only while `due` is the basis as read: its digest is then the one its seal vouched for.
      dueDigest: due.end === projection.due ? projection.dueDigest : undefined,
    },
    snapshots,
    snapshotBases: snapshots.map((snap) =>
      settleBasis(due.after.get(snap.throughSequence) ?? projection.due, snap.state, {
        refill: true,
      }),
    ),
    backdated: lastEffective !== null && candidates.some((c) => c.effectiveDate < lastEffective),
    headHash: projection.lastHash,
    paymentsDigest: projection.paymentsDigest,
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
 * Write prepared appends of one or many loans in ONE statement (data-modifying
 * CTEs, so one round trip on the server and one prepared statement on
 * PGlite): the event rows, the projections, the month-end snapshots crossed
 * with their retention, and the invalidation of snapshots a backdated event
 * landed on or before.
 */
export async function writePrepared(tx: Tx, prepared: readonly PreparedAppend[]): Promise<void> {
  let rows = prepared.flatMap((p) => p.rows);
  if (rows.length > INSERT_CHUNK) {
    // Very large batches (an import, a long catch-up): the rows in chunks first,
    // so bind and JSON sizes stay bounded; the rest in the statement below.
    await insertEventRows(tx, rows);
    rows = [];
  }
  const events = JSON.stringify(rows.map(eventRecord));
  const projections = JSON.stringify(prepared.map((p) => projectionRecord(p.projection)));
  const snapshotList = snapshotRows(prepared);
  const staleList = backdatedRows(prepared);
  // Only the parts this append needs: each statement on the partitioned
  // snapshots is planned over every partition (its loan ids arrive as JSON),
  // which cost a plain append more than its writes.
  const parts = [
    sql`new_events as (
      insert into ${loanEvents}
        (loan_id, sequence_number, event_type, event_data, effective_date, recorded_at, recorded_by, prev_hash, hash, key_id, signature)
      select loan_id, sequence_number, event_type, event_data, effective_date, recorded_at, recorded_by, prev_hash, hash, key_id, signature
      from jsonb_to_recordset(${events}::jsonb) as r(${EVENT_COLUMNS})
      returning 1
    )`,
    sql`new_projections as (
      ${upsertProjectionsSql(projections)}
      returning 1
    )`,
  ];
  if (snapshotList.length > 0) {
    const snapshots = JSON.stringify(
      snapshotList.map((r) => ({ ...snapshotRecord(r), payments_loaded: r.paymentsLoaded })),
    );
    parts.push(
      sql`new_snapshots as (
      -- A state folded without its payment log (accruals only) gets the stored
      -- log, which those accruals did not change (CTEs read the table as it was).
      insert into loan_snapshots
        (loan_id, as_of_date, through_sequence, max_recorded_at, state, due_basis, last_hash, seal)
      select r.loan_id, r.as_of_date, r.through_sequence, r.max_recorded_at,
        case when r.payments_loaded then r.state
             else jsonb_set(r.state, '{state}', (r.state -> 'state') || p.payments) end,
        r.due_basis, r.last_hash, r.seal
      from jsonb_to_recordset(${snapshots}::jsonb) as r(${SNAPSHOT_COLUMNS})
      left join ${loanProjections} p on p.loan_id = r.loan_id
      returning 1
    )`,
      sql`retired as (
      ${retireSnapshotsSql(snapshots)}
      returning 1
    )`,
    );
  }
  if (staleList.length > 0) {
    const stale = JSON.stringify(
      staleList.map((r) => ({ loan_id: r.loanId, eff: r.effectiveDate, at: r.recordedAt })),
    );
    parts.push(sql`invalidated as (
      ${invalidateSnapshotsSql(stale)}
      returning 1
    )`);
  }
  const statement = sql`
    with ${sql.join(parts, sql`, `)}
    select (select count(*) from new_events) as events`;
  // Events and projections only (most appends, every accrual batch without a
  // month end): a fixed text, prepared once per connection.
  if (parts.length === 2) await executeNamed(tx, "append_events_projections", statement);
  else await tx.execute(statement);
}

function snapshotRows(prepared: readonly PreparedAppend[]) {
  return prepared.flatMap((p) => {
    // The hash of each event a snapshot may end at: the head before the append, or a new row.
    const hashes = new Map<number, string | null>([
      [p.projection.throughSequence - p.rows.length, p.headHash],
    ]);
    for (const r of p.rows) hashes.set(r.sequenceNumber, r.hash ?? null);
    return p.snapshots.map((snapshot, i) => ({
      loanId: p.projection.loanId,
      snapshot,
      due: p.snapshotBases[i] ?? null,
      paymentsLoaded: p.projection.paymentsLoaded,
      lastHash: hashes.get(snapshot.throughSequence) ?? null,
      // Folded without its payment log: the stored one is merged in SQL, vouched for by its seal.
      paymentsDigest: p.projection.paymentsLoaded ? undefined : (p.paymentsDigest ?? null),
    }));
  });
}

/** Only an event dated before the loan's latest one can land on or before a snapshot. */
function backdatedRows(prepared: readonly PreparedAppend[]) {
  return prepared
    .filter((p) => p.backdated)
    .flatMap((p) =>
      p.rows.map((r) => ({
        loanId: r.loanId,
        effectiveDate: r.effectiveDate,
        recordedAt: r.recordedAt ?? null,
      })),
    );
}

const EVENT_COLUMNS =
  sql.raw(`loan_id bigint, sequence_number int, event_type event_type, event_data jsonb,
  effective_date date, recorded_at timestamptz, recorded_by text, prev_hash text, hash text,
  key_id text, signature text`);
const SNAPSHOT_COLUMNS = sql.raw(
  "loan_id bigint, as_of_date date, through_sequence int, max_recorded_at timestamptz, state jsonb, due_basis jsonb, last_hash text, seal text, payments_loaded boolean",
);

function eventRecord(r: NewLoanEventRow) {
  return {
    loan_id: r.loanId,
    sequence_number: r.sequenceNumber,
    event_type: r.eventType,
    event_data: r.eventData,
    effective_date: r.effectiveDate,
    recorded_at: r.recordedAt ?? new Date().toISOString(),
    recorded_by: r.recordedBy,
    prev_hash: r.prevHash ?? null,
    hash: r.hash ?? null,
    key_id: r.keyId ?? null,
    signature: r.signature ?? null,
  };
}

/**
 * Insert rows with one statement per chunk: the rows travel as one JSON
 * parameter expanded server-side by jsonb_to_recordset, so a batch of
 * thousands costs one round trip and no per-row parameter binding.
 */
async function insertEventRows(tx: Tx, rows: readonly NewLoanEventRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK).map(eventRecord);
    await tx.execute(sql`
      insert into ${loanEvents}
        (loan_id, sequence_number, event_type, event_data, effective_date, recorded_at, recorded_by, prev_hash, hash, key_id, signature)
      select loan_id, sequence_number, event_type, event_data, effective_date, recorded_at, recorded_by, prev_hash, hash, key_id, signature
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as r(${EVENT_COLUMNS})`);
  }
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

function humanType(eventType: string): string {
  const words = eventType.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Insert rows exactly as given, without the rules: for tests and tools that
 * need histories the write path would refuse. Snapshots they make stale are
 * invalidated; the projection notices its head moved and rebuilds itself on
 * its next read.
 */
export async function insertUncheckedRows(tx: Tx, rows: readonly NewLoanEventRow[]): Promise<void> {
  await insertEventRows(tx, rows);
  await invalidateSnapshots(
    tx,
    rows.map((r) => ({
      loanId: r.loanId,
      effectiveDate: r.effectiveDate,
      recordedAt: r.recordedAt,
    })),
  );
}
