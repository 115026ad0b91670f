/**
 * replay(events, asOf, { knownAt?, steps? }) -> { state, steps? }
 *
 * DOMAIN.md "Replay algorithm":
 * 1. start with an empty state;
 * 2. take the events ordered by sequence number;
 * 3. keep those with effectiveDate <= asOf and, if knownAt is given, recordedAt <= knownAt
 *    (an event without recordedAt is treated as always known);
 * 4. apply each with its type's handler;
 * 5. return the state and, with `steps: true`, one step per applied event with the
 *    state before and after and the list of changed fields.
 *
 * It never throws on a history of schema-valid events: problems with the stream
 * (out-of-order, duplicate or missing sequence numbers, recorded_at going backwards)
 * and with single events (see handlers.ts) become `warnings` naming the sequence
 * number. It throws only on a bad `asOf` / `knownAt` argument (a programming error;
 * the CLI validates them first).
 *
 * Return shape: always an object `{ state }`, plus `steps` when `steps: true`
 * (typed by overloads, so `replay(e, d).state` and `replay(e, d, { steps: true }).steps`
 * both type-check without casts).
 */
import { compareInstants, type Instant, isIsoDate, parseTimestamp } from "../dates";
import type { EventType } from "../events/event-types";
import type { LoanEvent } from "../events/types";
import { applyEvent, foldKept } from "./handlers";
import {
  type EngineState,
  initialEngineState,
  type LoanStanding,
  type LoanState,
  toLoanState,
  toStanding,
  type Warning,
} from "./state";

export interface ReplayOptions {
  /** ISO timestamp: only events recorded at or before it ("as known at"). */
  knownAt?: string | null;
  /** Also return one step per applied event. */
  steps?: boolean;
}

export type FieldValue = string | number | null;

export interface FieldChange {
  /** Dotted path in the state, e.g. "principal", "totals.paidInterest", "terms.maturityDate". */
  field: string;
  before: FieldValue;
  after: FieldValue;
}

export interface ReplayStep {
  sequenceNumber: number;
  eventType: EventType;
  effectiveDate: string;
  recordedAt: string | null;
  eventData: LoanEvent["eventData"];
  before: LoanStanding;
  after: LoanStanding;
  /** Every field whose value differs between before and after (bookkeeping counters excluded). */
  changes: FieldChange[];
  /** Warnings about this event. */
  warnings: Warning[];
}

export interface ReplayResult {
  state: LoanState;
  steps?: ReplayStep[];
}

export function replay(
  events: readonly LoanEvent[],
  asOf: string,
  options: ReplayOptions & { steps: true },
): { state: LoanState; steps: ReplayStep[] };
export function replay(
  events: readonly LoanEvent[],
  asOf: string,
  options?: ReplayOptions & { steps?: false },
): { state: LoanState };
export function replay(
  events: readonly LoanEvent[],
  asOf: string,
  options?: ReplayOptions,
): ReplayResult;
export function replay(
  events: readonly LoanEvent[],
  asOf: string,
  options: ReplayOptions = {},
): ReplayResult {
  if (!isIsoDate(asOf)) {
    throw new RangeError(`asOf must be a valid date YYYY-MM-DD, got ${JSON.stringify(asOf)}`);
  }
  const knownAtText = options.knownAt ?? null;
  let knownAt: Instant | null = null;
  if (knownAtText !== null) {
    knownAt = parseTimestamp(knownAtText);
    if (!knownAt) {
      throw new RangeError(
        `knownAt must be an ISO timestamp such as 2025-03-01T12:00:00Z, got ${JSON.stringify(knownAtText)}`,
      );
    }
  }

  const { ordered, warnings: streamWarnings } = orderEvents(events);
  const wantSteps = options.steps === true;
  const steps: ReplayStep[] = [];

  let state: EngineState = initialEngineState();
  let before: LoanStanding | null = wantSteps ? toStanding(state) : null;
  const keep = inView(asOf, knownAt);
  // Without steps, the fold alone (it folds runs of plain accruals at once).
  if (!wantSteps) state = foldKept(state, ordered, keep);
  for (const e of wantSteps ? ordered : []) {
    if (!keep(e)) continue;
    const next = applyEvent(state, e);
    if (before !== null) {
      const after = toStanding(next);
      const own = next.warnings.slice(state.warnings.length);
      for (const w of streamWarnings) if (w.sequenceNumber === e.sequenceNumber) own.unshift(w);
      steps.push({
        sequenceNumber: e.sequenceNumber,
        eventType: e.eventType,
        effectiveDate: e.effectiveDate,
        recordedAt: e.recordedAt ?? null,
        eventData: e.eventData,
        before,
        after,
        changes: diffSnapshots(before, after),
        warnings: own.map((w) => ({ ...w })),
      });
      before = after;
    }
    state = next;
  }

  const warnings =
    streamWarnings.length === 0
      ? state.warnings
      : [...streamWarnings, ...state.warnings].sort((a, b) => a.sequenceNumber - b.sequenceNumber);
  const result: ReplayResult = { state: toLoanState(state, asOf, knownAtText, warnings) };
  if (wantSteps) result.steps = steps;
  return result;
}

/** Convenience: just the state. */
export function replayState(
  events: readonly LoanEvent[],
  asOf: string,
  knownAt?: string | null,
): LoanState {
  return replay(events, asOf, { knownAt: knownAt ?? null }).state;
}

/**
 * The plain fold of events, in the order given, from the initial state, with no
 * filtering and no stream checks. replay() is this fold over the events it keeps.
 */
export function foldEvents(
  events: readonly LoanEvent[],
  from: EngineState = initialEngineState(),
): EngineState {
  return foldKept(from, events);
}

