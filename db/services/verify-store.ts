/**
 * `cli verify`: everything that can be checked without trusting the
 * database, and nothing written (no seal, no cache rebuilt, no checkpoint):
 *
 * - every loan's rows: gapless sequence, links, recomputed hashes, signatures
 *   by a known key (verify-chain.ts);
 * - the latest signed checkpoint (outside the database): its signature, and
 *   every loan's head in it against the store (a deleted last event, a chain
 *   rewritten with recomputed hashes, a deleted loan);
 * - the caches: each live projection and month-end snapshot against its seal,
 *   the chain it names, and (projections) a replay of the events; each
 *   past date's loans-list figures row (loan_list_figures) against its seal.
 */
import { asc, gt, inArray, isNull, sql } from "drizzle-orm";
import type { CheckpointHead } from "../../lib/chain/signing";
import type { Database } from "../client";
import { type LoanEventRow, readChainRowsByLoan, rowToEvent } from "../event-store";
import {
  checkListFiguresSeal,
  checkPaymentsSeal,
  checkProjectionSeal,
  checkSnapshotSeal,
  digestOf,
  readProjectionDigests,
} from "../event-store/integrity";
import { projectionRecord, projectStream } from "../event-store/projection";
import { loanListFigures, loanProjections, loanSnapshots, loans } from "../schema";
import { databaseName, latestCheckpointFile, readCheckpointFile } from "./checkpoint";
import { type ChainProblem, type ChainReport, verifyLoan } from "./verify-chain";

export interface CheckpointStatus {
  status: "verified" | "invalid" | "none";
  file?: string;
  takenAt?: string;
  keyId?: string;
  loans?: number;
  reason?: string;
}

export interface CacheProblem {
  cache: "projection" | "snapshot" | "list figures";
  loanNumber: string;
  asOfDate?: string;
  problem: string;
}

export interface StoreReport {
  loans: number;
  events: number;
  verified: number;
  broken: ChainReport[];
  checkpoint: CheckpointStatus;
  caches: {
    projections: number;
    snapshots: number;
    /** Rows of loan_list_figures (a past date's /loans figures) checked. */
    listFigures: number;
    problems: CacheProblem[];
  };
  /** With `withVerified`: every loan's report, verified ones included, in loan id order. */
  reports?: ChainReport[];
}

export interface VerifyStoreOptions {
  db: Database;
  loanNumbers?: readonly string[];
  /** A checkpoint file (default: the latest in `checkpointDir`). */
  checkpointFile?: string;
  /** Where checkpoints are (default LOAN_REPLAY_CHECKPOINT_DIR, else .data/checkpoints). */
  checkpointDir?: string;
  batchSize?: number;
  /** Also list the verified loans' reports (`reports`). */
  withVerified?: boolean;
}

