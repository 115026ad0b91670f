import type { KeyboardEvent } from "react";
import { Money } from "@/components/ui/money";
import { eventTypeLabel } from "@/lib/presentation/event-labels";
import { formatMonth, formatTimestamp } from "@/lib/presentation/format";
import type { AccrualSummary, RestatementGroup, TimelineEvent } from "@/lib/presentation/timeline";
import styles from "./corrections.module.css";

/** The recorded instant without " UTC" (the column header says it), in full on hover. */
function RecordedAt({ value }: { value: string | null | undefined }) {
  const full = formatTimestamp(value);
  return (
    <td className="nowrap" title={full}>
      {full.replace(/ UTC$/, "")}
    </td>
  );
}

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

/**
 * One event: sequence, dates, who, type (with flags), amount and summary. A
 * click anywhere on the row opens its detail; for the keyboard and screen
 * readers the row is a plain table row and the way in is the button on its
 * sequence number (named "#12 Payment, effective 2025-03-01").
 */
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
      data-sequence={event.sequenceNumber}
      onClick={() => onSelect(event.sequenceNumber)}
    >
      <td className="num">
        <button
          type="button"
          className="link-button row-open"
          aria-current={selected ? "true" : undefined}
          onClick={(e) => {
            e.stopPropagation();
            onSelect(event.sequenceNumber);
          }}
        >
          #{event.sequenceNumber}
          <span className="visually-hidden">
            {" "}
            {eventTypeLabel(event.eventType)}, effective {event.effectiveDate}
          </span>
        </button>
      </td>
      <td>{event.effectiveDate}</td>
      <RecordedAt value={event.recordedAt} />
      <td className="truncate" title={event.recordedBy ?? ""}>
        {event.recordedBy ?? "—"}
      </td>
      <td className="type-cell">
        <span className={`type type-${event.eventType}`}>{eventTypeLabel(event.eventType)}</span>
        {future ? <span className="badge future">Not yet effective</span> : null}
        {event.backdated && !event.reversedBy && !event.reapplies ? (
          <span className="badge backdated">Backdated</span>
        ) : null}
        {event.reversedBy ? (
          <span
            className={`badge ${styles.reversed}`}
            title={`Reversed by event #${event.reversedBy}`}
          >
            Reversed
          </span>
        ) : null}
        {event.reapplies ? (
          <span
            className={`badge ${styles.reapplied}`}
            title={`Re-applies payment #${event.reapplies}`}
          >
            Re-applied
          </span>
        ) : null}
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
  /** Shown inside an open restatement group. */
  nested?: boolean;
  asOf: string;
  onToggle(key: string): void;
}

/** A run of daily accruals in one month, collapsible (its events are fetched when opened). */
export function AccrualGroupRow({
  group,
  expanded,
  loading = false,
  nested = false,
  asOf,
  onToggle,
}: AccrualGroupRowProps) {
  const future = group.fromDate > asOf;
  const what = group.restatement ? "Accrual adjustments" : "Interest accruals";
  const label = `${what}, ${formatMonth(group.month)}: ${group.count} days`;
  const classes = ["group-row", future ? "future" : "", nested ? styles.nested : ""];
  return (
    <tr className={classes.filter(Boolean).join(" ")}>
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
        {/* Named by what it shows ("24 accruals"), then the month ("in Mar 2025"): no aria-label, so
            the spoken name always contains the visible text (WCAG 2.5.3). */}
        <button
          type="button"
          className="link-button"
          aria-expanded={expanded}
          aria-busy={loading}
          onClick={() => onToggle(group.key)}
          onKeyDown={(e) => activate(e, () => onToggle(group.key))}
        >
          <span aria-hidden="true">{expanded ? "▾" : loading ? "…" : "▸"}</span> {group.count}{" "}
          {group.restatement ? "adjustments" : "accruals"}
          <span className="visually-hidden">
            {group.restatement ? " to interest accruals" : ""} in {formatMonth(group.month)}
          </span>
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

interface RestatementRowProps {
  group: RestatementGroup;
  expanded: boolean;
  asOf: string;
  onToggle(key: string): void;
}

/**
 * One correction: the correcting event and everything its restatement
 * appended (reversals, re-applied payments, accrual adjustments) as one row,
 * expandable to its events.
 */
export function RestatementGroupRow({ group, expanded, asOf, onToggle }: RestatementRowProps) {
  const future = group.fromDate > asOf;
  const events = `${group.eventCount} event${group.eventCount === 1 ? "" : "s"}`;
  return (
    <tr
      className={`group-row ${styles.restatement}${future ? " future" : ""}`}
      data-restatement={group.id}
      data-cause={group.cause}
    >
      <td className="num">
        #{group.firstSequence}
        {group.lastSequence !== group.firstSequence ? `–${group.lastSequence}` : ""}
      </td>
      <td>
        {group.fromDate === group.toDate
          ? group.fromDate
          : `${group.fromDate} – ${group.toDate.slice(5)}`}
      </td>
      <RecordedAt value={group.recordedAt} />
      <td className="truncate" title={group.recordedBy ?? ""}>
        {group.recordedBy ?? "—"}
      </td>
      <td className="type-cell">
        <button
          type="button"
          className="link-button"
          aria-expanded={expanded}
          onClick={() => onToggle(group.key)}
          onKeyDown={(e) => activate(e, () => onToggle(group.key))}
        >
          {/* Named "Restatement — Restated by …": the visible word first (WCAG 2.5.3). */}
          <span aria-hidden="true">{expanded ? "▾" : "▸"}</span> Restatement
          <span className="visually-hidden">
            — {group.title} ({events})
          </span>
        </button>
      </td>
      <td className="num">
        {group.amount ? <Money value={group.amount} /> : <span className="muted">—</span>}
      </td>
      <td className="truncate" title={`${group.title} (${events})`}>
        {group.title} ({events})
      </td>
    </tr>
  );
}
