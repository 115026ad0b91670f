/**
 * Month-end snapshots (table loan_snapshots), the event store's side: the
 * nearest valid one before a date with the events after it (the base a
 * backdated write decides from), the ones an append makes exact as a loan
 * crosses a month end, and their invalidation by backdated events.
 * lib/replay/snapshot.ts says when a snapshot is exact.
 */
import { and, desc, eq, gt, isNull, lte, or, sql } from "drizzle-orm";
import type { DueBasis } from "../../lib/delinquency/basis";
import {
  deserializeState,
  type SerializedState,
  type Snapshot,
  serializeState,
} from "../../lib/replay/snapshot";
import { initialEngineState } from "../../lib/replay/state";
import type { BaseState } from "../../lib/servicing/write-model";
import { loanSnapshots } from "../schema";
import { checkSnapshotSeal, reportCacheMismatch, sealSnapshot } from "./integrity";
import { readHashesAt, readStream } from "./read";
import type { Reader } from "./rows";

/** Before every effective date: the base of a replay from event #1. */
const BEGINNING = "0000-01-01";

/**
 * The latest valid snapshot on or before `date` and every event effective
 * after it. A snapshot whose seal does not hold is not used (the events are
 * replayed from the first) and is reported.
 */
export async function loadBase(db: Reader, loanId: number, date: string): Promise<BaseState> {
  const [snap] = await db
    .select({
      asOfDate: loanSnapshots.asOfDate,
      state: loanSnapshots.state,
      throughSequence: loanSnapshots.throughSequence,
      maxRecordedAt: loanSnapshots.maxRecordedAt,
      lastHash: loanSnapshots.lastHash,
      dueBasis: loanSnapshots.dueBasis,
      seal: loanSnapshots.seal,
    })
    .from(loanSnapshots)
    .where(
      and(
        eq(loanSnapshots.loanId, loanId),
        lte(loanSnapshots.asOfDate, date),
        isNull(loanSnapshots.invalidatedAt),
        sql`${loanSnapshots.state}->>'format' = ${String(serializeState(initialEngineState()).format)}`,
      ),
    )
    .orderBy(desc(loanSnapshots.asOfDate), desc(loanSnapshots.id))
    .limit(1);
  if (!snap || !snapshotHolds(loanId, snap, { due: snap.dueBasis })) {
    return { state: initialEngineState(), asOfDate: BEGINNING, tail: await readStream(db, loanId) };
  }
  return {
    state: deserializeState(snap.state as SerializedState),
    asOfDate: snap.asOfDate,
    tail: await readStream(db, loanId, { effectiveAfter: snap.asOfDate }),
  };
}

/**
 * Whether a snapshot row read (its state whole, or with `withPayments`
 * false its payment log blanked by the query) is what this server sealed;
 * a mismatch is reported. A snapshot without a seal (taken before seals
 * existed) is not used either: `cli snapshots rebuild` seals them.
 */
export function snapshotHolds(
  loanId: number,
  snap: {
    asOfDate: string;
    throughSequence: number;
    maxRecordedAt: string | null;
    lastHash: string | null;
    state: unknown;
    seal: string | null;
  },
  options: { withPayments?: boolean; due?: unknown } = {},
): boolean {
  const status = checkSnapshotSeal(snap.seal, { loanId, ...snap }, snap.state, options);
  if (status !== "valid") {
    reportCacheMismatch({ cache: "snapshot", loanId, asOfDate: snap.asOfDate, status });
  }
  return status === "valid";
}

/**
 * A snapshot (and its due basis, lib/delinquency/basis.ts) as a row of
 * jsonb_to_recordset, sealed with `lastHash` (the hash of its last event).
 * `paymentsDigest`: the state's payment log is not at hand (an accrual merges
 * the stored one in SQL) and this is the digest its seal vouches for; null
 * then means nothing vouches for it, and the row is left unsealed.
 */
