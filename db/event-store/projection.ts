/**
 * The live projection (table loan_projections): each loan's current figures
 * and engine state, the fold of every event in sequence order. Written by the
 * event store in the same transaction as every append; checked against the
 * stream's head whenever a write reads it, and rebuilt from the events when
 * it does not cover them (so it can never make a write decide from stale
 * state).
 *
 * Beside the state, the row holds the loan's due basis (due_basis and its
 * `since` as delinquent_since, lib/delinquency/basis.ts): what the loans list
 * reads days past due from, for any date on or after the latest event, and
 * what the late-fee rule reads unpaid installments from. It is folded event
 * by event with the state (advanceBasis), so it covers exactly what the row
 * covers (through_sequence, last_hash) and is rebuilt with it.
 */
import { asc, sql } from "drizzle-orm";
import { AppError } from "../../lib/app-error";
import {
  type DueBasis,
  emptyBasis,
  evolveBasis,
  isDueBasis,
  settleBasis,
} from "../../lib/delinquency/basis";
import { toleranceFor } from "../../lib/due/tolerance";
import type { LoanEvent } from "../../lib/events/types";
import { applyEvent } from "../../lib/replay/handlers";
import {
  deserializeParts,
  type SerializedCore,
  type SerializedPayments,
  serializeState,
  splitSerialized,
} from "../../lib/replay/snapshot";
import { type EngineState, initialEngineState, toStanding } from "../../lib/replay/state";
import type { Database } from "../client";
import { loanProjections, loans } from "../schema";
import {
  checkPaymentsSeal,
  checkProjectionSeal,
  checkStoredRow,
  reportCacheMismatch,
  sealedDueDigest,
  sealedPaymentsDigest,
  sealPayments,
  sealProjection,
} from "./integrity";
import { partitionOf } from "./partitions";
import { readHeads, readStreams } from "./read";
import { executeNamed, type Reader, resultRows, type Tx, toIsoTimestamp } from "./rows";

export interface Projection {
  loanId: number;
  /**
   * The fold of every event. When `paymentsLoaded` is false its payment log
   * was not read (an accrual-only write): it may only fold interest accruals,
   * and only its core is written back.
   */
  state: EngineState;
  paymentsLoaded: boolean;
  throughSequence: number;
  lastHash: string | null;
  maxRecordedAt: string | null;
  /** The due basis of the same fold, settled (lib/delinquency/basis.ts). */
  due: DueBasis;
  /**
   * The stored row already holds exactly `due` (an append that left the basis
   * as it was read, as most accruals do): only delinquent_since is written.
   */
  dueStored?: boolean;
  /** The digest of `due` as read, which the row's valid seal vouched for. */
  dueDigest?: string;
  /**
   * The digest of the stored payment log its valid payments seal vouches for
   * (a snapshot an accrual takes seals the log it merges in SQL with it).
   */
  paymentsDigest?: string | null;
}

/**
 * Fold a whole stream (sequence order): what the projection of it holds.
 * `product` sets the delinquency tolerance of its due basis.
 */
export function projectStream(
  loanId: number,
  events: readonly LoanEvent[],
  lastHash: string | null,
  product?: string,
): Projection {
  let state = initialEngineState();
  let due = emptyBasis(toleranceFor(product));
  let maxRecordedAt: string | null = null;
  for (const e of events) {
    const next = applyEvent(state, e);
    due = evolveBasis(due, e, state, next);
    state = next;
    if (e.recordedAt && (maxRecordedAt === null || e.recordedAt > maxRecordedAt)) {
      maxRecordedAt = e.recordedAt;
    }
  }
  return {
    loanId,
    state,
    paymentsLoaded: true,
    throughSequence: state.lastSequence,
    lastHash,
    maxRecordedAt,
    due: settleBasis(due, state, { refill: true }),
  };
}

/**
 * The due basis after `candidates` (numbered after everything `state` folds),
 * settled on `end` (their fold), and the unsettled basis after each candidate
 * by sequence number (the month-end snapshots an append takes need theirs).
 */