/**
 * Whether an event is in view as of `asOf`, as known at `knownAt`: effective
 * on or before the date, and recorded at or before the instant (an event
 * with no recorded_at, or one that does not parse, counts as known).
 */
export function inView(asOf: string, knownAt: Instant | null): (e: LoanEvent) => boolean {
  return (e) => {
    if (e.effectiveDate > asOf) return false;
    if (knownAt === null || e.recordedAt === undefined) return true;
    const at = parseTimestamp(e.recordedAt);
    return at === null || compareInstants(at, knownAt) <= 0;
  };
}

// ---------------------------------------------------------------------------
// Stream checks

function recordedBefore(a: string, b: string): boolean {
  // Fast path: same-shape UTC timestamps compare as strings.
  if (a.length === b.length && a.endsWith("Z") && b.endsWith("Z")) return a < b;
  const ia = parseTimestamp(a);
  const ib = parseTimestamp(b);
  return ia !== null && ib !== null && compareInstants(ia, ib) < 0;
}

/**
 * Order events by sequence number (stable), drop duplicate sequence numbers (the
 * first in input order is kept) and report out-of-order input, duplicates, gaps and
 * recorded_at going backwards.
 */
export function orderEvents(events: readonly LoanEvent[]): {
  ordered: readonly LoanEvent[];
  warnings: Warning[];
} {
  const warnings: Warning[] = [];
  let sorted = true;
  let maxSeen = 0;
  for (const e of events) {
    if (e.sequenceNumber <= maxSeen) {
      sorted = false;
      if (e.sequenceNumber < maxSeen) {
        warnings.push({
          sequenceNumber: e.sequenceNumber,
          message: `out of order: event #${e.sequenceNumber} comes after #${maxSeen} in the input; replayed in sequence order`,
        });
      }
    } else {
      maxSeen = e.sequenceNumber;
    }
  }
  let ordered: readonly LoanEvent[] = events;
  if (!sorted) {
    const copy = events.slice().sort((a, b) => a.sequenceNumber - b.sequenceNumber); // stable
    const deduped: LoanEvent[] = [];
    for (const e of copy) {
      const last = deduped[deduped.length - 1];
      if (last !== undefined && last.sequenceNumber === e.sequenceNumber) {
        warnings.push({
          sequenceNumber: e.sequenceNumber,
          message: `duplicate sequence number #${e.sequenceNumber}; the later copy (${e.eventType}) is ignored`,
        });
        continue;
      }
      deduped.push(e);
    }
    ordered = deduped;
  }
  let expected = 1;
  let prev: LoanEvent | null = null;
  for (const e of ordered) {
    if (e.sequenceNumber > expected) {
      warnings.push({
        sequenceNumber: e.sequenceNumber,
        message:
          e.sequenceNumber === expected + 1
            ? `missing sequence number: #${expected} is absent before #${e.sequenceNumber}`
            : `missing sequence numbers: #${expected} to #${e.sequenceNumber - 1} are absent before #${e.sequenceNumber}`,
      });
    }
    expected = e.sequenceNumber + 1;
    if (
      prev !== null &&
      prev.recordedAt !== undefined &&
      e.recordedAt !== undefined &&
      recordedBefore(e.recordedAt, prev.recordedAt)
    ) {
      warnings.push({
        sequenceNumber: e.sequenceNumber,
        message: `recorded at ${e.recordedAt}, before #${prev.sequenceNumber} (recorded at ${prev.recordedAt}), although its sequence number is later`,
      });
    }
    prev = e;
  }
  return { ordered, warnings };
}

// ---------------------------------------------------------------------------
// Step diffs

const TERMS_KEYS = [
  "annualRate",
  "termMonths",
  "paymentAmount",
  "dayCount",
  "firstPaymentDate",
  "maturityDate",
] as const;
const FORBEARANCE_KEYS = [
  "forbearanceType",
  "reducedPayment",
  "startDate",
  "plannedEndDate",
] as const;
const CHARGE_OFF_KEYS = ["sequenceNumber", "date", "principal", "interest", "fees"] as const;

function flatten(s: LoanStanding): Array<[string, FieldValue]> {
  const out: Array<[string, FieldValue]> = [
    ["status", s.status],
    ["principal", s.principal],
    ["interest", s.interest],
    ["fees", s.fees],
    ["totalOutstanding", s.totalOutstanding],
    ["unapplied", s.unapplied],
  ];
  for (const k of TERMS_KEYS) out.push([`terms.${k}`, s.terms ? s.terms[k] : null]);
  for (const [k, v] of Object.entries(s.totals)) out.push([`totals.${k}`, v]);
  out.push(["deferredPeriods", s.deferredPeriods]);
  out.push(["originationDate", s.originationDate]);
  for (const k of FORBEARANCE_KEYS) {
    out.push([`forbearance.${k}`, s.forbearance ? s.forbearance[k] : null]);
  }
  for (const k of CHARGE_OFF_KEYS)
    out.push([`chargeOff.${k}`, s.chargeOff ? s.chargeOff[k] : null]);
  return out;
}

/** The fields that differ between two snapshots, in a stable order. */
export function diffSnapshots(before: LoanStanding, after: LoanStanding): FieldChange[] {
  const a = flatten(before);
  const b = flatten(after);
  const changes: FieldChange[] = [];
  for (let i = 0; i < a.length; i++) {
    const [field, va] = a[i] as [string, FieldValue];
    const vb = (b[i] as [string, FieldValue])[1];
    if (va !== vb) changes.push({ field, before: va, after: vb });
  }
  return changes;
}
