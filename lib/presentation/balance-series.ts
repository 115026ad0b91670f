/**
 * Balance evolution for the chart: principal, interest and fees at the end of
 * each business day of the loan's life, with the events worth marking.
 *
 * Events are folded in business-time order (effective date, then sequence
 * number), so a backdated payment shows on the day it took effect. For each day
 * the figures equal replay as of that day whenever the order of events within
 * it does not change what they apply (true of every history the write path
 * accepts; the as-of panel always shows replay's own figures).
 *
 * Long histories are thinned to at most `maxPoints` points (the last point of
 * each bucket, plus every day with a marked event), so the chart stays fast
 * for loans with thousands of events.
 */
import { toEpochDay } from "../dates";
import type { LoanEvent } from "../events/types";
import { moneyString } from "../money";
import { applyEvent } from "../replay/handlers";
import { type EngineState, initialEngineState } from "../replay/state";
import { eventTypeLabel, type MarkerKind, markerKind } from "./event-labels";
import { eventAmount } from "./event-summary";
import { formatCurrency } from "./format";

export interface SeriesMarker {
  sequenceNumber: number;
  kind: MarkerKind;
  label: string;
}

export interface SeriesPoint {
  /** Epoch day (x coordinate). */
  day: number;
  date: string;
  /** Plot values (numbers, for drawing only). */
  principal: number;
  interest: number;
  fees: number;
  /** Exact figures for the tooltip. */
  exact: { principal: string; interest: string; fees: string; total: string };
  markers: SeriesMarker[];
}

export interface BalanceSeries {
  points: SeriesPoint[];
  /** Days in the loan's life (before thinning). */
  days: number;
  sampled: boolean;
}

interface DayState {
  date: string;
  state: EngineState;
  markers: SeriesMarker[];
}

function businessOrder(events: readonly LoanEvent[]): LoanEvent[] {
  return [...events].sort((a, b) =>
    a.effectiveDate === b.effectiveDate
      ? a.sequenceNumber - b.sequenceNumber
      : a.effectiveDate < b.effectiveDate
        ? -1
        : 1,
  );
}

function markerFor(event: LoanEvent): SeriesMarker | null {
  const kind = markerKind(event.eventType);
  if (!kind) return null;
  const amount = eventAmount(event);
  return {
    sequenceNumber: event.sequenceNumber,
    kind,
    label: `#${event.sequenceNumber} ${eventTypeLabel(event.eventType)}${amount ? ` ${formatCurrency(amount)}` : ""}`,
  };
}

function foldByDay(events: readonly LoanEvent[]): DayState[] {
  const days: DayState[] = [];
  let state = initialEngineState();
  for (const event of businessOrder(events)) {
    state = applyEvent(state, event);
    let current = days.at(-1);
    if (!current || current.date !== event.effectiveDate) {
      current = { date: event.effectiveDate, state, markers: [] };
      days.push(current);
    }
    current.state = state;
    const marker = markerFor(event);
    if (marker) current.markers.push(marker);
  }
  return days;
}

/** Indices to keep: first, last, every day with markers, and one per bucket. */
export function thin(count: number, maxPoints: number, keep: (index: number) => boolean): number[] {
  if (count <= maxPoints) return Array.from({ length: count }, (_, i) => i);
  const bucket = Math.ceil(count / Math.max(1, maxPoints));
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    if (i === 0 || i === count - 1 || keep(i) || i % bucket === bucket - 1) out.push(i);
  }
  return out;
}

function toPoint({ date, state, markers }: DayState): SeriesPoint {
  const principal = moneyString(state.principal);
  const interest = moneyString(state.interest);
  const fees = moneyString(state.fees);
  return {
    day: toEpochDay(date),
    date,
    principal: state.principal.toNumber(),
    interest: state.interest.toNumber(),
    fees: state.fees.toNumber(),
    exact: {
      principal,
      interest,
      fees,
      total: moneyString(state.principal.plus(state.interest).plus(state.fees)),
    },
    markers,
  };
}

export function balanceSeries(events: readonly LoanEvent[], maxPoints = 500): BalanceSeries {
  const days = foldByDay(events);
  const kept = thin(days.length, maxPoints, (i) => (days[i]?.markers.length ?? 0) > 0);
  return {
    points: kept.map((i) => toPoint(days[i] as DayState)),
    days: days.length,
    sampled: kept.length < days.length,
  };
}