export function advanceBasis(
  state: EngineState,
  due: DueBasis,
  candidates: readonly LoanEvent[],
  end: EngineState,
): { end: DueBasis; after: Map<number, DueBasis> } {
  const after = new Map<number, DueBasis>([[state.lastSequence, due]]);
  let s = state;
  let b = due;
  for (const e of candidates) {
    const next = applyEvent(s, e);
    b = evolveBasis(b, e, s, next);
    s = next;
    after.set(e.sequenceNumber, b);
  }
  return { end: settleBasis(b, end, { refill: true }), after };
}

export interface ProjectionRow {
  loan_id: number | string;
  loan_number: string;
  product: string;
  state: SerializedCore | null;
  payments: SerializedPayments | null;
  due_basis: unknown;
  through_sequence: number | null;
  last_hash: string | null;
  max_recorded_at: string | null;
  status: string | null;
  principal: string | null;
  interest: string | null;
  fees: string | null;
  total_outstanding: string | null;
  last_event_date: string | null;
  delinquent_since: string | null;
  seal: string | null;
  payments_seal: string | null;
  head_sequence: number | null;
  head_hash: string | null;
  head_event_type: string | null;
  head_event_data: unknown;
  head_effective_date: string | null;
  head_recorded_at: string | null;
  head_recorded_by: string | null;
  head_prev_hash: string | null;
  head_key_id: string | null;
  head_signature: string | null;
}

export interface LoanWithProjection {
  loan: { id: number; loanNumber: string; product: string };
  projection: Projection;
}

/**
 * Loans with their current projections, each checked against its stream's
 * head (sequence number and hash) and its seal in the same statement, and
 * rebuilt from the events when it does not match (missing, written before an
 * unchecked insert, or edited: that is reported). One statement for any
 * number of loans. With `verifyHead` (the write path) a loan whose last event
 * does not verify (hash, signature), or whose sealed projection covers more
 * events than the stream holds (events deleted), is refused.
 */
export async function selectWithProjections(
  db: Reader,
  where: { ids: readonly number[] },
  options: {
    withPayments?: boolean;
    verifyHead?: boolean;
    /**
     * With verifyHead: told of each loan refused, which is left out of the
     * result instead of failing the whole read (a batch of many loans).
     */
    onRefused?: (loanNumber: string, error: AppError) => void;
  } = {},
): Promise<LoanWithProjection[]> {
  const withPayments = options.withPayments ?? true;
  const { ids } = where;
  // One loan (every write, a loan page): its partitions named, so the text is
  // fixed per partition and prepared once per connection, and its generic plan
  // reads (and, when bound, locks) one partition of each table instead of all
  // 16 with their indexes. Many (a batch): the parents, planned each time.
  const single = ids.length === 1 ? Number(ids[0]) : null;
  const part = single !== null ? partitionOf(single) : null;
  const projections = part ? sql.raw(`loan_projections_${part}`) : sql`${loanProjections}`;
  const events = part ? sql.raw(`loan_events_${part}`) : sql.raw("loan_events");
  const filter =
    single !== null
      ? sql`l.id = ${single}::bigint`
      : sql`l.id = any(${`{${ids.join(",")}}`}::bigint[])`;
  const query = sql`
    select l.id as loan_id, l.loan_number, l.product, p.state,
      ${withPayments ? sql`p.payments` : sql`null::jsonb`} as payments, p.due_basis,
      p.through_sequence, p.last_hash,
      p.max_recorded_at::text as max_recorded_at, p.status, p.principal::text as principal,
      p.interest::text as interest, p.fees::text as fees,
      p.total_outstanding::text as total_outstanding, p.last_event_date::text as last_event_date,
      p.delinquent_since::text as delinquent_since, p.seal, p.payments_seal,
      h.sequence_number as head_sequence, h.hash as head_hash,
      h.event_type::text as head_event_type, h.event_data as head_event_data,
      h.effective_date::text as head_effective_date, h.recorded_at::text as head_recorded_at,
      h.recorded_by as head_recorded_by, h.prev_hash as head_prev_hash,
      h.key_id as head_key_id, h.signature as head_signature
    from ${loans} l
    left join ${projections} p on p.loan_id = l.id
    left join lateral (
      select e.sequence_number, e.hash, e.event_type, e.event_data, e.effective_date,
        e.recorded_at, e.recorded_by, e.prev_hash, e.key_id, e.signature
      from ${events} e
      where e.loan_id = l.id order by e.sequence_number desc limit 1
    ) h on true
    where ${filter}
    order by l.id`;
  const result = part
    ? await executeNamed(db, `loan_by_id_${part}${withPayments ? "" : "_no_payments"}`, query)
    : await db.execute(query);
  return projectionsOfRows(db, resultRows<ProjectionRow>(result), { ...options, withPayments });
}

