/**
 * State snapshots: a cache that lets an as-of replay start part-way through a
 * loan's history instead of at event #1. Never a source of truth: a snapshot
 * can be dropped and rebuilt at any time and replay gives the same answer.
 *
 * When is a snapshot at date D exact? Replay as of A folds the events with
 * effective date <= A in SEQUENCE order. Starting from the fold of the events
 * effective <= D and then folding those effective in (D, A] gives the same
 * result only if every event effective <= D comes, in sequence order, before
 * every event effective after D. So a snapshot is taken at D only when the
 * events effective <= D are exactly a prefix of the history, and it stops
 * being valid the moment a later-sequenced event effective on or before D is
 * appended (a backdated event): the write path marks it invalidated then.
 *
 * For "as known at K" a snapshot is usable when everything in it was recorded
 * by K (maxRecordedAt <= K) and it had not been invalidated by K.
 *
 * Stream checks (gaps, duplicates, recorded_at going backwards) look at the
 * whole history, so a replay that starts from a snapshot does not repeat them;
 * `verify` and a full replay do.
 */
import { addDays, compareInstants, endOfMonth, parseTimestamp } from "../dates";
import type { LoanEvent } from "../events/types";
import { Dec } from "../money";
import { applyEvent, foldKept } from "./handlers";
import { inView } from "./replay";
import {
  type EngineState,
  type EngineTotals,
  initialEngineState,
  type LoanState,
  type PaymentRecord,
  toLoanState,
} from "./state";

/**
 * 2: the state carries write-side facts (lib/replay/facts.ts).
 * 3: the fee log and the status before a charge-off (reversible fees, waivers and charge-offs).
 */
export const SNAPSHOT_FORMAT = 3;

type Jsonify<T> = T extends Dec
  ? string
  : T extends ReadonlyMap<number, number>
    ? [number, number][]
    : T extends readonly (infer U)[]
      ? Jsonify<U>[]
      : T extends object
        ? { -readonly [K in keyof T]: Jsonify<T[K]> }
        : T;

/** An EngineState as JSON (decimals as exact strings). */
export interface SerializedState {
  format: typeof SNAPSHOT_FORMAT;
  state: Omit<Jsonify<EngineState>, "payments" | "reversals"> & {
    payments: Jsonify<PaymentRecord>[];
    reversals: [number, number][];
  };
}

const TOTAL_KEYS = Object.keys(initialEngineState().totals) as (keyof EngineTotals)[];
const PAYMENT_DECIMALS = [
  "amount",
  "fees",
  "interest",
  "principal",
  "unapplied",
  "residualPrincipal",
  "residualInterest",
] as const;

export function serializeState(s: EngineState): SerializedState {
  const totals = Object.fromEntries(TOTAL_KEYS.map((k) => [k, s.totals[k].toString()]));
  return {
    format: SNAPSHOT_FORMAT,
    state: {
      ...s,
      principal: s.principal.toString(),
      interest: s.interest.toString(),
      fees: s.fees.toString(),
      unapplied: s.unapplied.toString(),
      totals: totals as Jsonify<EngineTotals>,
      chargeOff: s.chargeOff && {
        ...s.chargeOff,
        principal: s.chargeOff.principal.toString(),
        interest: s.chargeOff.interest.toString(),
        fees: s.chargeOff.fees.toString(),
      },
      payments: s.payments.items.slice(0, s.payments.length).map((p) => ({
        ...p,
        ...Object.fromEntries(PAYMENT_DECIMALS.map((k) => [k, p[k].toString()])),
      })) as unknown as Jsonify<PaymentRecord>[],
      reversals: [...s.reversals],
      warnings: s.warnings.map((w) => ({ ...w })),
      facts: { ...s.facts, waivedWindows: s.facts.waivedWindows.map((w) => ({ ...w })) },
      feeLog: s.feeLog.map((r) => ({ ...r })),
    },
  };
}

export function deserializeState(json: SerializedState): EngineState {
  if (json.format !== SNAPSHOT_FORMAT)
    throw new RangeError(`unknown snapshot format ${json.format}`);
  const j = json.state;
  const items: PaymentRecord[] = j.payments.map((p) => ({
    ...p,
    ...(Object.fromEntries(PAYMENT_DECIMALS.map((k) => [k, new Dec(p[k])])) as Pick<
      PaymentRecord,
      (typeof PAYMENT_DECIMALS)[number]
    >),
  }));
  return {
    ...j,
    principal: new Dec(j.principal),
    interest: new Dec(j.interest),
    fees: new Dec(j.fees),
    unapplied: new Dec(j.unapplied),
    totals: Object.fromEntries(
      TOTAL_KEYS.map((k) => [k, new Dec(j.totals[k])]),
    ) as unknown as EngineTotals,
    chargeOff: j.chargeOff && {
      ...j.chargeOff,
      principal: new Dec(j.chargeOff.principal),
      interest: new Dec(j.chargeOff.interest),
      fees: new Dec(j.chargeOff.fees),
    },
    payments: { items, length: items.length },
    reversals: new Map(j.reversals),
    warnings: j.warnings.map((w) => ({ ...w })),
  };
}

export interface Snapshot {
  /** The state folds every event effective on or before this date. */
  asOfDate: string;
  /** The highest sequence number folded. */
  throughSequence: number;
  /** The latest recorded_at among the folded events (null if none carry one). */
  maxRecordedAt: string | null;
  state: EngineState;
}

