/**
 * What makes the stored history and its caches checkable without trusting
 * the database: each row's hash recomputed and its signature checked
 * (checkStoredRow), and the seals of the cache rows (the live projection,
 * month-end snapshots, a past date's list figures): what each seal covers is defined once here, for the
 * writer and every reader. lib/chain/signing.ts does the cryptography;
 * db/signing-key.ts loads the keys from outside the database.
 */

import type { KeyObject } from "node:crypto";
import { Decimal } from "decimal.js";
import {
  checkCacheSeal,
  digestOf,
  readCacheSeal,
  type SealStatus,
  sealCache,
  sealedDigests,
  verifyEventHash,
} from "../../lib/chain/signing";
import { eventHash } from "../chain";
import { currentKey, signingKeys } from "../signing-key";
import { toIsoTimestamp } from "./rows";

/** The columns of a stored event the check reads (recordedAt as stored or ISO). */
export interface StoredChainRow {
  loanId: number;
  sequenceNumber: number;
  eventType: string;
  eventData: unknown;
  effectiveDate: string;
  recordedAt: string;
  recordedBy: string;
  prevHash: string | null;
  hash: string | null;
  keyId: string | null;
  signature: string | null;
}

export type RowProblem =
  | "missing hash"
  | "hash does not match the row"
  | "not signed"
  | "signed with an unknown key"
  | "signature does not verify";

/**
 * What is wrong with one stored row on its own (null: nothing): its hash
 * recomputed from its columns and its prev_hash, and its signature checked
 * with the public key of its key id. The link to the previous row is the
 * caller's to check.
 *
 * `sealedHash`: a hash this server's key already vouches for (the last_hash
 * of a projection whose seal holds). A row that recomputes to it was written
 * by this server, so its signature is not verified again (an Ed25519 verify
 * is most of an accrual's cost); it must still be signed with a known key.
 */
export function checkStoredRow(
  row: StoredChainRow,
  publicKeys: ReadonlyMap<string, KeyObject> = signingKeys().publicKeys,
  sealedHash?: string | null,
): { problem: RowProblem; expected: string | null } | null {
  const expected = eventHash({
    loanId: row.loanId,
    sequenceNumber: row.sequenceNumber,
    eventType: row.eventType,
    eventData: row.eventData,
    effectiveDate: row.effectiveDate,
    recordedAt: toIsoTimestamp(row.recordedAt),
    recordedBy: row.recordedBy,
    prevHash: row.prevHash,
  });
  if (row.hash === null) return { problem: "missing hash", expected };
  if (row.hash !== expected) return { problem: "hash does not match the row", expected };
  if (!row.signature || !row.keyId) return { problem: "not signed", expected: null };
  const key = publicKeys.get(row.keyId);
  if (!key) return { problem: "signed with an unknown key", expected: null };
  if (sealedHash && row.hash === sealedHash) return null;
  if (!verifyEventHash(key, row.hash, row.signature)) {
    return { problem: "signature does not verify", expected: null };
  }
  return null;
}

/** A numeric column's value in one form whatever its scale ("1.5" and "1.500000" alike). */
function num(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return new Decimal(value).toFixed(6);
}

function iso(value: string | null | undefined): string | null {
  return value ? toIsoTimestamp(value) : null;
}

// ------------------------------------------------------------- projections

/** The figures a list shows, which the projection's and a past date's list figures' seals both name. */
interface SealedFigures {
  status: string;
  principal: string | number;
  interest: string | number;
  fees: string | number;
  totalOutstanding: string | number;
  lastEventDate: string | null;
}

export interface ProjectionSealed extends SealedFigures {
  loanId: number;
  throughSequence: number;
  lastHash: string | null;
  maxRecordedAt: string | null;
  delinquentSince: string | null;
}

