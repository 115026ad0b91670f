/**
 * The live projection (table loan_projections): each loan's current figures
 * and engine state, the fold of every event in sequence order. Written by the
 * event store in the same transaction as every append; checked against the
 * stream's head whenever a write reads it, and rebuilt from the events when
 * it does not cover them (so it can never make a write decide from stale
 * state).
 */
import { asc, sql } from "drizzle-orm";
import type { LoanEvent } from "../../lib/events/types";
import { applyEvent } from "../../lib/replay/handlers";
import {
  deserializeState,
  type SerializedState,
  serializeState,
} from "../../lib/replay/snapshot";
import { type EngineState, initialEngineState, toSnapshot } from "../../lib/replay/state";
import type { Database } from "../client";
import { loanProjections, loans } from "../schema";
import { readHeads, readStreams } from "./read";
import { type Reader, type Tx, toIsoTimestamp } from "./rows";

export interface Projection {
  loanId: number;
  state: EngineState;
  throughSequence: number;
  lastHash: string | null;
  maxRecordedAt: string | null;
}

/** Fold a whole stream (sequence order): what the projection of it holds. */
export function projectStream(loanId: number, events: readonly LoanEvent[], lastHash: string | null): Projection {
  let state = initialEngineState();
  let maxRecordedAt: string | null = null;
  for (const e of events) {
    state = applyEvent(state, e);
    if (e.recordedAt && (maxRecordedAt === null || e.recordedAt > maxRecordedAt)) {
      maxRecordedAt = e.recordedAt;
    }
  }
  return { loanId, state, throughSequence: state.lastSequence, lastHash, maxRecordedAt };
}

/**
 * The current projections of some loans, each checked against its stream's
 * head (sequence and hash) and rebuilt from the events if it does not match
 * (missing, or written by older code). Two queries when all are current.
 */
export async function loadProjections(
  db: Reader,
  loanIds: readonly number[],
): Promise<Map<number, Projection>> {
  const out = new Map<number, Projection>();
  if (loanIds.length === 0) return out;
  const idList = `{${loanIds.join(",")}}`;
  const [rows, heads] = [
    await db
      .select({
        loanId: loanProjections.loanId,
        throughSequence: loanProjections.throughSequence,
        lastHash: loanProjections.lastHash,
        maxRecordedAt: loanProjections.maxRecordedAt,
        state: loanProjections.state,
      })
      .from(loanProjections)
      .where(sql`${loanProjections.loanId} = any(${idList}::bigint[])`),
    await readHeads(db, loanIds),
  ];
  const stale: number[] = [];
  const byId = new Map(rows.map((r) => [r.loanId, r]));
  for (const loanId of loanIds) {
    const row = byId.get(loanId);
    const head = heads.get(loanId) ?? { sequenceNumber: 0, hash: null };
    const json = row?.state as SerializedState | undefined;
    if (
      !row ||
      !json ||
      json.format !== SERIALIZED_FORMAT ||
      row.throughSequence !== head.sequenceNumber ||
      row.lastHash !== head.hash
    ) {
      stale.push(loanId);
      continue;
    }
    out.set(loanId, {
      loanId,
      state: deserializeState(json),
      throughSequence: row.throughSequence,
      lastHash: row.lastHash,
      maxRecordedAt: row.maxRecordedAt ? toIsoTimestamp(row.maxRecordedAt) : null,
    });
  }
  if (stale.length > 0) {
    const streams = await readStreams(db, stale);
    const rebuilt = stale.map((loanId) =>
      projectStream(loanId, streams.get(loanId) ?? [], heads.get(loanId)?.hash ?? null),
    );
    await writeProjections(db, rebuilt);
    for (const p of rebuilt) out.set(p.loanId, p);
  }
  return out;
}

const SERIALIZED_FORMAT = serializeState(initialEngineState()).format;

/** Upsert projections (one statement for any number of loans). */
export async function writeProjections(db: Reader | Tx, projections: readonly Projection[]): Promise<void> {
  if (projections.length === 0) return;
  const payload = projections.map((p) => {
    const figures = toSnapshot(p.state);
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
      state: serializeState(p.state),
    };
  });
  await db.execute(sql`
    insert into ${loanProjections}
      (loan_id, status, principal, interest, fees, total_outstanding, last_event_date,
       through_sequence, last_hash, max_recorded_at, state, updated_at)
    select loan_id, status, principal, interest, fees, total_outstanding, last_event_date,
       through_sequence, last_hash, max_recorded_at, state, now()
    from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as r(
      loan_id bigint, status text, principal numeric, interest numeric, fees numeric,
      total_outstanding numeric, last_event_date date, through_sequence int, last_hash text,
      max_recorded_at timestamptz, state jsonb)
    on conflict (loan_id) do update set
      status = excluded.status, principal = excluded.principal, interest = excluded.interest,
      fees = excluded.fees, total_outstanding = excluded.total_outstanding,
      last_event_date = excluded.last_event_date, through_sequence = excluded.through_sequence,
      last_hash = excluded.last_hash, max_recorded_at = excluded.max_recorded_at,
      state = excluded.state, updated_at = now()`);
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
      await tx.execute(
        sql`select id from ${loans} where id = any(${`{${batch.join(",")}}`}::bigint[]) order by id for update`,
      );
      const [streams, heads] = [await readStreams(tx, batch), await readHeads(tx, batch)];
      await writeProjections(
        tx,
        batch.map((id) => projectStream(id, streams.get(id) ?? [], heads.get(id)?.hash ?? null)),
      );
    });
    options.onProgress?.(Math.min(i + batchSize, ids.length), ids.length);
  }
  return { loans: ids.length };
}