/**
 * Month-end snapshots of a history (in sequence order), for every month end at
 * which the events effective on or before it form a prefix of the history.
 */
export function monthEndSnapshots(events: readonly LoanEvent[]): Snapshot[] {
  const n = events.length;
  if (n === 0) return [];
  // suffixMinEff[i] = the earliest effective date among events i..n-1.
  const suffixMinEff: string[] = new Array(n + 1);
  suffixMinEff[n] = "9999-12-31";
  for (let i = n - 1; i >= 0; i--) {
    const e = events[i] as LoanEvent;
    const next = suffixMinEff[i + 1] as string;
    // ISO dates compare as strings (Math.min would not).
    suffixMinEff[i] = [e.effectiveDate, next].sort()[0] as string;
  }
  const snapshots: Snapshot[] = [];
  let state = initialEngineState();
  let maxEff = "";
  let maxRecordedAt: string | null = null;
  for (let i = 0; i < n; i++) {
    const e = events[i] as LoanEvent;
    state = applyEvent(state, e);
    if (e.effectiveDate > maxEff) maxEff = e.effectiveDate;
    if (e.recordedAt && (maxRecordedAt === null || later(e.recordedAt, maxRecordedAt))) {
      maxRecordedAt = e.recordedAt;
    }
    // The prefix 0..i is exactly "effective <= D" for every D in [maxEff, nextMin).
    const nextMin = suffixMinEff[i + 1] as string;
    if (nextMin <= maxEff) continue;
    const lastDay = addDays(nextMin, -1);
    // Latest month end in [maxEff, lastDay], if any.
    let monthEnd = endOfMonth(lastDay);
    if (monthEnd > lastDay) monthEnd = endOfMonth(addDays(`${lastDay.slice(0, 8)}01`, -1));
    if (monthEnd < maxEff || i === n - 1) continue;
    snapshots.push({ asOfDate: monthEnd, throughSequence: e.sequenceNumber, maxRecordedAt, state });
  }
  return snapshots;
}

function later(a: string, b: string): boolean {
  const ia = parseTimestamp(a);
  const ib = parseTimestamp(b);
  return ia !== null && ib !== null && compareInstants(ia, ib) > 0;
}

/**
 * Replay that starts from a snapshot's state: fold `tail` (events effective
 * after the snapshot date, in sequence order) up to `asOf`, honouring knownAt.
 */
export function replayFrom(
  start: EngineState,
  tail: readonly LoanEvent[],
  asOf: string,
  options: { knownAt?: string | null } = {},
): { state: LoanState } {
  const knownAt = options.knownAt ?? null;
  const limit = knownAt === null ? null : parseTimestamp(knownAt);
  const state = foldKept(start, tail, inView(asOf, limit));
  return { state: toLoanState(state, asOf, knownAt) };
}

/**
 * The month-end snapshots that appending `candidates` (in sequence order) to
 * a loan whose every event is folded into `current` makes exact: before a
 * candidate effective in a later month than everything before it, the state
 * so far is exactly "every event effective on or before the last month end
 * before that candidate". A later backdated event invalidates them.
 */
export function monthEndsCrossed(
  current: EngineState,
  candidates: readonly LoanEvent[],
  currentMaxRecordedAt: string | null,
): Snapshot[] {
  const out: Snapshot[] = [];
  let state = current;
  let maxRecordedAt = currentMaxRecordedAt;
  for (const e of candidates) {
    const last = state.facts.lastEffectiveDate;
    if (last !== null && e.effectiveDate > last) {
      const monthEnd = endOfMonth(addDays(`${e.effectiveDate.slice(0, 8)}01`, -1));
      if (monthEnd >= last) {
        out.push({ asOfDate: monthEnd, throughSequence: state.lastSequence, maxRecordedAt, state });
      }
    }
    state = applyEvent(state, e);
    if (e.recordedAt && (maxRecordedAt === null || later(e.recordedAt, maxRecordedAt))) {
      maxRecordedAt = e.recordedAt;
    }
  }
  // A later candidate dated on or before a snapshot's date makes it inexact.
  return out.filter((snap) =>
    candidates.every(
      (e) => e.sequenceNumber <= snap.throughSequence || e.effectiveDate > snap.asOfDate,
    ),
  );
}

/** A serialized state without its payment log: what a write that only accrues needs. */
export interface SerializedCore {
  format: typeof SNAPSHOT_FORMAT;
  state: Omit<SerializedState["state"], "payments" | "reversals">;
}

/** The payment log and its reversals, serialized. */
export type SerializedPayments = Pick<SerializedState["state"], "payments" | "reversals">;

export function splitSerialized(json: SerializedState): {
  core: SerializedCore;
  payments: SerializedPayments;
} {
  const { payments, reversals, ...core } = json.state;
  return { core: { format: json.format, state: core }, payments: { payments, reversals } };
}

/**
 * The state from its core and, when given, its payment log. Without the log
 * the state has an empty one: only folds that never touch payments (interest
 * accruals) may use it, and what they produce must be stored as a core only.
 */
export function deserializeParts(
  core: SerializedCore,
  payments: SerializedPayments | null,
): EngineState {
  return deserializeState({
    format: core.format,
    state: { ...core.state, ...(payments ?? { payments: [], reversals: [] }) },
  });
}
