/**
 * The loan page's timeline, a page at a time: the browser holds a window of
 * entries (events, and each month's run of daily accruals summed) and asks
 * for the next or previous page as the reader scrolls, a new first page when
 * the filter changes, and a window around an event or a date for a jump. Each
 * page is one bounded read of the event store (db/event-store/timeline.ts).
 */
import type { Database } from "@/db/client";
import {
  countMatching,
  firstSequenceOnOrAfter,
  readTimelinePage,
  type StreamFilter,
  type TimelineEntryRow,
} from "@/db/event-store/timeline";
import type { EventType } from "@/lib/events/event-types";
import { factsFor, type ReversalFacts } from "@/lib/presentation/corrections";
import {
  accrualSummary,
  describeEvent,
  joinEntries,
  type TimelineEntry,
  type TimelinePage,
  type TimelineRequest,
} from "@/lib/presentation/timeline";
import { loadReversalFacts, tagRestatementRuns } from "./corrections";
import { requireLoan } from "./loan";
import { MAX_PAGE_ROWS, type TimelinePageInput } from "./read-schemas";

export type { TimelinePage, TimelineRequest };

/** Entries on the page as first rendered (the viewport shows about 13). */
export const INITIAL_ROWS = 50;
/** Matching events a grouped page may examine at most: about a year of daily accruals. */
const GROUPED_SCAN = 400;
/** Entries shown above an event jumped to. */
const ROWS_ABOVE_JUMP = 5;
const LAST = 2_147_483_647;

export interface TimelineOverview {
  /** Events of each type. */
  counts: Partial<Record<EventType, number>>;
  total: number;
}

function toEntry(row: TimelineEntryRow, facts: ReversalFacts): TimelineEntry {
  return row.kind === "event"
    ? { kind: "event", event: describeEvent(row.event, { ...row, ...factsFor(row.event, facts) }) }
    : { kind: "accruals", group: accrualSummary(row) };
}

/**
 * One page (or jump window) of a loan's timeline. Events reversed later say
 * so (`facts`: the loan's reversals as known now, read from its projection
 * unless given), and runs of accruals that belong to a restatement are tagged
 * (corrections.ts).
 */
export async function timelinePage(
  db: Database,
  loanId: number,
  request: TimelineRequest,
  reversals?: Promise<ReversalFacts>,
): Promise<TimelinePage> {
  const factsRead = reversals ?? loadReversalFacts(db, loanId);
  const filter: StreamFilter = { types: request.types, from: request.from, to: request.to };
  const groupAccruals = request.groupAccruals ?? true;
  const limit = Math.min(request.limit ?? MAX_PAGE_ROWS, MAX_PAGE_ROWS);
  // Grouped, a page examines about four events per entry it may show (a month's
  // run and its payment per two entries): a short page examines fewer.
  const scanFor = (rows: number) =>
    groupAccruals ? Math.max(rows, Math.min(GROUPED_SCAN, rows * 4)) : rows;
  const read = (position: { after?: number; before?: number }, rows = limit) =>
    readTimelinePage(db, loanId, {
      filter,
      groupAccruals,
      ...position,
      through: request.through,
      scan: scanFor(rows),
      limit: rows,
    });
  const matching = request.count ? countMatching(db, loanId, filter) : Promise.resolve(null);
  const facts = await factsRead;
  const toEntries = (rows: readonly TimelineEntryRow[]) => rows.map((r) => toEntry(r, facts));

  let anchor: number | null = null;
  let page: { entries: TimelineEntry[]; hasBefore: boolean; hasAfter: boolean };
  if (request.around !== undefined || request.aroundDate !== undefined) {
    anchor =
      request.around ??
      (await firstSequenceOnOrAfter(db, loanId, request.aroundDate as string, filter));
    if (anchor === null) {
      const end = await read({ before: LAST });
      page = { ...end, entries: toEntries(end.entries) };
    } else {
      const earlier = await read({ before: anchor }, ROWS_ABOVE_JUMP);
      const later = await read({ after: anchor - 1 });
      page = {
        entries: joinEntries(toEntries(earlier.entries), toEntries(later.entries)),
        hasBefore: earlier.hasBefore,
        hasAfter: later.hasAfter,
      };
    }
  } else {
    const one = await read(
      request.before !== undefined ? { before: request.before } : { after: request.after ?? 0 },
    );
    page = { ...one, entries: toEntries(one.entries) };
  }
  const entries = groupAccruals
    ? await tagRestatementRuns(db, loanId, page.entries, {
        filter,
        hasAfter: page.hasAfter,
        through: request.through,
      })
    : page.entries;
  return { ...page, entries, anchor, matching: await matching };
}

/** The timeline page a client asked for (the server action's work). */
export async function loadTimelinePage(
  db: Database,
  input: TimelinePageInput,
): Promise<TimelinePage> {
  const loan = await requireLoan(db, input.loanNumber);
  return timelinePage(db, loan.id, input);
}
