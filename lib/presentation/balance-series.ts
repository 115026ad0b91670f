/**
 * Balance evolution for the chart: principal, interest and fees over the
 * loan's life (exact decimal strings; the chart turns them into numbers for
 * drawing only), with the events worth marking. At most MAX_SERIES_POINTS
 * points and MAX_SERIES_MARKERS markers, whatever the length of the history.
 *
 * Two ways to build one:
 *  - `balanceSeries(events)`: every business day with events, folding the
 *    whole history once (events in effective-date then sequence order, so a
 *    backdated payment shows on the day it took effect; for each day the
 *    figures equal replay as of that day whenever the order of events within
 *    it does not change what they apply). Costs a read and a fold of every
 *    event: the loan page uses it only for short histories.
 *  - `seriesFromSnapshots(...)`: the loan's month-end snapshots (exact replay
 *    figures at the last three month ends and the quarter ends before them)
 *    and the current state, with markers from a bounded read of the events
 *    worth marking. Costs no fold: what long histories use.
 *
 * Long series are thinned to at most `maxPoints` points (the last point of
 * each bucket, plus the first and the last, plus, for daily series, every day
 * with a marked event when there is room).
 */
import { fromEpochDay, toEpochDay } from "../dates";
import type { LoanEvent } from "../events/types";
import { moneyString, toMoney } from "../money";
import { applyEvent } from "../replay/handlers";
import { type EngineState, initialEngineState } from "../replay/state";
import { eventTypeLabel, type MarkerKind, markerKind } from "./event-labels";
import { eventAmount } from "./event-summary";
import { formatCurrency } from "./format";

export const MAX_SERIES_POINTS = 400;
export const MAX_SERIES_MARKERS = 200;

export interface SeriesMarker {
  /** Epoch day the event took effect. */
  day: number;
  sequenceNumber: number;
  kind: MarkerKind;
  label: string;
}

export interface SeriesPoint {
  /** Epoch day (x coordinate). */
  day: number;
  /** Exact figures at the end of that day. */
  principal: string;
  interest: string;
  fees: string;
}

export interface BalanceSeries {
  points: SeriesPoint[];
  markers: SeriesMarker[];
  /** "daily": every day with events; "month-ends": snapshot month ends and the latest state. */
  basis: "daily" | "month-ends";
  /** Dates the series could have shown before thinning. */
  days: number;
  sampled: boolean;
}

function markerFor(event: LoanEvent): SeriesMarker | null {
  const kind = markerKind(event.eventType);
  if (!kind) return null;
  const amount = eventAmount(event);
  return {
    day: toEpochDay(event.effectiveDate),
    sequenceNumber: event.sequenceNumber,
    kind,
    label: `#${event.sequenceNumber} ${eventTypeLabel(event.eventType)}${amount ? ` ${formatCurrency(amount)}` : ""}`,
  };
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

function pointOf(date: string, state: Pick<EngineState, "principal" | "interest" | "fees">) {
  return {
    day: toEpochDay(date),
    principal: moneyString(state.principal),
    interest: moneyString(state.interest),
    fees: moneyString(state.fees),
  };
}

/**
 * Indices to keep, at most `maxPoints`: the first, the last and every `keep`
 * one (evenly sampled if they alone are too many), then one per bucket in the
 * room left.
 */
export function thin(count: number, maxPoints: number, keep: (index: number) => boolean): number[] {
  if (count <= maxPoints) return Array.from({ length: count }, (_, i) => i);
  const max = Math.max(2, maxPoints);
  const must = [0];
  for (let i = 1; i < count - 1; i++) if (keep(i)) must.push(i);
  must.push(count - 1);
  if (must.length >= max) {
    const step = (must.length - 1) / (max - 1);
    return Array.from({ length: max }, (_, i) => must[Math.round(i * step)] as number);
  }
  const chosen = new Set(must);
  const bucket = Math.ceil(count / (max - must.length));
  for (let i = bucket - 1; i < count; i += bucket) chosen.add(i);
  return [...chosen].sort((a, b) => a - b);
}

/** The first `max` markers, spread over the list when there are more. */
function boundMarkers(markers: SeriesMarker[], max = MAX_SERIES_MARKERS): SeriesMarker[] {
  if (markers.length <= max) return markers;
  const step = markers.length / max;
  return Array.from({ length: max }, (_, i) => markers[Math.floor(i * step)] as SeriesMarker);
}

/** Every business day with events, from a fold of the whole history. */
export function balanceSeries(
  events: readonly LoanEvent[],
  maxPoints = MAX_SERIES_POINTS,
): BalanceSeries {
  const days: { date: string; state: EngineState; marked: boolean }[] = [];
  const markers: SeriesMarker[] = [];
  let state = initialEngineState();
  for (const event of businessOrder(events)) {
    state = applyEvent(state, event);
    let current = days.at(-1);
    if (!current || current.date !== event.effectiveDate) {
      current = { date: event.effectiveDate, state, marked: false };
      days.push(current);
    }
    current.state = state;
    const marker = markerFor(event);
    if (marker) {
      markers.push(marker);
      current.marked = true;
    }
  }
  const kept = thin(days.length, maxPoints, (i) => days[i]?.marked === true);
  return {
    points: kept.map((i) => {
      const d = days[i] as (typeof days)[number];
      return pointOf(d.date, d.state);
    }),
    markers: boundMarkers(markers),
    basis: "daily",
    days: days.length,
    sampled: kept.length < days.length,
  };
}

/** A snapshot's figures (as read from the snapshot table). */
export interface FiguresAt {
  asOfDate: string;
  principal: string;
  interest: string;
  fees: string;
}

/**
 * Month-end figures (oldest first) and the current state as the last point
 * (on the latest effective date), with markers for `marked` events.
 */
export function seriesFromSnapshots(
  monthEnds: readonly FiguresAt[],
  latest: { date: string; state: Pick<EngineState, "principal" | "interest" | "fees"> } | null,
  marked: readonly LoanEvent[],
  maxPoints = MAX_SERIES_POINTS,
): BalanceSeries {
  const all: SeriesPoint[] = monthEnds
    .filter((m) => latest === null || m.asOfDate < latest.date)
    .map((m) => ({
      day: toEpochDay(m.asOfDate),
      principal: moneyString(toMoney(m.principal)),
      interest: moneyString(toMoney(m.interest)),
      fees: moneyString(toMoney(m.fees)),
    }));
  if (latest) all.push(pointOf(latest.date, latest.state));
  const kept = thin(all.length, maxPoints, () => false);
  const markers = marked
    .map(markerFor)
    .filter((m): m is SeriesMarker => m !== null)
    .sort((a, b) => a.day - b.day || a.sequenceNumber - b.sequenceNumber);
  return {
    points: kept.map((i) => all[i] as SeriesPoint),
    markers: boundMarkers(markers),
    basis: "month-ends",
    days: all.length,
    sampled: kept.length < all.length,
  };
}

/** The point in effect on `day` (the last at or before it), for drawing a marker on the line. */
export function pointOn(points: readonly SeriesPoint[], day: number): SeriesPoint | undefined {
  let lo = 0;
  let hi = points.length - 1;
  let found: SeriesPoint | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = points[mid] as SeriesPoint;
    if (p.day <= day) {
      found = p;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found ?? points[0];
}

/** ISO date of a point. */
export function pointDate(point: SeriesPoint): string {
  return fromEpochDay(point.day);
}
