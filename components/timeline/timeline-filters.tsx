"use client";
import { useId } from "react";
import { DateEntryInput } from "@/components/ui/date-entry-input";
import type { EventType } from "@/lib/events/event-types";
import { EVENT_TYPE_OPTIONS, eventTypeLabel } from "@/lib/presentation/event-labels";
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

/** The select's value when a link or a balance's breakdown asked for several types at once. */
const SEVERAL = "__several";

/**
 * Event type, effective date range, monthly grouping of daily accruals, and
 * jumps. A typed date is used once it is complete (DateEntryInput), never on
 * each keystroke; an emptied range end opens it.
 */
export function TimelineFilters(props: TimelineFiltersProps) {
  const { filter, counts, groupAccruals, onFilter, onGroupAccruals } = props;
  const typeId = useId();
  const fromId = useId();
  const toId = useId();
  const groupId = useId();
  const jumpId = useId();
  const jumpDateId = useId();
  const several = filter.types.length > 1;
  const active = filter.types.length > 0 || filter.from !== "" || filter.to !== "";
  return (
    <div className="toolbar timeline-filters">
      <div className="field">
        <label htmlFor={typeId}>Event type</label>
        <select
          id={typeId}
          value={several ? SEVERAL : (filter.types[0] ?? "")}
          onChange={(e) => {
            const value = e.target.value;
            if (value === SEVERAL) return;
            onFilter({ ...filter, types: value ? [value as EventType] : [] });
          }}
        >
          <option value="">All types</option>
          {several ? (
            <option value={SEVERAL}>{filter.types.map((t) => eventTypeLabel(t)).join(", ")}</option>
          ) : null}
          {EVENT_TYPE_OPTIONS.filter((o) => (counts[o.value] ?? 0) > 0).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label} ({counts[o.value]})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={fromId}>Effective from</label>
        <DateEntryInput
          id={fromId}
          value={filter.from}
          allowEmpty
          onCommit={(from) => onFilter({ ...filter, from })}
        />
      </div>
      <div className="field">
        <label htmlFor={toId}>Effective to</label>
        <DateEntryInput
          id={toId}
          value={filter.to}
          allowEmpty
          onCommit={(to) => onFilter({ ...filter, to })}
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
        <DateEntryInput
          id={jumpDateId}
          value=""
          allowEmpty
          onCommit={(date) => {
            if (date) props.onJumpToDate(date);
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