/**
 * The rows of selectWithProjections' query (or of the lock_loan_for_write
 * function, migration 0023, which returns the same columns) as loans with
 * their projections: seals checked, the head verified when asked, stale or
 * missing projections rebuilt from the stream and written.
 */
export async function projectionsOfRows(
  db: Reader,
  rows: readonly ProjectionRow[],
  options: {
    withPayments: boolean;
    verifyHead?: boolean;
    onRefused?: (loanNumber: string, error: AppError) => void;
  },
): Promise<LoanWithProjection[]> {
  const { withPayments } = options;
  const out: LoanWithProjection[] = [];
  const stale: {
    index: number;
    loanId: number;
    headHash: string | null;
    product: string;
    /** Served from the replay but not written: the row is evidence of deleted events. */
    keep?: boolean;
  }[] = [];
  for (const row of rows) {
    const loanId = Number(row.loan_id);
    const loan = { id: loanId, loanNumber: row.loan_number, product: row.product };
    const json = row.state;
    const headSequence = row.head_sequence ?? 0;
    const due = row.due_basis;
    const sealed = json ? sealStatus(loanId, row, withPayments) : "missing";
    if (options.verifyHead) {
      const refusal = writeRefusal(loanId, row, sealed);
      if (refusal) {
        if (!options.onRefused) throw refusal;
        options.onRefused(row.loan_number, refusal);
        continue;
      }
    }
    if (sealed === "valid" && (row.through_sequence ?? 0) > headSequence) {
      // A projection this server sealed covers events the stream no longer has.
      console.warn(
        `[integrity] loan ${row.loan_number}: the stream ends at #${headSequence} but its sealed projection covers #${row.through_sequence} (events deleted?); served from the replay, the projection kept as evidence`,
      );
      stale.push({
        index: out.length,
        loanId,
        headHash: row.head_hash,
        product: row.product,
        keep: true,
      });
      out.push({ loan, projection: projectStream(loanId, [], null, row.product) });
      continue;
    }
    if (sealed !== "valid") {
      reportCacheMismatch({ cache: "projection", loanId, status: sealed });
    }
    if (
      sealed !== "valid" ||
      !json ||
      json.format !== SERIALIZED_FORMAT ||
      (withPayments && !row.payments) ||
      !isDueBasis(due) ||
      due.pending ||
      due.tolerance !== toleranceFor(row.product) ||
      row.through_sequence !== headSequence ||
      row.last_hash !== row.head_hash
    ) {
      stale.push({ index: out.length, loanId, headHash: row.head_hash, product: row.product });
      out.push({ loan, projection: projectStream(loanId, [], null, row.product) });
      continue;
    }
    out.push({
      loan,
      projection: {
        loanId,
        state: deserializeParts(json, withPayments ? row.payments : null),
        paymentsLoaded: withPayments,
        throughSequence: headSequence,
        lastHash: row.last_hash,
        maxRecordedAt: row.max_recorded_at ? toIsoTimestamp(row.max_recorded_at) : null,
        due,
        dueDigest: row.seal ? sealedDueDigest(row.seal) : undefined,
        paymentsDigest: sealedPaymentsDigest(row.payments_seal, loanId),
      },
    });
  }
  if (stale.length > 0) {
    const streams = await readStreams(
      db,
      stale.map((s) => s.loanId),
    );
    const rebuilt = stale.map((s) =>
      projectStream(s.loanId, streams.get(s.loanId) ?? [], s.headHash, s.product),
    );
    await writeProjections(
      db,
      rebuilt.filter((_, i) => !stale[i]?.keep),
    );
    stale.forEach((s, i) => {
      const entry = out[s.index];
      if (entry) entry.projection = rebuilt[i] as Projection;
    });
  }
  return out;
}

