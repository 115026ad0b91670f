/**
 * Why the dispute step-through shows another event than the one asked for
 * (pure). A link's `at=N` or "Jump to event #N" lands on the first visited
 * event at or after N; when that is not N, the reader is told why (N was not
 * recorded yet "as known at", is effective after the as-of date, is a
 * skipped accrual, or does not exist). A date after every visited event lands
 * on the last one, and says so.
 */
import { compareTimestamps, isIsoTimestamp } from "../dates";
import type { EventType } from "../events/event-types";
import { eventTypeLabel } from "./event-labels";
import { formatTimestamp } from "./format";

export interface StoredEventFacts {
  sequenceNumber: number;
  eventType: EventType;
  effectiveDate: string;
  recordedAt: string;
}

export interface StepNavigation {
  asOf: string;
  knownAt: string | null;
  skipAccruals: boolean;
}

export function missedEventNotice(input: {
  requested: number;
  /** The loan's event with that number, or null when it has none. */
  event: StoredEventFacts | null;
  landed: number;
  nav: StepNavigation;
}): string | null {
  const { requested, event, landed, nav } = input;
  if (landed === requested) return null;
  const which = landed > requested ? "the next" : "the last";
  if (!event)
    return `This loan has no event #${requested}. Showing event #${landed}, the last one.`;
  const name = `Event #${requested} (${eventTypeLabel(event.eventType)})`;
  const recordedLater =
    nav.knownAt !== null &&
    isIsoTimestamp(event.recordedAt) &&
    compareTimestamps(event.recordedAt, nav.knownAt) > 0;
  if (nav.knownAt && recordedLater) {
    return `${name} was not known at ${formatTimestamp(nav.knownAt)}: it was recorded ${formatTimestamp(event.recordedAt)}. Showing event #${landed}, ${which} event known then.`;
  }
  if (event.effectiveDate > nav.asOf) {
    return `${name} is effective ${event.effectiveDate}, after the as-of date ${nav.asOf}, so it is not replayed. Showing event #${landed}, ${which} event in effect by then.`;
  }
  if (nav.skipAccruals && event.eventType === "interest_accrual") {
    return `${name} is a daily interest accrual, and accruals are being skipped. Showing event #${landed}, ${which} event that is not an accrual.`;
  }
  return `Event #${requested} is not among the events replayed here. Showing event #${landed}.`;
}

/** A "Jump to date" after every visited event: the last one is shown. */
export function lateDateNotice(
  date: string,
  landed: { sequenceNumber: number; effectiveDate: string },
): string {
  return `No event is effective on or after ${date}. Showing the last event before it, #${landed.sequenceNumber} (effective ${landed.effectiveDate}).`;
}