export async function verifyStore(options: VerifyStoreOptions): Promise<StoreReport> {
  const { db } = options;
  const checkpoint = loadCheckpoint(
    options.checkpointFile ?? latestCheckpointFile(options.checkpointDir),
  );
  // The latest checkpoint in the directory must be of this database (one given
  // explicitly with --checkpoint is compared whatever it names).
  const database = await databaseName(db);
  if (
    !options.checkpointFile &&
    checkpoint.database !== undefined &&
    checkpoint.database !== database
  ) {
    checkpoint.status = {
      status: "invalid",
      file: checkpoint.status.file,
      reason: `it was taken of database "${checkpoint.database}", this is "${database}" (pass --checkpoint FILE to compare with one of this database)`,
    };
    checkpoint.heads = [];
  }
  const expectedHeads = new Map<number, CheckpointHead>(
    (checkpoint.heads ?? []).map((h) => [h.loanId, h]),
  );
  const report: StoreReport = {
    loans: 0,
    events: 0,
    verified: 0,
    broken: [],
    checkpoint: checkpoint.status,
    caches: { projections: 0, snapshots: 0, listFigures: 0, problems: [] },
  };
  const wanted = options.loanNumbers ? new Set(options.loanNumbers) : null;
  const listed: ChainReport[] = [];
  if (options.withVerified) report.reports = listed;
  const seen = new Set<number>();
  let afterId = 0;
  for (;;) {
    const batch = await db
      .select({ id: loans.id, loanNumber: loans.loanNumber, product: loans.product })
      .from(loans)
      .where(
        options.loanNumbers
          ? sql`${gt(loans.id, afterId)} and ${inArray(loans.loanNumber, [...options.loanNumbers])}`
          : gt(loans.id, afterId),
      )
      .orderBy(asc(loans.id))
      .limit(options.batchSize ?? 200);
    if (batch.length === 0) break;
    afterId = batch.at(-1)?.id ?? afterId;
    const ids = batch.map((l) => l.id);
    const byLoan = await readChainRowsByLoan(db, ids);
    const projections = await readProjectionRows(db, ids);
    const snapshots = await readSnapshotRows(db, ids);
    const figures = await readListFigureRows(db, ids);
    for (const loan of batch) {
      seen.add(loan.id);
      const rows = byLoan.get(loan.id) ?? [];
      const chain = verifyLoan(loan.loanNumber, rows);
      const extra: ChainProblem[] = [];
      const head = expectedHeads.get(loan.id);
      if (head) extra.push(...againstCheckpoint(rows, head));
      const cache = checkCaches(loan, rows, projections.get(loan.id), snapshots.get(loan.id) ?? []);
      extra.push(...cache.chain);
      report.caches.projections += projections.has(loan.id) ? 1 : 0;
      report.caches.snapshots += snapshots.get(loan.id)?.length ?? 0;
      report.caches.problems.push(...cache.problems);
      const loanFigures = figures.get(loan.id) ?? [];
      report.caches.listFigures += loanFigures.length;
      report.caches.problems.push(...checkListFigures(loan.loanNumber, loanFigures));
      report.loans++;
      report.events += rows.length;
      const merged = mergeProblems(chain, extra);
      if (merged.status === "broken") report.broken.push(merged);
      else report.verified++;
      if (options.withVerified) listed.push(merged);
    }
  }
  // Loans in the checkpoint that are gone from the store.
  for (const head of expectedHeads.values()) {
    if (seen.has(head.loanId) || (wanted && !wanted.has(head.loanNumber))) continue;
    if (head.sequence === 0) continue;
    report.loans++;
    const gone: ChainReport = {
      loanNumber: head.loanNumber,
      events: 0,
      status: "broken",
      brokenAt: { sequenceNumber: 1, reason: "loan deleted", expected: head.hash, found: null },
      problems: Array.from({ length: head.sequence }, (_, i) => ({
        sequenceNumber: i + 1,
        kind: "deleted" as const,
        reason: "loan missing (in the checkpoint)",
      })),
    };
    report.broken.push(gone);
    if (options.withVerified) listed.push(gone);
  }
  return report;
}

/** Whether a verification found nothing wrong (no checkpoint yet is not a failure). */
export function storeIsSound(report: StoreReport): boolean {
  return (
    report.broken.length === 0 &&
    report.checkpoint.status !== "invalid" &&
    report.caches.problems.length === 0
  );
}

function loadCheckpoint(chosen: string | null): {
  status: CheckpointStatus;
  heads?: CheckpointHead[];
  database?: string;
} {
  if (!chosen) return { status: { status: "none", reason: "no checkpoint taken yet" } };
  let check: ReturnType<typeof readCheckpointFile>;
  try {
    check = readCheckpointFile(chosen);
  } catch (error) {
    return {
      status: { status: "invalid", file: chosen, reason: `cannot read it (${String(error)})` },
    };
  }
  if (!check.ok) return { status: { status: "invalid", file: chosen, reason: check.reason } };
  return {
    status: {
      status: "verified",
      file: chosen,
      takenAt: check.checkpoint.takenAt,
      keyId: check.keyId,
      loans: check.checkpoint.loans.length,
    },
    heads: check.checkpoint.loans,
    database: check.checkpoint.database,
  };
}

/** What the store lost or changed since a checkpoint recorded this loan's head. */
function againstCheckpoint(rows: readonly LoanEventRow[], head: CheckpointHead): ChainProblem[] {
  const last = rows.at(-1)?.sequenceNumber ?? 0;
  const problems: ChainProblem[] = [];
  for (let s = last + 1; s <= head.sequence; s++) {
    problems.push({
      sequenceNumber: s,
      kind: "deleted",
      reason: "event missing (in the checkpoint)",
    });
  }
  const atHead = rows.find((r) => r.sequenceNumber === head.sequence);
  if (head.sequence > 0 && atHead && atHead.hash !== head.hash) {
    problems.push({
      sequenceNumber: head.sequence,
      kind: "rewritten",
      reason: "hash differs from the checkpoint",
    });
  }
  return problems;
}

