"use client";
import { useId } from "react";
import type { EventType } from "@/lib/events/event-types";
import { EVENT_TYPE_OPTIONS } from "@/lib/presentation/event-labels";
import type { TimelineFilter } from "@/lib/presentation/timeline";

interface TimelineFiltersProps {
  filter: TimelineFilter;
  counts: Partial<Record<EventType, number>>;
  groupAccruals: boolean;
  onFilter(filter: TimelineFilter): void;
  onGroupAccruals(group: boolean): void;
  onJumpToSequence(sequence: number): void;
  onJumpToDate(date: string): void;
}

/** Event type, effective date range, monthly grouping of daily accruals, and jumps. */
export function TimelineFilters(props: TimelineFiltersProps) {
  const { filter, counts, groupAccruals, onFilter, onGroupAccruals } = props;
  const typeId = useId();
  const fromId = useId();
  const toId = useId();
  const groupId = useId();
  const jumpId = useId();
  const jumpDateId = useId();
  const active = filter.types.length > 0 || filter.from !== "" || filter.to !== "";
  return (
    <div className="toolbar timeline-filters">
      <div className="field">
        <label htmlFor={typeId}>Event type</label>
        <select
          id={typeId}
          value={filter.types[0] ?? ""}
          onChange={(e) =>
            onFilter({ ...filter, types: e.target.value ? [e.target.value as EventType] : [] })
          }
        >
          <option value="">All types</option>
          {EVENT_TYPE_OPTIONS.filter((o) => (counts[o.value] ?? 0) > 0).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label} ({counts[o.value]})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={fromId}>Effective from</label>
        <input
          id={fromId}
          type="date"
          value={filter.from}
          onChange={(e) => onFilter({ ...filter, from: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={toId}>Effective to</label>
        <input
          id={toId}
          type="date"
          value={filter.to}
          onChange={(e) => onFilter({ ...filter, to: e.target.value })}
        />
      </div>
      <div className="field checkbox">
        <input
          id={groupId}
          type="checkbox"
          checked={groupAccruals}
          onChange={(e) => onGroupAccruals(e.target.checked)}
        />
        <label htmlFor={groupId}>Group daily accruals by month</label>
      </div>
      <form
        className="field inline"
        onSubmit={(e) => {
          e.preventDefault();
          const value = Number(new FormData(e.currentTarget).get("sequence"));
          if (Number.isInteger(value) && value > 0) props.onJumpToSequence(value);
        }}
      >
        <label htmlFor={jumpId}>Go to event #</label>
        <input id={jumpId} name="sequence" type="number" min={1} inputMode="numeric" />
        <button type="submit">Go</button>
      </form>
      <div className="field">
        <label htmlFor={jumpDateId}>Go to date</label>
        <input
          id={jumpDateId}
          type="date"
          onChange={(e) => {
            if (e.target.value) props.onJumpToDate(e.target.value);
          }}
        />
      </div>
      {active ? (
        <button
          type="button"
          className="link-button"
          onClick={() => onFilter({ types: [], from: "", to: "" })}
        >
          Clear filters
        </button>
      ) : null}
    </div>
  );
}