/** The current projections of some loans (see selectWithProjections). */
export async function loadProjections(
  db: Reader,
  loanIds: readonly number[],
): Promise<Map<number, Projection>> {
  if (loanIds.length === 0) return new Map();
  const rows = await selectWithProjections(db, { ids: loanIds });
  return new Map(rows.map((r) => [r.loan.id, r.projection]));
}

const SERIALIZED_FORMAT = serializeState(initialEngineState()).format;

/** Whether a projection row's seal holds for what was read of it. */
function sealStatus(loanId: number, row: ProjectionRow, withPayments: boolean) {
  const core = checkProjectionSeal(
    row.seal,
    {
      loanId,
      throughSequence: row.through_sequence ?? 0,
      lastHash: row.last_hash,
      status: row.status ?? "",
      principal: row.principal ?? "0",
      interest: row.interest ?? "0",
      fees: row.fees ?? "0",
      totalOutstanding: row.total_outstanding ?? "0",
      lastEventDate: row.last_event_date,
      maxRecordedAt: row.max_recorded_at,
      delinquentSince: row.delinquent_since,
    },
    { core: row.state, due: row.due_basis },
  );
  if (core !== "valid" || !withPayments) return core;
  return checkPaymentsSeal(row.payments_seal, loanId, row.payments);
}

/**
 * Why a loan may not be written to (null: it may): its last stored event
 * does not verify on its own, or its sealed projection covers events the
 * stream no longer has.
 */
function writeRefusal(loanId: number, row: ProjectionRow, sealed: string): AppError | null {
  const headSequence = row.head_sequence ?? 0;
  if (sealed === "valid" && (row.through_sequence ?? 0) > headSequence) {
    return new AppError(
      "rule_violation",
      `Loan ${row.loan_number} refused: its history ends at event #${headSequence} but the server recorded #${row.through_sequence}; events were deleted from the database. Run \`cli verify\` and restore the history before writing to it.`,
      { loanNumber: row.loan_number, lastSequence: headSequence },
    );
  }
  if (row.head_sequence === null) return null;
  // A valid seal over exactly this head vouches for its hash (checkStoredRow).
  const vouched =
    sealed === "valid" && row.through_sequence === row.head_sequence ? row.last_hash : null;
  const problem = checkStoredRow(
    {
      loanId,
      sequenceNumber: Number(row.head_sequence),
      eventType: row.head_event_type ?? "",
      eventData:
        typeof row.head_event_data === "string"
          ? JSON.parse(row.head_event_data)
          : row.head_event_data,
      effectiveDate: row.head_effective_date ?? "",
      recordedAt: row.head_recorded_at ?? "",
      recordedBy: row.head_recorded_by ?? "",
      prevHash: row.head_prev_hash,
      hash: row.head_hash,
      keyId: row.head_key_id,
      signature: row.head_signature,
    },
    undefined,
    vouched,
  );
  if (problem) {
    return new AppError(
      "rule_violation",
      `Loan ${row.loan_number} refused: its last event (#${row.head_sequence}) does not verify (${problem.problem}), so its history may have been altered outside the app. Run \`cli verify\`; rows written before signing existed are signed once with \`cli seal\`.`,
      {
        loanNumber: row.loan_number,
        sequenceNumber: Number(row.head_sequence),
        problem: problem.problem,
      },
    );
  }
  return null;
}

/** A projection as a row of jsonb_to_recordset (upsertProjectionsSql). */
export function projectionRecord(p: Projection) {
  const figures = toStanding(p.state);
  const { core, payments } = splitSerialized(serializeState(p.state));
  const seal = sealProjection(
    {
      loanId: p.loanId,
      throughSequence: p.throughSequence,
      lastHash: p.lastHash,
      status: figures.status,
      principal: figures.principal,
      interest: figures.interest,
      fees: figures.fees,
      totalOutstanding: figures.totalOutstanding,
      lastEventDate: p.state.facts.lastEffectiveDate,
      maxRecordedAt: p.maxRecordedAt,
      delinquentSince: p.due.since,
    },
    core,
    p.due,
    p.dueDigest,
  );
  return {
    loan_id: p.loanId,
    status: figures.status,
    principal: figures.principal,
    interest: figures.interest,
    fees: figures.fees,
    total_outstanding: figures.totalOutstanding,
    last_event_date: p.state.facts.lastEffectiveDate,
    through_sequence: p.throughSequence,
    last_hash: p.lastHash,
    max_recorded_at: p.maxRecordedAt,
    state: core,
    // null: not read, so unchanged (an accrual-only write keeps the stored log).
    payments: p.paymentsLoaded ? payments : null,
    // null: unchanged since it was read (the stored basis is kept, as with the payment log).
    due_basis: p.dueStored ? null : p.due,
    delinquent_since: p.due.since,
    seal,
    payments_seal: p.paymentsLoaded ? sealPayments(p.loanId, payments) : null,
  };
}