function mergeProblems(chain: ChainReport, extra: readonly ChainProblem[]): ChainReport {
  if (extra.length === 0) return chain;
  const problems = [...(chain.problems ?? [])];
  for (const p of extra) {
    if (!problems.some((q) => q.sequenceNumber === p.sequenceNumber && q.reason === p.reason)) {
      problems.push(p);
    }
  }
  problems.sort((a, b) => a.sequenceNumber - b.sequenceNumber);
  const first = problems[0] as ChainProblem;
  return {
    loanNumber: chain.loanNumber,
    events: chain.events,
    status: "broken",
    brokenAt: chain.brokenAt ?? {
      sequenceNumber: first.sequenceNumber,
      reason: first.reason,
      expected: null,
      found: null,
    },
    problems,
  };
}

interface ProjectionRow {
  loan_id: number | string;
  status: string;
  principal: string;
  interest: string;
  fees: string;
  total_outstanding: string;
  last_event_date: string | null;
  through_sequence: number;
  last_hash: string | null;
  max_recorded_at: string | null;
  state: unknown;
  payments: unknown;
  due_basis: unknown;
  delinquent_since: string | null;
  seal: string | null;
  payments_seal: string | null;
}

async function readProjectionRows(db: Database, ids: readonly number[]) {
  const result = await db.execute(sql`
    select loan_id, status, principal::text as principal, interest::text as interest,
      fees::text as fees, total_outstanding::text as total_outstanding,
      last_event_date::text as last_event_date, through_sequence, last_hash,
      max_recorded_at::text as max_recorded_at, state, payments, due_basis,
      delinquent_since::text as delinquent_since, seal, payments_seal
    from ${loanProjections} where loan_id = any(${`{${ids.join(",")}}`}::bigint[])`);
  const rows = (
    Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? [])
  ) as ProjectionRow[];
  return new Map(rows.map((r) => [Number(r.loan_id), r]));
}

async function readListFigureRows(db: Database, ids: readonly number[]) {
  const rows = await db
    .select({
      asOf: loanListFigures.asOf,
      loanId: loanListFigures.loanId,
      throughSequence: loanListFigures.throughSequence,
      status: loanListFigures.status,
      principal: sql<string>`${loanListFigures.principal}::text`,
      interest: sql<string>`${loanListFigures.interest}::text`,
      fees: sql<string>`${loanListFigures.fees}::text`,
      totalOutstanding: sql<string>`${loanListFigures.totalOutstanding}::text`,
      lastEventDate: sql<string | null>`${loanListFigures.lastEventDate}::text`,
      daysPastDue: loanListFigures.daysPastDue,
      seal: loanListFigures.seal,
    })
    .from(loanListFigures)
    .where(inArray(loanListFigures.loanId, [...ids]))
    .orderBy(asc(loanListFigures.loanId), asc(loanListFigures.asOf));
  const byLoan = new Map<number, typeof rows>();
  for (const r of rows) {
    const list = byLoan.get(Number(r.loanId));
    if (list) list.push(r);
    else byLoan.set(Number(r.loanId), [r]);
  }
  return byLoan;
}

/**
 * A past date's list figures rows against their seals: an edited row, or one
 * without a seal (every row the app writes is sealed), is named by its date.
 * One sealed by a retired key is not a problem (the list recomputes it).
 */
function checkListFigures(
  loanNumber: string,
  rows: Awaited<ReturnType<typeof readListFigureRows>> extends Map<number, infer T> ? T : never,
): CacheProblem[] {
  const problems: CacheProblem[] = [];
  for (const row of rows) {
    const status = checkListFiguresSeal(row.seal, { ...row, loanId: Number(row.loanId) });
    if (status === "mismatch" || status === "missing") {
      problems.push({
        cache: "list figures",
        loanNumber,
        asOfDate: row.asOf,
        problem:
          status === "missing"
            ? "not sealed (written outside the app?)"
            : "edited: does not match its seal",
      });
    }
  }
  return problems;
}

async function readSnapshotRows(db: Database, ids: readonly number[]) {
  const rows = await db
    .select({
      loanId: loanSnapshots.loanId,
      asOfDate: loanSnapshots.asOfDate,
      throughSequence: loanSnapshots.throughSequence,
      maxRecordedAt: loanSnapshots.maxRecordedAt,
      lastHash: loanSnapshots.lastHash,
      state: loanSnapshots.state,
      dueBasis: loanSnapshots.dueBasis,
      seal: loanSnapshots.seal,
    })
    .from(loanSnapshots)
    .where(
      sql`${inArray(loanSnapshots.loanId, [...ids])} and ${isNull(loanSnapshots.invalidatedAt)}`,
    )
    .orderBy(asc(loanSnapshots.loanId), asc(loanSnapshots.asOfDate));
  const byLoan = new Map<number, typeof rows>();
  for (const r of rows) byLoan.set(r.loanId, [...(byLoan.get(r.loanId) ?? []), r]);
  return byLoan;
}

