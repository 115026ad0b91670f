/**
 * Links staff paste in a note (pure): what the loan page's and the
 * step-through's URLs keep beside asOf and knownAt, read back safely, and the
 * "Copy link" address with the date and instant pinned.
 *
 * The loan page keeps its timeline's filters in the query: eventType (one or
 * more of the twelve types, comma separated), effectiveFrom and effectiveTo (YYYY-MM-DD) and
 * accruals=daily when daily accruals are not grouped by month. The
 * step-through keeps skipAccruals=1.
 */
import { isIsoDate } from "../dates";
import { type EventType, isEventType } from "../events/event-types";
import type { TimelineFilter } from "./timeline";

const TIMELINE_QUERY = {
  type: "eventType",
  from: "effectiveFrom",
  to: "effectiveTo",
  accruals: "accruals",
} as const;

export const SKIP_ACCRUALS_QUERY = "skipAccruals";

export interface TimelineView {
  filter: TimelineFilter;
  groupAccruals: boolean;
}

function quoted(value: string): string {
  return `“${value.length > 40 ? `${value.slice(0, 40)}…` : value}”`;
}

/**
 * The timeline's filters from a link (`read` gives a query parameter's
 * value), and what to tell the reader about any that could not be used (that
 * filter is left off).
 */
export function timelineViewFromLink(read: (name: string) => string | undefined): TimelineView & {
  problems: string[];
} {
  const problems: string[] = [];
  const type = read(TIMELINE_QUERY.type);
  let types: EventType[] = [];
  if (type) {
    const named = type.split(",");
    if (named.every(isEventType)) types = [...new Set(named)];
    else
      problems.push(
        `The link's event type ${quoted(type)} is not one of the event types, so the timeline shows every type.`,
      );
  }
  const date = (name: string, what: string): string => {
    const value = read(name);
    if (!value) return "";
    if (isIsoDate(value)) return value;
    problems.push(
      `The link's ${what} date ${quoted(value)} is not a real date (YYYY-MM-DD), so the timeline is not limited by it.`,
    );
    return "";
  };
  const from = date(TIMELINE_QUERY.from, "“effective from”");
  const to = date(TIMELINE_QUERY.to, "“effective to”");
  return {
    filter: { types, from, to },
    groupAccruals: read(TIMELINE_QUERY.accruals) !== "daily",
    problems,
  };
}

/** The query changes that keep the URL in step with the timeline's filters (null removes). */
export function timelineViewQuery(view: TimelineView): Record<string, string | null> {
  const { filter, groupAccruals } = view;
  return {
    [TIMELINE_QUERY.type]: filter.types.length > 0 ? filter.types.join(",") : null,
    [TIMELINE_QUERY.from]: filter.from || null,
    [TIMELINE_QUERY.to]: filter.to || null,
    [TIMELINE_QUERY.accruals]: groupAccruals ? null : "daily",
  };
}

export function hasTimelineFilter(filter: TimelineFilter): boolean {
  return filter.types.length > 0 || filter.from !== "" || filter.to !== "";
}

/**
 * The address "Copy link" copies: the page's own URL (which the page keeps
 * in step with what it shows: the selected event, filters, periods) with the
 * as-of date always written out, so the link shows the same date tomorrow,
 * and the "as known at" instant when one is shown.
 */
export function pinnedLink(href: string, pins: { asOf: string; knownAt: string | null }): string {
  const url = new URL(href);
  url.searchParams.set("asOf", pins.asOf);
  if (pins.knownAt) url.searchParams.set("knownAt", pins.knownAt);
  else url.searchParams.delete("knownAt");
  url.hash = "";
  return url.toString();
}

/**
 * What a person whose role cannot see "as known at" is told when a link
 * asks for it (the page shows everything known now instead).
 */
export function knownAtNotForRole(knownAt: string, roleLabel: string): string {
  return `This link shows the figures as known at ${quoted(knownAt)}, which a ${roleLabel.toLowerCase()} cannot see (“as known at” is for dispute reviewers, auditors and administrators), so this page shows everything known now. Ask a dispute reviewer if what was known then matters.`;
}