/** The upsert of projections given as a JSON array of projectionRecord rows. */
export function upsertProjectionsSql(json: string) {
  return sql`
    insert into ${loanProjections}
      (loan_id, status, principal, interest, fees, total_outstanding, last_event_date,
       through_sequence, last_hash, max_recorded_at, state, payments, due_basis,
       delinquent_since, seal, payments_seal, updated_at)
    select loan_id, status, principal, interest, fees, total_outstanding, last_event_date,
       through_sequence, last_hash, max_recorded_at, state, payments, due_basis,
       delinquent_since, seal, payments_seal, now()
    from jsonb_to_recordset(${json}::jsonb) as r(
      loan_id bigint, status text, principal numeric, interest numeric, fees numeric,
      total_outstanding numeric, last_event_date date, through_sequence int, last_hash text,
      max_recorded_at timestamptz, state jsonb, payments jsonb, due_basis jsonb,
      delinquent_since date, seal text, payments_seal text)
    on conflict (loan_id) do update set
      status = excluded.status, principal = excluded.principal, interest = excluded.interest,
      fees = excluded.fees, total_outstanding = excluded.total_outstanding,
      last_event_date = excluded.last_event_date, through_sequence = excluded.through_sequence,
      last_hash = excluded.last_hash, max_recorded_at = excluded.max_recorded_at,
      state = excluded.state,
      payments = coalesce(excluded.payments, ${loanProjections}.payments),
      due_basis = coalesce(excluded.due_basis, ${loanProjections}.due_basis),
      delinquent_since = excluded.delinquent_since,
      seal = excluded.seal,
      payments_seal = coalesce(excluded.payments_seal, ${loanProjections}.payments_seal),
      updated_at = now()`;
}

/** Upsert projections (one statement for any number of loans). */
async function writeProjections(
  db: Reader | Tx,
  projections: readonly Projection[],
): Promise<void> {
  if (projections.length === 0) return;
  await db.execute(upsertProjectionsSql(JSON.stringify(projections.map(projectionRecord))));
}

/**
 * Rebuild the projections of some loans (default: every loan) from their
 * events, in batches (the book is never held in memory). The projection is a
 * cache: the result is what the append path would have written.
 */
export async function rebuildProjections(options: {
  db: Database;
  loanIds?: readonly number[];
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}): Promise<{ loans: number }> {
  const { db } = options;
  const ids =
    options.loanIds ??
    (await db.select({ id: loans.id }).from(loans).orderBy(asc(loans.id))).map((l) => l.id);
  const batchSize = options.batchSize ?? 100;
  for (let i = 0; i < ids.length; i += batchSize) {
    const batch = ids.slice(i, i + batchSize);
    await db.transaction(async (tx) => {
      // Lock the loans so no append moves a head while its projection is rebuilt.
      const locked = resultRows<{ id: number | string; product: string }>(
        await tx.execute(
          sql`select id, product from ${loans} where id = any(${`{${batch.join(",")}}`}::bigint[]) order by id for update`,
        ),
      );
      const products = new Map(locked.map((l) => [Number(l.id), l.product]));
      const [streams, heads] = [await readStreams(tx, batch), await readHeads(tx, batch)];
      await writeProjections(
        tx,
        batch.map((id) =>
          projectStream(id, streams.get(id) ?? [], heads.get(id)?.hash ?? null, products.get(id)),
        ),
      );
    });
    options.onProgress?.(Math.min(i + batchSize, ids.length), ids.length);
  }
  return { loans: ids.length };
}