/** What a projection's seal names: the row's identity and every figure a list shows. */
function projectionSubject(p: ProjectionSealed) {
  return [
    "loan-replay/projection/v1",
    p.loanId,
    p.throughSequence,
    p.lastHash,
    p.status,
    num(p.principal),
    num(p.interest),
    num(p.fees),
    num(p.totalOutstanding),
    p.lastEventDate,
    iso(p.maxRecordedAt),
    p.delinquentSince,
  ];
}

/**
 * The seal of a projection row: parts [state (core), due basis]. `dueDigest`:
 * the due basis's digest when a valid seal already vouched for this very
 * basis (an append that left it as read), so it is not computed again.
 */
export function sealProjection(
  p: ProjectionSealed,
  core: unknown,
  due: unknown,
  dueDigest?: string,
): string {
  return sealCache(currentKey(), projectionSubject(p), [
    digestOf(core),
    dueDigest ?? digestOf(due),
  ]);
}

/** The due basis digest of a projection seal found valid (see sealedDigests). */
export function sealedDueDigest(seal: string): string | undefined {
  return sealedDigests(seal)[1];
}

export function checkProjectionSeal(
  seal: string | null,
  p: ProjectionSealed,
  parts: { core?: unknown; due?: unknown },
): SealStatus {
  const given: Record<number, unknown> = {};
  if ("core" in parts) given[0] = parts.core;
  if ("due" in parts) given[1] = parts.due;
  return checkCacheSeal(currentKey(), seal, projectionSubject(p), given);
}

/** The part digests [core, due] a valid projection seal vouches for (null: not valid). */
export function readProjectionDigests(seal: string | null, p: ProjectionSealed): string[] | null {
  const { status, digests } = readCacheSeal(currentKey(), seal, projectionSubject(p));
  return status === "valid" ? digests : null;
}

export { digestOf };

const paymentsSubject = (loanId: number) => ["loan-replay/projection-payments/v1", loanId];

/** The seal of a projection's payment log (its own column: accruals neither read nor rewrite it). */
export function sealPayments(loanId: number, payments: unknown): string {
  return sealCache(currentKey(), paymentsSubject(loanId), [digestOf(payments)]);
}

export function checkPaymentsSeal(seal: string | null, loanId: number, payments: unknown) {
  return checkCacheSeal(currentKey(), seal, paymentsSubject(loanId), { 0: payments });
}

/** The digest a valid payments seal vouches for (null: none). */
export function sealedPaymentsDigest(seal: string | null, loanId: number): string | null {
  const { status, digests } = readCacheSeal(currentKey(), seal, paymentsSubject(loanId));
  return status === "valid" ? (digests[0] ?? null) : null;
}

// ------------------------------------------------------------- snapshots

export interface SnapshotSealed {
  loanId: number;
  asOfDate: string;
  throughSequence: number;
  maxRecordedAt: string | null;
  lastHash: string | null;
}

function snapshotSubject(s: SnapshotSealed) {
  return [
    "loan-replay/snapshot/v1",
    s.loanId,
    s.asOfDate,
    s.throughSequence,
    iso(s.maxRecordedAt),
    s.lastHash,
  ];
}

interface SerializedLike {
  format: unknown;
  state: Record<string, unknown>;
}

/** A serialized state without its payment log and reversals (what a figures-only read has). */
function snapshotCore(state: unknown): unknown {
  const s = state as SerializedLike;
  const { payments: _p, reversals: _r, ...core } = s.state ?? {};
  return { format: s.format, state: core };
}

/** The payment log and reversals of a serialized state. */
function snapshotPayments(state: unknown): unknown {
  const s = (state as SerializedLike).state ?? {};
  return { payments: s.payments, reversals: s.reversals };
}

/**
 * The seal of a snapshot row: parts [core, payment log, due basis]. When the
 * payment log is not at hand (an accrual merges the stored one in SQL),
 * `paymentsDigest` is the digest the projection's payments seal vouches for.
 */
