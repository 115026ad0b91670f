"use client";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { Action } from "@/app/_lib/action-result";
import { replaceQuery } from "@/components/loan/use-as-of-view";
import type { EventType } from "@/lib/events/event-types";
import { timelineViewQuery } from "@/lib/presentation/share-link";
import {
  type Expansions,
  entrySpan,
  joinEntries,
  NO_FILTER,
  rowIndexOf,
  rowsFromEntries,
  type TimelineEntry,
  type TimelineEvent,
  type TimelineFilter,
  type TimelinePage,
  type TimelineRequest,
} from "@/lib/presentation/timeline";
import { TimelineFilters } from "./timeline-filters";
import { AccrualGroupRow, EventRow, RestatementGroupRow } from "./timeline-rows";

const ROW_HEIGHT = 36;
const VIEWPORT_HEIGHT = 480;
/** Entries asked for as the reader scrolls. */
const PAGE_ROWS = 100;
/** Fetch the next page when the last rendered row is this close to the end of what is loaded. */
const NEAR_EDGE = 8;

export interface TimelinePageRequest extends TimelineRequest {
  loanNumber: string;
}

interface EventTimelineProps {
  loanNumber: string;
  asOf: string;
  selected: number | null;
  onSelect(sequenceNumber: number): void;
  /** The first page, rendered with the page (around the selected event, if any). */
  initial: TimelinePage;
  counts: Partial<Record<EventType, number>>;
  total: number;
  loadPage: Action<TimelinePageRequest, TimelinePage>;
  /** The filters the first page was read with (the URL's); default every event, accruals grouped. */
  initialFilter?: TimelineFilter;
  initialGroupAccruals?: boolean;
  /**
   * Filters asked for from elsewhere on the page (a balance figure's "show
   * these events"): applied when `key` changes, and the timeline scrolled into view.
   */
  show?: { filter: TimelineFilter; key: number } | null;
}

interface Loaded {
  entries: TimelineEntry[];
  hasBefore: boolean;
  hasAfter: boolean;
}

type Loading = "before" | "after" | "replace" | null;

/**
 * The loan's events in sequence order, a page at a time: the browser holds a
 * window of entries (daily accruals summed per month unless ungrouped) and
 * fetches the next or previous page through the server action as the reader
 * scrolls near an edge, a new first page when the filter changes, and a
 * window around an event or a date for a jump. Virtualised, so a long window
 * scrolls smoothly.
 */
