"use client";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useMemo, useRef, useState } from "react";
import type { EventType } from "@/lib/events/event-types";
import type { LoanEvent } from "@/lib/events/types";
import {
  buildTimelineRows,
  NO_FILTER,
  type TimelineFilter,
  toTimelineEvents,
} from "@/lib/presentation/timeline";
import { TimelineFilters } from "./timeline-filters";
import { AccrualGroupRow, EventRow } from "./timeline-rows";

const ROW_HEIGHT = 36;
const VIEWPORT_HEIGHT = 480;

interface EventTimelineProps {
  events: LoanEvent[];
  asOf: string;
  selected: number | null;
  onSelect(sequenceNumber: number): void;
}

/** Every event in sequence order, filterable, virtualised so thousands of rows scroll smoothly. */
export function EventTimeline({ events, asOf, selected, onSelect }: EventTimelineProps) {
  const described = useMemo(() => toTimelineEvents(events), [events]);
  const counts = useMemo(() => {
    const map = new Map<EventType, number>();
    for (const e of described) map.set(e.eventType, (map.get(e.eventType) ?? 0) + 1);
    return map;
  }, [described]);
  const [filter, setFilter] = useState<TimelineFilter>(NO_FILTER);
  const [groupAccruals, setGroupAccruals] = useState(true);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const rows = useMemo(
    () => buildTimelineRows(described, filter, groupAccruals, expanded),
    [described, filter, groupAccruals, expanded],
  );
  const shown = rows.filter((r) => r.kind === "event").length;
  const groupedCount = rows.reduce(
    (n, r) => (r.kind === "accruals" && !r.expanded ? n + r.group.count : n),
    0,
  );

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 1200, height: VIEWPORT_HEIGHT },
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  const toggle = (key: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (!next.delete(key)) next.add(key);
      return next;
    });

  return (
    <section className="panel" aria-labelledby="timeline-heading">
      <div className="panel-title">
        <h2 id="timeline-heading">Event timeline</h2>
        <span className="muted small" role="status">
          {shown + groupedCount} of {described.length} events
          {groupedCount > 0 ? ` (${groupedCount} accruals grouped)` : ""}
        </span>
      </div>
      <TimelineFilters
        filter={filter}
        counts={counts}
        groupAccruals={groupAccruals}
        onFilter={setFilter}
        onGroupAccruals={setGroupAccruals}
      />
      <div className="timeline-scroll" ref={scrollRef} style={{ maxHeight: VIEWPORT_HEIGHT }}>
        <table className="timeline" aria-label="Event timeline" aria-rowcount={rows.length + 1}>
          <colgroup>
            <col style={{ width: "5rem" }} />
            <col style={{ width: "6.5rem" }} />
            <col style={{ width: "11rem" }} />
            <col style={{ width: "6.5rem" }} />
            <col style={{ width: "11rem" }} />
            <col style={{ width: "6.5rem" }} />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th className="num">#</th>
              <th>Effective</th>
              <th>Recorded at</th>
              <th>Recorded by</th>
              <th>Type</th>
              <th className="num">Amount</th>
              <th>Summary</th>
            </tr>
          </thead>
          <tbody>
            {padTop > 0 ? (
              <tr className="spacer-row" style={{ height: padTop }}>
                <td colSpan={7} />
              </tr>
            ) : null}
            {items.map((item) => {
              const row = rows[item.index];
              if (!row) return null;
              return row.kind === "event" ? (
                <EventRow
                  key={row.key}
                  event={row.event}
                  asOf={asOf}
                  grouped={row.grouped}
                  selected={row.event.sequenceNumber === selected}
                  onSelect={onSelect}
                />
              ) : (
                <AccrualGroupRow
                  key={row.key}
                  group={row.group}
                  expanded={row.expanded}
                  asOf={asOf}
                  onToggle={toggle}
                />
              );
            })}
            {padBottom > 0 ? (
              <tr className="spacer-row" style={{ height: padBottom }}>
                <td colSpan={7} />
              </tr>
            ) : null}
          </tbody>
        </table>
        {rows.length === 0 ? <p className="empty">No events match these filters.</p> : null}
      </div>
    </section>
  );
}