export function sealSnapshot(
  s: SnapshotSealed,
  state: unknown,
  due: unknown,
  paymentsDigest?: string | null,
): string {
  return sealCache(currentKey(), snapshotSubject(s), [
    digestOf(snapshotCore(state)),
    paymentsDigest ?? digestOf(snapshotPayments(state)),
    digestOf(due ?? null),
  ]);
}

/**
 * Check a snapshot read (`withPayments` false: its payment log was blanked by
 * the query and is not checked; `due` undefined: not read).
 */
export function checkSnapshotSeal(
  seal: string | null,
  s: SnapshotSealed,
  state: unknown,
  options: { withPayments?: boolean; due?: unknown } = {},
): SealStatus {
  const parts: Record<number, unknown> = { 0: snapshotCore(state) };
  if (options.withPayments ?? true) parts[1] = snapshotPayments(state);
  if ("due" in options) parts[2] = options.due ?? null;
  return checkCacheSeal(currentKey(), seal, snapshotSubject(s), parts);
}

// ------------------------------------------------------------- list figures

/** The columns of a loan_list_figures row its seal covers (a past date's /loans figures). */
export interface ListFiguresSealed extends SealedFigures {
  asOf: string;
  loanId: number;
  throughSequence: number;
  daysPastDue: number;
}

function listFiguresSubject(f: ListFiguresSealed) {
  return [
    "loan-replay/list-figures/v1",
    f.asOf,
    Number(f.loanId),
    Number(f.throughSequence),
    f.status,
    num(f.principal),
    num(f.interest),
    num(f.fees),
    num(f.totalOutstanding),
    f.lastEventDate ?? null,
    Number(f.daysPastDue),
  ];
}

/** The seal of a loan_list_figures row (no parts: the subject is the whole row). */
export function sealListFigures(f: ListFiguresSealed): string {
  return sealCache(currentKey(), listFiguresSubject(f), []);
}

export function checkListFiguresSeal(seal: string | null, f: ListFiguresSealed): SealStatus {
  return checkCacheSeal(currentKey(), seal, listFiguresSubject(f), {});
}

// ------------------------------------------------------------- reporting

export interface CacheMismatch {
  cache: "projection" | "snapshot" | "list figures";
  loanId: number;
  /** The snapshot's date, for a snapshot; the list's date, for list figures. */
  asOfDate?: string;
  status: SealStatus;
}

const listeners = new Set<(m: CacheMismatch) => void>();

/** Be told of every cache row a read refused (tests, the health page). */
export function onCacheMismatch(listener: (m: CacheMismatch) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * A read found a cache row whose seal does not hold: it is not served (the
 * caller replays the events), and it is logged. A missing seal or one from a
 * retired key is rebuilt quietly.
 */
export function reportCacheMismatch(m: CacheMismatch): void {
  if (m.status !== "mismatch") return;
  console.warn(
    `[integrity] the ${m.cache} of loan id ${m.loanId}${m.asOfDate ? ` as of ${m.asOfDate}` : ""} does not match its seal (edited outside the app?); not used, the events were replayed instead`,
  );
  for (const listener of listeners) listener(m);
}

/**
 * A finished portfolio report kept for reuse (db/jobs/report-cache.ts): the
 * seal names its basis and engine version and covers the whole report, so an
 * edited figure is never served (the book is replayed instead).
 */
interface ReportSealed {
  asOf: string;
  knownAt: string;
  engineVersion: string;
  highWaterMark: { eventId: number };
}

function reportSubject(r: ReportSealed) {
  return ["loan-replay/report/v1", r.asOf, r.knownAt, r.engineVersion, r.highWaterMark.eventId];
}

export function sealReport(report: ReportSealed): string {
  return sealCache(currentKey(), reportSubject(report), [digestOf(report)]);
}

export function checkReportSeal(seal: string | null | undefined, report: ReportSealed): SealStatus {
  return checkCacheSeal(currentKey(), seal, reportSubject(report), { 0: report });
}