export function snapshotRecord({
  loanId,
  snapshot: s,
  due,
  lastHash,
  paymentsDigest,
}: {
  loanId: number;
  snapshot: Snapshot;
  due?: DueBasis | null;
  lastHash?: string | null;
  paymentsDigest?: string | null;
}) {
  const state = serializeState(s.state);
  const sealed = {
    loanId,
    asOfDate: s.asOfDate,
    throughSequence: s.throughSequence,
    maxRecordedAt: s.maxRecordedAt,
    lastHash: lastHash ?? null,
  };
  return {
    loan_id: loanId,
    as_of_date: s.asOfDate,
    through_sequence: s.throughSequence,
    max_recorded_at: s.maxRecordedAt,
    state,
    due_basis: due ?? null,
    last_hash: lastHash ?? null,
    seal: paymentsDigest === null ? null : sealSnapshot(sealed, state, due ?? null, paymentsDigest),
  };
}

/**
 * Retention, given the new snapshots (JSON rows with loan_id, as_of_date):
 * of the month ends older than three months before a new one, only quarter
 * ends are kept, so a loan keeps its recent month ends (where as-of queries
 * cluster) and a snapshot at least every quarter before them. Invalidated
 * snapshots stay: "as known at" a time before their invalidation uses them.
 */
export function retireSnapshotsSql(newSnapshotsJson: string) {
  return sql`
    delete from ${loanSnapshots} s
    using jsonb_to_recordset(${newSnapshotsJson}::jsonb) as n(loan_id bigint, as_of_date date)
    where s.loan_id = n.loan_id and s.invalidated_at is null
      and s.as_of_date < n.as_of_date - interval '3 months'
      and extract(month from s.as_of_date) not in (3, 6, 9, 12)`;
}

/**
 * Write month-end snapshots of some loans (the rebuild's path), each sealed
 * with the hash of its last event as stored, and apply retention.
 */
export async function writeSnapshots(
  db: Reader,
  snapshots: readonly { loanId: number; snapshot: Snapshot; due?: DueBasis | null }[],
): Promise<void> {
  if (snapshots.length === 0) return;
  const hashes = await readHashesAt(
    db,
    snapshots.map((s) => ({ loanId: s.loanId, sequenceNumber: s.snapshot.throughSequence })),
  );
  const rows = snapshots.map((entry) => {
    const r = snapshotRecord({
      ...entry,
      lastHash: hashes.get(`${entry.loanId}/${entry.snapshot.throughSequence}`) ?? null,
    });
    return {
      loanId: r.loan_id,
      asOfDate: r.as_of_date,
      throughSequence: r.through_sequence,
      maxRecordedAt: r.max_recorded_at,
      state: r.state,
      dueBasis: r.due_basis,
      lastHash: r.last_hash,
      seal: r.seal,
    };
  });
  for (let i = 0; i < rows.length; i += 500) {
    await db.insert(loanSnapshots).values(rows.slice(i, i + 500));
  }
  await db.execute(retireSnapshotsSql(JSON.stringify(snapshots.map(snapshotRecord))));
}

/**
 * Mark the snapshots new events make stale, given JSON rows (loan_id, eff,
 * at): a snapshot of the same loan dated on or after a new event's effective
 * date (a backdated event) is invalidated as of the earliest recorded_at among
 * the events that land on or before it.
 */
export function invalidateSnapshotsSql(staleJson: string) {
  return sql`
    update ${loanSnapshots} s set invalidated_at = stale.at
    from (
      select snap.id, min(r.at) as at
      from jsonb_to_recordset(${staleJson}::jsonb) as r(loan_id bigint, eff date, at timestamptz)
      join ${loanSnapshots} snap
        on snap.loan_id = r.loan_id and snap.as_of_date >= r.eff and snap.invalidated_at is null
      group by snap.id
    ) stale
    where s.id = stale.id`;
}

export async function invalidateSnapshots(
  db: Reader,
  rows: readonly { loanId: number; effectiveDate: string; recordedAt?: string | null }[],
): Promise<void> {
  if (rows.length === 0) return;
  const now = new Date().toISOString();
  await db.execute(
    invalidateSnapshotsSql(
      JSON.stringify(
        rows.map((r) => ({ loan_id: r.loanId, eff: r.effectiveDate, at: r.recordedAt ?? now })),
      ),
    ),
  );
}

/** Used by knownAt-aware reads: valid for a knowledge cut-off, or now. */
export function validFor(knownAt: string | null) {
  return knownAt
    ? and(
        or(isNull(loanSnapshots.invalidatedAt), gt(loanSnapshots.invalidatedAt, knownAt)),
        lte(loanSnapshots.maxRecordedAt, knownAt),
      )
    : isNull(loanSnapshots.invalidatedAt);
}
