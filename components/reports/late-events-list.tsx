import Link from "next/link";
import type { EventType } from "@/lib/events/event-types";
import { eventTypeLabel } from "@/lib/presentation/event-labels";
import { formatMonth, formatTimestamp } from "@/lib/presentation/format";
import { groupLateEvents, type LateEventLine } from "@/lib/presentation/late-events";
import styles from "./reports.module.css";

function typeLabel(type: string): string {
  return eventTypeLabel(type as EventType) ?? type;
}

function Recorded({ from, to }: { from: string; to: string }) {
  return from === to ? (
    <time dateTime={from}>{formatTimestamp(from)}</time>
  ) : (
    <>
      <time dateTime={from}>{formatTimestamp(from)}</time> –{" "}
      <time dateTime={to}>{formatTimestamp(to)}</time>
    </>
  );
}

/**
 * A changed loan's events recorded after the filing, effective on or before
 * the report date: daily interest accruals summed per month (one line per
 * month, as the loan page's timeline groups them), every other event on its
 * own line; each links to the loan page at that event.
 */
export function LateEventsList({
  loanNumber,
  asOf,
  events,
}: {
  loanNumber: string;
  asOf: string;
  events: readonly LateEventLine[];
}) {
  const at = (sequence: number) => `/loans/${loanNumber}?asOf=${asOf}&event=${sequence}`;
  return (
    <ul className={styles.lateEvents} aria-label={`Backdated events on ${loanNumber}`}>
      {groupLateEvents(events).map((entry) => {
        if (entry.kind === "event") {
          const e = entry.event;
          return (
            <li key={e.sequenceNumber}>
              <Link href={at(e.sequenceNumber)}>
                #{e.sequenceNumber} {typeLabel(e.eventType)}
              </Link>{" "}
              effective {e.effectiveDate}, recorded{" "}
              <time dateTime={e.recordedAt}>{formatTimestamp(e.recordedAt)}</time> by {e.recordedBy}
            </li>
          );
        }
        const g = entry.group;
        return (
          <li key={entry.key} data-accrual-month={g.month}>
            <Link href={at(g.firstSequence)}>
              {g.count} interest accruals, {formatMonth(g.month)} (#{g.firstSequence}–
              {g.lastSequence})
            </Link>{" "}
            effective {g.fromDate} – {g.toDate}, recorded{" "}
            <Recorded from={g.recordedFrom} to={g.recordedTo} /> by{" "}
            {g.recordedBy ?? "several recorders"}
          </li>
        );
      })}
    </ul>
  );
}
