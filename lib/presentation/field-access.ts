/**
 * The loan page's data shaped for the person it is sent to: each field the
 * permission table (lib/auth/permissions.ts FIELD_PERMISSIONS) withholds from
 * their role is emptied on the server, before rendering or serialising, so it
 * reaches neither the HTML, the RSC payload nor a server action's answer.
 * Pure; every page, action and route that sends these shapes calls it.
 */
import type { FieldAccess } from "../auth/permissions";
import type { EventDetail } from "./event-detail";
import type { TimelineEntry, TimelineEvent, TimelinePage } from "./timeline";

function shapeTimelineEvent(event: TimelineEvent, access: FieldAccess): TimelineEvent {
  return {
    ...event,
    recordedAt: access.recordedAt ? event.recordedAt : null,
    recordedBy: access.recordedBy ? event.recordedBy : null,
  };
}

function shapeEntry(entry: TimelineEntry, access: FieldAccess): TimelineEntry {
  return entry.kind === "event"
    ? { kind: "event", event: shapeTimelineEvent(entry.event, access) }
    : entry;
}

export function shapeTimelinePage<P extends TimelinePage>(page: P, access: FieldAccess): P {
  return { ...page, entries: page.entries.map((e) => shapeEntry(e, access)) };
}

export function shapeEventDetail<D extends EventDetail | null>(detail: D, access: FieldAccess): D {
  if (detail === null) return detail;
  return { ...detail, event: shapeTimelineEvent(detail.event, access) };
}