function checkCaches(
  loan: { id: number; loanNumber: string; product: string },
  rows: readonly LoanEventRow[],
  projection: ProjectionRow | undefined,
  snapshots: Awaited<ReturnType<typeof readSnapshotRows>> extends Map<number, infer T> ? T : never,
): { problems: CacheProblem[]; chain: ChainProblem[] } {
  const problems: CacheProblem[] = [];
  const chain: ChainProblem[] = [];
  const head = rows.at(-1);
  const hashAt = new Map(rows.map((r) => [r.sequenceNumber, r.hash]));
  if (projection) {
    const sealed = {
      loanId: loan.id,
      throughSequence: projection.through_sequence,
      lastHash: projection.last_hash,
      status: projection.status,
      principal: projection.principal,
      interest: projection.interest,
      fees: projection.fees,
      totalOutstanding: projection.total_outstanding,
      lastEventDate: projection.last_event_date,
      maxRecordedAt: projection.max_recorded_at,
      delinquentSince: projection.delinquent_since,
    };
    const status = checkProjectionSeal(projection.seal, sealed, {
      core: projection.state,
      due: projection.due_basis,
    });
    const payments =
      projection.payments === null
        ? "valid"
        : checkPaymentsSeal(projection.payments_seal, loan.id, projection.payments);
    const headSequence = head?.sequenceNumber ?? 0;
    if (status === "mismatch" || payments === "mismatch") {
      problems.push({
        cache: "projection",
        loanNumber: loan.loanNumber,
        problem: `edited: does not match its seal${status === "valid" ? " (payment log)" : ""}`,
      });
    } else if (status === "valid" && projection.through_sequence > headSequence) {
      for (let s = headSequence + 1; s <= projection.through_sequence; s++) {
        chain.push({
          sequenceNumber: s,
          kind: "deleted",
          reason: "event missing (the sealed projection covers it)",
        });
      }
    } else if (
      status === "valid" &&
      projection.through_sequence === headSequence &&
      projection.last_hash === (head?.hash ?? null)
    ) {
      // Current and sealed: it must be what a replay of the events gives.
      let replayed: ReturnType<typeof projectionRecord> | null = null;
      try {
        replayed = projectionRecord(
          projectStream(loan.id, rows.map(rowToEvent), head?.hash ?? null, loan.product),
        );
      } catch {
        replayed = null; // unreadable history: the chain check names it
      }
      if (replayed) {
        const digests = readProjectionDigests(projection.seal, sealed);
        const same =
          replayed.status === projection.status &&
          [
            ["principal", replayed.principal, projection.principal],
            ["interest", replayed.interest, projection.interest],
            ["fees", replayed.fees, projection.fees],
            ["total", replayed.total_outstanding, projection.total_outstanding],
          ].every(([, a, b]) => Number(a) === Number(b)) &&
          digests?.[0] === digestOf(replayed.state);
        if (!same) {
          problems.push({
            cache: "projection",
            loanNumber: loan.loanNumber,
            problem: "sealed but differs from a replay of the events",
          });
        }
      }
    }
  }
  for (const snap of snapshots) {
    const status = checkSnapshotSeal(snap.seal, { ...snap, loanId: loan.id }, snap.state, {
      due: snap.dueBasis,
    });
    if (status === "mismatch") {
      problems.push({
        cache: "snapshot",
        loanNumber: loan.loanNumber,
        asOfDate: snap.asOfDate,
        problem: "edited: does not match its seal",
      });
    } else if (status === "valid" && hashAt.get(snap.throughSequence) !== snap.lastHash) {
      problems.push({
        cache: "snapshot",
        loanNumber: loan.loanNumber,
        asOfDate: snap.asOfDate,
        problem: `covers event #${snap.throughSequence}, whose hash is no longer the one it was taken from`,
      });
    } else {
      // A later event effective on or before its date invalidates it (in the same
      // statement as the append): one still marked valid was un-invalidated.
      const later = rows.find(
        (r) => r.sequenceNumber > snap.throughSequence && r.effectiveDate <= snap.asOfDate,
      );
      if (later) {
        problems.push({
          cache: "snapshot",
          loanNumber: loan.loanNumber,
          asOfDate: snap.asOfDate,
          problem: `still marked valid though event #${later.sequenceNumber} (effective ${later.effectiveDate}) invalidates it`,
        });
      }
    }
  }
  return { problems, chain };
}