export function EventTimeline(props: EventTimelineProps) {
  const { loanNumber, asOf, selected, onSelect, counts, total, loadPage } = props;
  const [filter, setFilter] = useState<TimelineFilter>(props.initialFilter ?? NO_FILTER);
  const [groupAccruals, setGroupAccruals] = useState(props.initialGroupAccruals ?? true);
  const [loaded, setLoaded] = useState<Loaded>(props.initial);
  const [matching, setMatching] = useState(props.initial.matching ?? total);
  const [loading, setLoadingState] = useState<Loading>(null);
  const [error, setError] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<Expansions>(new Map());
  /** Restatement groups opened by the reader (by key; a group keeps its key as pages load). */
  const [openGroups, setOpenGroups] = useState<ReadonlySet<string>>(new Set());
  const [scrollTo, setScrollTo] = useState<number | null>(props.initial.anchor);
  const loadingRef = useRef<Loading>(null);
  /** A link's selected event: the page scrolls to its row once the timeline has it in view. */
  const revealOnLoad = useRef(selected !== null && props.initial.anchor !== null);
  const sectionRef = useRef<HTMLElement>(null);
  const generation = useRef(0);
  const prepended = useRef<number | null>(null);

  const setLoading = useCallback((value: Loading) => {
    loadingRef.current = value;
    setLoadingState(value);
  }, []);

  const rows = useMemo(
    () => rowsFromEntries(loaded.entries, expanded, openGroups),
    [loaded, expanded, openGroups],
  );
  const toggleGroup = useCallback((key: string) => {
    setOpenGroups((prev) => {
      const next = new Set(prev);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  }, []);
  const request = useCallback(
    (f: TimelineFilter, group: boolean): TimelinePageRequest => ({
      loanNumber,
      types: [...f.types],
      from: f.from || null,
      to: f.to || null,
      groupAccruals: group,
    }),
    [loanNumber],
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
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items.at(-1)?.index ?? -1;

  /** A new window (filter change or jump): older answers are dropped. */
  const replace = useCallback(
    async (
      f: TimelineFilter,
      group: boolean,
      position: { around?: number; aroundDate?: string } = {},
    ) => {
      const ticket = ++generation.current;
      setLoading("replace");
      const jump = position.around !== undefined || position.aroundDate !== undefined;
      const result = await loadPage({
        ...request(f, group),
        ...position,
        limit: PAGE_ROWS,
        count: !jump,
      });
      if (ticket !== generation.current) return;
      setLoading(null);
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setError(null);
      setExpanded(new Map());
      setLoaded(result.data);
      if (result.data.matching !== null) setMatching(result.data.matching);
      if (jump) setScrollTo(result.data.anchor ?? Number.MAX_SAFE_INTEGER);
      else scrollRef.current?.scrollTo({ top: 0 });
    },
    [loadPage, request, setLoading],
  );

  /** The next or previous page, joined to the window. */
  const extend = useCallback(
    async (direction: "before" | "after") => {
      if (loadingRef.current !== null) return;
      const edge = direction === "after" ? loaded.entries.at(-1) : loaded.entries[0];
      const cursor = edge
        ? direction === "after"
          ? entrySpan(edge).last
          : entrySpan(edge).first
        : direction === "after"
          ? 0
          : 2_147_483_647;
      const ticket = generation.current;
      setLoading(direction);
      const result = await loadPage({
        ...request(filter, groupAccruals),
        [direction]: cursor,
        limit: PAGE_ROWS,
      });
      if (ticket !== generation.current) return;
      setLoading(null);
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setError(null);
      const page = result.data;
      if (direction === "after") {
        const joined = joinEntries(loaded.entries, page.entries);
        // A run extended by the new page is a longer run: its fetched events are stale.
        const before = loaded.entries.at(-1);
        const after = joined[loaded.entries.length - 1];
        if (
          before?.kind === "accruals" &&
          after?.kind === "accruals" &&
          before.group.lastSequence !== after.group.lastSequence
        ) {
          setExpanded((prev) => {
            if (!prev.has(before.group.key)) return prev;
            const next = new Map(prev);
            next.delete(before.group.key);
            return next;
          });
        }
        setLoaded({ entries: joined, hasBefore: loaded.hasBefore, hasAfter: page.hasAfter });
      } else {
        prepended.current = rows.length;
        setLoaded({
          entries: joinEntries(page.entries, loaded.entries),
          hasBefore: page.hasBefore,
          hasAfter: loaded.hasAfter,
        });
      }
    },
    [filter, groupAccruals, loadPage, request, loaded, rows.length, setLoading],
  );

  // Keep what the reader was looking at in place when earlier rows are added above it.
  useLayoutEffect(() => {
    const before = prepended.current;
    if (before === null) return;
    prepended.current = null;
    const added = rows.length - before;
    const el = scrollRef.current;
    if (el && added > 0) el.scrollTop += added * ROW_HEIGHT;
  }, [rows.length]);

  // Scrolled near an edge of what is loaded: fetch the next page that way.
  useEffect(() => {
    if (loading !== null || error !== null) return;
    if (loaded.hasAfter && lastIndex >= rows.length - NEAR_EDGE) void extend("after");
    else if (loaded.hasBefore && firstIndex <= 2 && scrollTo === null) void extend("before");
  }, [
    loading,
    error,
    loaded.hasAfter,
    loaded.hasBefore,
    firstIndex,
    lastIndex,
    rows.length,
    scrollTo,
    extend,
  ]);

  // After a jump: the row jumped to at the top (a restatement holding it opened first).
  useEffect(() => {
    if (scrollTo === null) return;
    const index = rowIndexOf(rows, scrollTo);
    const landed = rows[index];
    if (
      landed?.kind === "restatement" &&
      !landed.expanded &&
      landed.group.firstSequence <= scrollTo
    ) {
      setOpenGroups((prev) => new Set(prev).add(landed.key));
      return;
    }
    virtualizer.scrollToIndex(index === -1 ? rows.length - 1 : index, { align: "start" });
    setScrollTo(null);
    if (revealOnLoad.current) {
      revealOnLoad.current = false;
      const sequence = selected;
      requestAnimationFrame(() => {
        const row = scrollRef.current?.querySelector(`tr[data-sequence="${sequence}"]`);
        (row ?? sectionRef.current)?.scrollIntoView({ block: "center" });
      });
    }
  }, [scrollTo, rows, virtualizer, selected]);

  const toggle = async (key: string) => {
    if (expanded.has(key)) {
      setExpanded((prev) => {
        const next = new Map(prev);
        next.delete(key);
        return next;
      });
      return;
    }
    const entry = loaded.entries.find((e) => e.kind === "accruals" && e.group.key === key);
    if (entry?.kind !== "accruals") return;
    setExpanded((prev) => new Map(prev).set(key, null));
    const events: TimelineEvent[] = [];
    let after = entry.group.firstSequence - 1;
    for (;;) {
      const result = await loadPage({
        ...request({ ...filter, types: ["interest_accrual"] }, false),
        after,
        through: entry.group.lastSequence,
        limit: PAGE_ROWS,
      });
      if (!result.ok) {
        setError(result.error);
        setExpanded((prev) => {
          const next = new Map(prev);
          next.delete(key);
          return next;
        });
        return;
      }
      for (const e of result.data.entries) if (e.kind === "event") events.push(e.event);
      const last = events.at(-1);
      if (!result.data.hasAfter || !last) break;
      after = last.sequenceNumber;
    }
    setExpanded((prev) => (prev.has(key) ? new Map(prev).set(key, events) : prev));
  };

  const changeFilter = (next: TimelineFilter) => {
    setFilter(next);
    replaceQuery(timelineViewQuery({ filter: next, groupAccruals }));
    void replace(next, groupAccruals);
  };
  const changeGrouping = (group: boolean) => {
    setGroupAccruals(group);
    replaceQuery(timelineViewQuery({ filter, groupAccruals: group }));
    void replace(filter, group);
  };

  // Asked from elsewhere on the page: these events, and the timeline in view.
  const shown = useRef(props.show?.key ?? null);
  const changeFilterRef = useRef(changeFilter);
  changeFilterRef.current = changeFilter;
  useEffect(() => {
    if (!props.show || props.show.key === shown.current) return;
    shown.current = props.show.key;
    changeFilterRef.current(props.show.filter);
    sectionRef.current?.scrollIntoView({ block: "start" });
    sectionRef.current?.focus({ preventScroll: true });
  }, [props.show]);

  const accruals = counts.interest_accrual ?? 0;
  const accrualsShown =
    groupAccruals &&
    accruals > 0 &&
    (filter.types.length === 0 || filter.types.includes("interest_accrual"));

  return (
    // data-timeline: Escape here closes the event detail (event-detail-panel.tsx).
    <section
      ref={sectionRef}
      id="timeline"
      className="panel"
      aria-labelledby="timeline-heading"
      tabIndex={-1}
      data-timeline
    >
      <div className="panel-title">
        <h2 id="timeline-heading">Event timeline</h2>
        <span className="muted small" role="status" aria-busy={loading !== null}>
          {matching} of {total} events
          {accrualsShown ? " (daily accruals grouped by month)" : ""}
        </span>
      </div>
      <TimelineFilters
        filter={filter}
        counts={counts}
        groupAccruals={groupAccruals}
        onFilter={changeFilter}
        onGroupAccruals={changeGrouping}
        onJumpToSequence={(seq) => void replace(filter, groupAccruals, { around: seq })}
        onJumpToDate={(date) => void replace(filter, groupAccruals, { aroundDate: date })}
      />
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {loaded.hasBefore ? (
        <p className="timeline-more">
          <button
            type="button"
            className="link-button"
            disabled={loading !== null}
            onClick={() => void extend("before")}
          >
            {loading === "before" ? "Loading earlier events…" : "Show earlier events"}
          </button>
        </p>
      ) : null}
      <div
        className="timeline-scroll"
        ref={scrollRef}
        style={{ maxHeight: VIEWPORT_HEIGHT }}
        aria-busy={loading !== null}
      >
        <table className="timeline" aria-label="Event timeline" aria-rowcount={rows.length + 1}>
          {/* Wide enough for a six-digit sequence number, a recorded instant and a type with two badges. */}
          <colgroup>
            <col style={{ width: "5.5rem" }} />
            <col style={{ width: "6.5rem" }} />
            <col style={{ width: "10.5rem" }} />
            <col style={{ width: "6.5rem" }} />
            <col style={{ width: "14rem" }} />
            <col style={{ width: "7rem" }} />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th className="num">#</th>
              <th>Effective</th>
              <th>Recorded (UTC)</th>
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
              if (row.kind === "restatement") {
                return (
                  <RestatementGroupRow
                    key={row.key}
                    group={row.group}
                    expanded={row.expanded}
                    asOf={asOf}
                    onToggle={toggleGroup}
                  />
                );
              }
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
                  loading={row.loading}
                  nested={row.nested}
                  asOf={asOf}
                  onToggle={(key) => void toggle(key)}
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
        {rows.length === 0 && loading === null ? (
          <p className="empty">No events match these filters.</p>
        ) : null}
      </div>
      {loaded.hasAfter ? (
        <p className="timeline-more">
          <button
            type="button"
            className="link-button"
            disabled={loading !== null}
            onClick={() => void extend("after")}
          >
            {loading === "after" ? "Loading later events…" : "Show later events"}
          </button>
        </p>
      ) : null}
    </section>
  );
}
