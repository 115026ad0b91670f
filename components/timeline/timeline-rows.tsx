import type { KeyboardEvent } from "react";
import { Money } from "@/components/ui/money";
import { eventTypeLabel } from "@/lib/presentation/event-labels";
import { formatMonth, formatTimestamp } from "@/lib/presentation/format";
import type { AccrualSummary, TimelineEvent } from "@/lib/presentation/timeline";

function activate(e: KeyboardEvent, run: () => void) {
  if (e.key === "Enter" || e.key === " ") {
    e.preventDefault();
    run();
  }
}

interface EventRowProps {
  event: TimelineEvent;
  asOf: string;
  selected: boolean;
  grouped: boolean;
  onSelect(sequenceNumber: number): void;
}

/** One event: sequence, dates, who, type (with flags), amount and summary. */
export function EventRow({ event, asOf, selected, grouped, onSelect }: EventRowProps) {
  const future = event.effectiveDate > asOf;
  const classes = [
    "event-row",
    future ? "future" : "",
    selected ? "selected" : "",
    grouped ? "grouped" : "",
  ];
  return (
    <tr
      className={classes.filter(Boolean).join(" ")}
      aria-selected={selected}
      tabIndex={0}
      data-sequence={event.sequenceNumber}
      onClick={() => onSelect(event.sequenceNumber)}
      onKeyDown={(e) => activate(e, () => onSelect(event.sequenceNumber))}
    >
      <td className="num">#{event.sequenceNumber}</td>
      <td>{event.effectiveDate}</td>
      <td className="nowrap">{formatTimestamp(event.recordedAt)}</td>
      <td className="truncate" title={event.recordedBy ?? ""}>
        {event.recordedBy ?? "—"}
      </td>
      <td className="type-cell">
        <span className={`type type-${event.eventType}`}>{eventTypeLabel(event.eventType)}</span>
        {future ? <span className="badge future">Not yet effective</span> : null}
        {event.backdated ? <span className="badge backdated">Backdated</span> : null}
      </td>
      <td className="num">
        {event.amount ? <Money value={event.amount} /> : <span className="muted">—</span>}
      </td>
      <td className="truncate" title={event.summary}>
        {event.summary}
      </td>
    </tr>
  );
}

interface AccrualGroupRowProps {
  group: AccrualSummary;
  expanded: boolean;
  /** Its events are being fetched. */
  loading?: boolean;
  asOf: string;
  onToggle(key: string): void;
}

/** A run of daily accruals in one month, collapsible (its events are fetched when opened). */
export function AccrualGroupRow({
  group,
  expanded,
  loading = false,
  asOf,
  onToggle,
}: AccrualGroupRowProps) {
  const future = group.fromDate > asOf;
  const label = `Interest accruals, ${formatMonth(group.month)}: ${group.count} days`;
  return (
    <tr className={`group-row${future ? " future" : ""}`}>
      <td className="num">
        #{group.firstSequence}
        {group.lastSequence !== group.firstSequence ? `–${group.lastSequence}` : ""}
      </td>
      <td>
        {group.fromDate === group.toDate
          ? group.fromDate
          : `${group.fromDate} – ${group.toDate.slice(5)}`}
      </td>
      <td />
      <td />
      <td className="type-cell">
        <button
          type="button"
          className="link-button"
          aria-expanded={expanded}
          aria-busy={loading}
          aria-label={`${expanded ? "Collapse" : "Expand"} ${label}`}
          onClick={() => onToggle(group.key)}
          onKeyDown={(e) => activate(e, () => onToggle(group.key))}
        >
          {expanded ? "▾" : loading ? "…" : "▸"} {group.count} accruals
        </button>
        {future ? <span className="badge future">Not yet effective</span> : null}
      </td>
      <td className="num">
        <Money value={group.total} />
      </td>
      <td className="muted">{label}</td>
    </tr>
  );
}
