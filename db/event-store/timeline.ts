/**
 * Bounded reads of one loan's stream, for the loan page and the dispute
 * step-through: a page of the timeline (keyset on the sequence number, daily
 * accruals summed per month in SQL), counts per type, a jump target, the
 * events a replay step needs on top of a snapshot, the events recorded after
 * an "as known at" instant, and the snapshots' figures for the balance chart.
 *
 * What each costs is said beside it. None transfers more than a page of rows
 * whatever the history's length; where the database has to look at more rows
 * than it returns (a rare type filter, a count) it says so.
 */
import { type SQL, sql } from "drizzle-orm";
import { EVENT_TYPES, type EventType } from "../../lib/events/event-types";
import type { LoanEvent } from "../../lib/events/types";
import { deserializeState, type SerializedState, SNAPSHOT_FORMAT } from "../../lib/replay/snapshot";
import type { EngineState } from "../../lib/replay/state";
import {
  columnsToEvent,
  type EventColumns,
  eventColumnsSql,
  type Reader,
  resultRows,
} from "./rows";
import { snapshotHolds } from "./snapshots";

const ACCRUAL = "interest_accrual";

/** Which events a read looks at: some types (none = all), an effective-date range. */
export interface StreamFilter {
  types?: readonly EventType[];
  /** Effective on or after (inclusive). */
  from?: string | null;
  /** Effective on or before (inclusive). */
  to?: string | null;
}

/** `and ...` for a filter on the events aliased `alias` (empty for no filter). */
function matching(filter: StreamFilter, alias: string): SQL {
  const a = sql.raw(alias);
  const parts: SQL[] = [];
  const types = (filter.types ?? []).filter((t) => (EVENT_TYPES as readonly string[]).includes(t));
  if (types.length > 0) {
    parts.push(sql`${a}.event_type = any(${`{${types.join(",")}}`}::event_type[])`);
  }
  if (filter.from) parts.push(sql`${a}.effective_date >= ${filter.from}::date`);
  if (filter.to) parts.push(sql`${a}.effective_date <= ${filter.to}::date`);
  return parts.length === 0 ? sql`` : sql` and ${sql.join(parts, sql` and `)}`;
}

async function rows<T>(db: Reader, query: SQL): Promise<T[]> {
  return resultRows<T>(await db.execute(query));
}

// ---------------------------------------------------------------------------
// Timeline pages

/** An event with what describing it needs beyond itself. */
export interface DescribedEventRow {
  kind: "event";
  event: LoanEvent;
  /** The latest effective date among every event recorded before it (any type). */
  priorMaxEffective: string | null;
  /** A reversal's reversed payment amount. */
  reversedAmount: string | null;
}

/** A run of consecutive daily accruals (in the filtered sequence) within one month, summed. */
interface AccrualRunRow {
  kind: "accruals";
  firstSequence: number;
  lastSequence: number;
  count: number;
  /** Exact sum of the amounts (numeric in SQL). */
  total: string;
  fromDate: string;
  toDate: string;
}

export type TimelineEntryRow = DescribedEventRow | AccrualRunRow;

export interface TimelineRead {
  entries: TimelineEntryRow[];
  /** Are there matching events before the first entry / after the last? */
  hasBefore: boolean;
  hasAfter: boolean;
}

export interface TimelineQuery {
  filter?: StreamFilter;
  /** Sum runs of daily accruals per month instead of returning each. */
  groupAccruals: boolean;
  /** Entries after this sequence number, ascending (default 0) ... */
  after?: number;
  /** ... or the entries just before this one. */
  before?: number;
  /** Only events at or below this sequence number. */
  through?: number;
  /** At most this many matching events are examined (bounds the work whatever the history). */
  scan: number;
  /** At most this many entries are returned. */
  limit: number;
}

interface EntrySqlRow extends Partial<EventColumns> {
  kind: "event" | "accruals" | "meta";
  first_seq: number | string | null;
  last_seq: number | string | null;
  prior_max: string | null;
  reversed_amount: string | null;
  n: number | string | null;
  total: string | null;
  from_date: string | null;
  to_date: string | null;
  has_before: boolean | null;
  has_after: boolean | null;
}

/**
 * One page of a loan's timeline in sequence order: the next (or previous)
 * `scan` matching events, accrual runs summed per month, at most `limit`
 * entries. A run cut by the scan limit comes back as two entries on adjacent
 * pages (lib/presentation/timeline.ts joins them).
 *
 * One statement. Work: an index range scan of at most `scan` matching rows
 * (with a type filter, the rows between the matches are skipped by the
 * database, not returned), the unfiltered range the page spans (for the
 * "backdated" flag), and the latest effective date before the page (an index
 * scan). Returned: at most `limit` rows, accrual runs as one row each.
 */
export async function readTimelinePage(
  db: Reader,
  loanId: number,
  query: TimelineQuery,
): Promise<TimelineRead> {
  const filter = query.filter ?? {};
  if (
    !filter.from &&
    !filter.to &&
    (filter.types ?? []).length === 0 &&
    query.through === undefined
  ) {
    const page = await readUnfilteredPage(db, loanId, query);
    if (page) return page;
  }
  return readMatchingPage(db, loanId, query);
}

/** Any page (a filter, a bound): the general statement. */
async function readMatchingPage(
  db: Reader,
  loanId: number,
  query: TimelineQuery,
): Promise<TimelineRead> {
  const filter = query.filter ?? {};
  const descending = query.before !== undefined;
  const cursor = descending ? (query.before as number) : (query.after ?? 0);
  const group = query.groupAccruals;
  const scan = Math.max(1, Math.floor(query.scan));
  const limit = Math.max(1, Math.floor(query.limit));
  const through =
    query.through !== undefined ? sql` and e.sequence_number <= ${query.through}::int` : sql``;
  const throughX =
    query.through !== undefined ? sql` and x.sequence_number <= ${query.through}::int` : sql``;
  const position = descending
    ? sql`e.sequence_number < ${cursor}::int`
    : sql`e.sequence_number > ${cursor}::int`;
  const direction = sql.raw(descending ? "desc" : "asc");
  // Where "nothing returned" leaves the edges: the cursor itself.
  const beforeEdge = descending ? cursor : cursor + 1;
  const afterEdge = descending ? cursor - 1 : cursor;
  const isRun = sql`(${group}::boolean and event_type = ${ACCRUAL}::event_type)`;

  const result = await rows<EntrySqlRow>(
    db,
    sql`
    with scanned as (
      select e.sequence_number as seq, e.event_type, e.effective_date as eff, e.event_data
      from loan_events e
      where e.loan_id = ${loanId} and ${position}${through}${matching(filter, "e")}
      order by e.sequence_number ${direction}
      limit ${scan}::int
    ),
    marked as (
      select seq, eff, event_data, ${isRun} as acc,
        count(*) filter (where not ${isRun}) over (order by seq) as seg
      from scanned
    ),
    runs as (
      select seq, eff, event_data, seg, to_char(eff, 'YYYY-MM') as month,
        row_number() over (partition by seg order by seq)
          - row_number() over (partition by seg, to_char(eff, 'YYYY-MM') order by seq) as island
      from marked where acc
    ),
    groups as (
      select min(seq) as first_seq, max(seq) as last_seq, count(*)::int as n,
        sum((event_data->>'amount')::numeric)::text as total,
        min(eff) as from_date, max(eff) as to_date
      from runs group by seg, month, island
    ),
    picked as (
      select kind, first_seq, last_seq from (
        select 'event' as kind, seq as first_seq, seq as last_seq from marked where not acc
        union all
        select 'accruals' as kind, first_seq, last_seq from groups
      ) u
      order by first_seq ${direction}
      limit ${limit}::int
    ),
    bounds as (select min(first_seq) as lo, max(last_seq) as hi from picked),
    prior as (
      select r.sequence_number as seq,
        max(r.effective_date) over (
          order by r.sequence_number rows between unbounded preceding and 1 preceding
        ) as m
      from loan_events r, bounds
      where r.loan_id = ${loanId} and r.sequence_number between bounds.lo and bounds.hi
    ),
    prefix as (
      select max(p.effective_date) as m from loan_events p, bounds
      where p.loan_id = ${loanId} and p.sequence_number < bounds.lo
    )
    select k.kind, k.first_seq, k.last_seq, ${eventColumnsSql("e")},
      greatest(pr.m, (select m from prefix))::text as prior_max,
      pay.event_data->>'amount' as reversed_amount,
      g.n, g.total, g.from_date::text as from_date, g.to_date::text as to_date,
      null::boolean as has_before, null::boolean as has_after
    from picked k
    left join loan_events e
      on k.kind = 'event' and e.loan_id = ${loanId} and e.sequence_number = k.first_seq
    left join prior pr on k.kind = 'event' and pr.seq = k.first_seq
    left join groups g on k.kind = 'accruals' and g.first_seq = k.first_seq
    left join loan_events pay
      on e.event_type = 'reversal' and pay.loan_id = ${loanId} and pay.event_type = 'payment'
      and pay.sequence_number = (e.event_data->>'reversedSequence')::int
      and pay.sequence_number < e.sequence_number
    union all
    select 'meta', null, null, null, null, null, null, null, null::jsonb, null, null, null, null,
      null, null,
      exists (
        select 1 from loan_events x
        where x.loan_id = ${loanId}
          and x.sequence_number < coalesce((select lo from bounds), ${beforeEdge}::int)
          ${matching(filter, "x")}
      ),
      exists (
        select 1 from loan_events x
        where x.loan_id = ${loanId}
          and x.sequence_number > coalesce((select hi from bounds), ${afterEdge}::int)
          ${throughX}${matching(filter, "x")}
      )
    order by 2 nulls last`,
  );

  const entries: TimelineEntryRow[] = [];
  let hasBefore = false;
  let hasAfter = false;
  for (const r of result) {
    if (r.kind === "meta") {
      hasBefore = r.has_before === true;
      hasAfter = r.has_after === true;
    } else if (r.kind === "event") {
      entries.push({
        kind: "event",
        event: columnsToEvent(r as EventColumns),
        priorMaxEffective: r.prior_max,
        reversedAmount: r.reversed_amount,
      });
    } else {
      entries.push({
        kind: "accruals",
        firstSequence: Number(r.first_seq),
        lastSequence: Number(r.last_seq),
        count: Number(r.n),
        total: r.total ?? "0",
        fromDate: r.from_date ?? "",
        toDate: r.to_date ?? "",
      });
    }
  }
  return { entries, hasBefore, hasAfter };
}

/**
 * The unfiltered page (the page as first rendered, and every scroll without
 * a filter): a leaner statement, since the events examined are a plain range
 * of sequence numbers. The next `scan` events lie within `scan` numbers of
 * the cursor, so the range is given to the planner (gaps only make a page
 * shorter; the next one continues from its last entry); the "backdated" flag
 * is a window over the range plus the latest effective date before it; the
 * edges come from the stream's first and last sequence numbers. Null when
 * the range holds no event.
 */
async function readUnfilteredPage(
  db: Reader,
  loanId: number,
  query: TimelineQuery,
): Promise<TimelineRead | null> {
  const descending = query.before !== undefined;
  const scan = Math.max(1, Math.floor(query.scan));
  const limit = Math.max(1, Math.floor(query.limit));
  const cursor = descending ? (query.before as number) : (query.after ?? 0);
  const lo = descending ? Math.max(1, cursor - scan) : cursor + 1;
  const hi = descending ? cursor - 1 : cursor + scan;
  const direction = sql.raw(descending ? "desc" : "asc");
  const isRun = sql`(${query.groupAccruals}::boolean and event_type = ${ACCRUAL}::event_type)`;
  const result = await rows<
    EntrySqlRow & { prior_in: string | null; head: number | null; tail: number | null }
  >(
    db,
    sql`
    with marked as (
      select e.sequence_number as seq, e.event_type, e.effective_date as eff, e.event_data,
        e.recorded_at, e.recorded_by,
        max(e.effective_date) over w1 as prior_in,
        ${isRun} as acc,
        count(*) filter (where not ${isRun}) over w as seg
      from loan_events e
      where e.loan_id = ${loanId} and e.sequence_number between ${lo}::int and ${hi}::int
      window w as (order by e.sequence_number),
        w1 as (order by e.sequence_number rows between unbounded preceding and 1 preceding)
    ),
    entries as (
      select 'event' as kind, seq as first_seq, seq as last_seq, seq as sequence_number,
        event_type::text as event_type, eff::text as effective_date,
        recorded_at::text as recorded_at, recorded_by, event_data, prior_in::text as prior_in,
        null::int as n, null::text as total, null::text as from_date, null::text as to_date
      from marked where not acc
      union all
      select 'accruals', min(seq), max(seq), null, null, null, null, null, null::jsonb, null,
        count(*)::int, sum((event_data->>'amount')::numeric)::text, min(eff)::text, max(eff)::text
      from (
        select seq, eff, event_data, seg, to_char(eff, 'YYYY-MM') as month,
          row_number() over (partition by seg order by seq)
            - row_number() over (partition by seg, to_char(eff, 'YYYY-MM') order by seq) as island
        from marked where acc
      ) r
      group by seg, month, island
    )
    select k.*,
      greatest(k.prior_in::date, (select max(p.effective_date) from loan_events p
        where p.loan_id = ${loanId} and p.sequence_number < ${lo}::int))::text as prior_max,
      case when k.event_type = 'reversal' then (
        select pay.event_data->>'amount' from loan_events pay
        where pay.loan_id = ${loanId} and pay.event_type = 'payment'
          and pay.sequence_number = (k.event_data->>'reversedSequence')::int
          and pay.sequence_number < k.first_seq
      ) end as reversed_amount,
      (select max(h.sequence_number) from loan_events h where h.loan_id = ${loanId}) as head,
      (select min(h.sequence_number) from loan_events h where h.loan_id = ${loanId}) as tail
    from entries k
    order by k.first_seq ${direction}
    limit ${limit}::int`,
  );
  if (descending) result.reverse();
  const entries: TimelineEntryRow[] = result.map((r) =>
    r.kind === "event"
      ? {
          kind: "event",
          event: columnsToEvent(r as EventColumns),
          priorMaxEffective: r.prior_max,
          reversedAmount: r.reversed_amount,
        }
      : {
          kind: "accruals",
          firstSequence: Number(r.first_seq),
          lastSequence: Number(r.last_seq),
          count: Number(r.n),
          total: r.total ?? "0",
          fromDate: r.from_date ?? "",
          toDate: r.to_date ?? "",
        },
  );
  // Nothing in the range (the end, or a gap wider than it): the general statement answers.
  if (result.length === 0) return null;
  const head = result[0]?.head ?? null;
  const tail = result[0]?.tail ?? null;
  const first = entries[0];
  const last = entries.at(-1);
  const firstSeq = first
    ? first.kind === "event"
      ? first.event.sequenceNumber
      : first.firstSequence
    : lo;
  const lastSeq = last
    ? last.kind === "event"
      ? last.event.sequenceNumber
      : last.lastSequence
    : hi;
  return {
    entries,
    hasBefore: tail !== null && Number(tail) < firstSeq,
    hasAfter: head !== null && Number(head) > lastSeq,
  };
}

/** One event with what describing it needs, or null. Work: two index lookups and a max over the events before it. */
export async function readDescribedEvent(
  db: Reader,
  loanId: number,
  sequenceNumber: number,
): Promise<DescribedEventRow | null> {
  const [r] = await rows<EntrySqlRow & EventColumns>(
    db,
    sql`
    select ${eventColumnsSql("e")},
      (select max(p.effective_date) from loan_events p
        where p.loan_id = e.loan_id and p.sequence_number < e.sequence_number)::text as prior_max,
      pay.event_data->>'amount' as reversed_amount
    from loan_events e
    left join loan_events pay
      on e.event_type = 'reversal' and pay.loan_id = e.loan_id and pay.event_type = 'payment'
      and pay.sequence_number = (e.event_data->>'reversedSequence')::int
      and pay.sequence_number < e.sequence_number
    where e.loan_id = ${loanId} and e.sequence_number = ${sequenceNumber}::int`,
  );
  if (!r) return null;
  return {
    kind: "event",
    event: columnsToEvent(r),
    priorMaxEffective: r.prior_max,
    reversedAmount: r.reversed_amount,
  };
}

export interface Overview {
  counts: Partial<Record<EventType, number>>;
  /** The first `limit` events of the marked types, in sequence order. */
  marked: LoanEvent[];
  /** The snapshot figures, when asked for (see figuresSql), oldest first. */
  figures: SnapshotFigures[];
}

/**
 * What the loan page shows besides its timeline page: the counts per type,
 * the chart's snapshot figures (when `figures` is given) and the first
 * `limit` events of the marked types. One statement for the counts and the
 * figures; a second for the marked events only when the counts say there are
 * any (most loans have none). Work: a pass over the loan's index range in SQL
 * (counts), the figures' bounded read, and the marked events' pass when
 * needed; at most 12 + the figures + `limit` rows returned.
 */
export async function readOverview(
  db: Reader,
  loanId: number,
  markedTypes: readonly EventType[],
  limit: number,
  figures?: { max: number; maxBytes: number },
): Promise<Overview> {
  const withFigures = figures
    ? sql`
    union all
    select 'figures', null, f.* from (${figuresSql(loanId, figures.max, figures.maxBytes)}) f`
    : sql``;
  const result = await rows<FigureRow & { role: string; n: number | string | null }>(
    db,
    sql`
    select 'count' as role, count(*)::int as n, event_type::text as as_of_date, null::text as format,
      null::text as principal, null::text as interest, null::text as fees,
      null::int as through_sequence, null::text as max_recorded_at, null::text as last_hash,
      null::text as seal, null::jsonb as core
    from loan_events where loan_id = ${loanId} group by event_type${withFigures}`,
  );
  const counts: Partial<Record<EventType, number>> = {};
  const figureRows: FigureRow[] = [];
  for (const r of result) {
    if (r.role === "count") counts[r.as_of_date as EventType] = Number(r.n);
    else figureRows.push(r);
  }
  const present = markedTypes.filter((t) => (counts[t] ?? 0) > 0);
  const marked =
    present.length === 0 || limit <= 0
      ? []
      : await rows<EventColumns>(
          db,
          sql`select ${eventColumnsSql("e")} from loan_events e
              where e.loan_id = ${loanId}${matching({ types: present }, "e")}
              order by e.sequence_number limit ${limit}::int`,
        );
  return {
    counts,
    marked: marked.map((r) => columnsToEvent(r)),
    figures: toFigures(loanId, figureRows),
  };
}

/** How many events match a filter. Work: one pass over the loan's index range, in SQL. */
export async function countMatching(
  db: Reader,
  loanId: number,
  filter: StreamFilter,
): Promise<number> {
  const [r] = await rows<{ n: number | string }>(
    db,
    sql`select count(*)::int as n from loan_events e
        where e.loan_id = ${loanId}${matching(filter, "e")}`,
  );
  return Number(r?.n ?? 0);
}

/**
 * The first matching event, in sequence order, effective on or after `date`
 * (null if none). Work: a range of the (loan, effective date) index.
 */
export async function firstSequenceOnOrAfter(
  db: Reader,
  loanId: number,
  date: string,
  filter: StreamFilter = {},
): Promise<number | null> {
  const [r] = await rows<{ seq: number | string | null }>(
    db,
    sql`select min(e.sequence_number) as seq from loan_events e
        where e.loan_id = ${loanId} and e.effective_date >= ${date}::date${matching(filter, "e")}`,
  );
  return r?.seq == null ? null : Number(r.seq);
}

/** The latest effective date among the events in effect on `asOf` (known at `knownAt`). */
export async function lastEffectiveDate(
  db: Reader,
  loanId: number,
  asOf: string,
  knownAt: string | null = null,
): Promise<string | null> {
  const known = knownAt ? sql` and recorded_at <= ${knownAt}::timestamptz` : sql``;
  const [r] = await rows<{ last: string | null }>(
    db,
    sql`select max(effective_date)::text as last from loan_events
        where loan_id = ${loanId} and effective_date <= ${asOf}::date${known}`,
  );
  return r?.last ?? null;
}

// ---------------------------------------------------------------------------
// "As known at": what was recorded later

export interface LateRecorded {
  /** Events other than accruals effective by the date and recorded after the instant (first `limit`). */
  events: LoanEvent[];
  /** How many such events there are in all. */
  eventCount: number;
  /** The accruals among them, summed (null if none). */
  accruals: { count: number; total: string; fromDate: string; toDate: string } | null;
}

/**
 * What was recorded after `knownAt` but is effective by `asOf`. Work: the
 * loan's events effective by `asOf` are filtered in SQL; at most `limit`
 * events come back, accruals as one summary row.
 */
export async function readRecordedAfter(
  db: Reader,
  loanId: number,
  asOf: string,
  knownAt: string,
  limit = 100,
): Promise<LateRecorded> {
  const late = sql`e.loan_id = ${loanId} and e.effective_date <= ${asOf}::date
    and e.recorded_at > ${knownAt}::timestamptz`;
  const [events, summary] = await Promise.all([
    rows<EventColumns>(
      db,
      sql`select ${eventColumnsSql("e")} from loan_events e
          where ${late} and e.event_type <> ${ACCRUAL}::event_type
          order by e.sequence_number limit ${limit}::int`,
    ),
    rows<{
      others: number | string;
      accruals: number | string;
      total: string | null;
      from_date: string | null;
      to_date: string | null;
    }>(
      db,
      sql`select count(*) filter (where e.event_type <> ${ACCRUAL}::event_type)::int as others,
            count(*) filter (where e.event_type = ${ACCRUAL}::event_type)::int as accruals,
            (sum((e.event_data->>'amount')::numeric)
              filter (where e.event_type = ${ACCRUAL}::event_type))::text as total,
            (min(e.effective_date) filter (where e.event_type = ${ACCRUAL}::event_type))::text
              as from_date,
            (max(e.effective_date) filter (where e.event_type = ${ACCRUAL}::event_type))::text
              as to_date
          from loan_events e where ${late}`,
    ),
  ]);
  const s = summary[0];
  const accruals = Number(s?.accruals ?? 0);
  return {
    events: events.map((r) => columnsToEvent(r)),
    eventCount: Number(s?.others ?? 0),
    accruals:
      accruals === 0
        ? null
        : {
            count: accruals,
            total: s?.total ?? "0",
            fromDate: s?.from_date ?? "",
            toDate: s?.to_date ?? "",
          },
  };
}

// ---------------------------------------------------------------------------
// Replay steps (the dispute step-through and the event detail)

/** Which events a replay as of a date applies: effective by it, known at the instant. */
export interface Applied {
  asOf: string;
  knownAt: string | null;
}

function appliedSql(applied: Applied, alias: string): SQL {
  const a = sql.raw(alias);
  const known = applied.knownAt
    ? sql` and ${a}.recorded_at <= ${applied.knownAt}::timestamptz`
    : sql``;
  return sql`${a}.effective_date <= ${applied.asOf}::date${known}`;
}

export interface StepBase {
  /** The state of the events with sequence numbers up to `throughSequence` (null: none, start from empty). */
  state: EngineState | null;
  throughSequence: number;
  /** The applied events after `throughSequence` and before the target, in sequence order. */
  tail: LoanEvent[];
  target: LoanEvent | null;
  /** The stored event just before the target (for the stream checks), if any. */
  previous: LoanEvent | null;
}

/**
 * What replaying up to event `sequenceNumber` as of `applied.asOf` needs:
 * the nearest snapshot below it and the applied events between them.
 *
 * A snapshot folds exactly the events numbered up to its through_sequence
 * (all effective on or before its date), so with its date on or before
 * `asOf` and everything in it recorded by `knownAt`, the state before the
 * target is that snapshot plus the applied events numbered between it and
 * the target. The tail is read by sequence number, so a snapshot that a later
 * backdated event invalidated for effective-date reads is still exact here.
 * Work: one snapshot row (the loan keeps a few dozen), then the events
 * between it and the target (at most about a quarter's, by the snapshot
 * retention), the target and its predecessor.
 */
export async function readStepBase(
  db: Reader,
  loanId: number,
  sequenceNumber: number,
  applied: Applied,
): Promise<StepBase> {
  const knownSnap = applied.knownAt
    ? sql` and (s.max_recorded_at is null or s.max_recorded_at <= ${applied.knownAt}::timestamptz)`
    : sql``;
  const [found_] = await rows<{
    through_sequence: number | string;
    state: SerializedState | string;
    as_of_date: string;
    max_recorded_at: string | null;
    last_hash: string | null;
    seal: string | null;
  }>(
    db,
    sql`select s.through_sequence, s.state, s.as_of_date::text as as_of_date,
          s.max_recorded_at::text as max_recorded_at, s.last_hash, s.seal
        from loan_snapshots s
        where s.loan_id = ${loanId} and s.through_sequence < ${sequenceNumber}::int
          and s.as_of_date <= ${applied.asOf}::date
          and s.state->>'format' = ${String(SNAPSHOT_FORMAT)}${knownSnap}
        order by s.through_sequence desc, s.id desc limit 1`,
  );
  // A snapshot whose seal does not hold is not a base: the steps replay from event #1.
  const snap =
    found_ &&
    snapshotHolds(loanId, {
      asOfDate: found_.as_of_date,
      throughSequence: Number(found_.through_sequence),
      maxRecordedAt: found_.max_recorded_at,
      lastHash: found_.last_hash,
      seal: found_.seal,
      state: typeof found_.state === "string" ? JSON.parse(found_.state) : found_.state,
    })
      ? found_
      : undefined;
  const throughSequence = snap ? Number(snap.through_sequence) : 0;
  const found = await rows<EventColumns & { role: "tail" | "target" | "previous" }>(
    db,
    sql`
    select 'tail' as role, ${eventColumnsSql("e")} from loan_events e
    where e.loan_id = ${loanId} and e.sequence_number > ${throughSequence}::int
      and e.sequence_number < ${sequenceNumber}::int and ${appliedSql(applied, "e")}
    union all
    select 'target', ${eventColumnsSql("e")} from loan_events e
    where e.loan_id = ${loanId} and e.sequence_number = ${sequenceNumber}::int
    union all
    (select 'previous', ${eventColumnsSql("e")} from loan_events e
      where e.loan_id = ${loanId} and e.sequence_number < ${sequenceNumber}::int
      order by e.sequence_number desc limit 1)
    order by 2`,
  );
  const base: StepBase = {
    state: snap
      ? deserializeState(
          (typeof snap.state === "string" ? JSON.parse(snap.state) : snap.state) as SerializedState,
        )
      : null,
    throughSequence,
    tail: [],
    target: null,
    previous: null,
  };
  for (const r of found) {
    const event = columnsToEvent(r);
    if (r.role === "tail") base.tail.push(event);
    else if (r.role === "target") base.target = event;
    else base.previous = event;
  }
  return base;
}

/** Which events a step-through visits: the applied ones, optionally without accruals. */
export interface Navigation extends Applied {
  skipAccruals: boolean;
}

function navigableSql(nav: Navigation, alias: string): SQL {
  const skip = nav.skipAccruals
    ? sql` and ${sql.raw(alias)}.event_type <> ${ACCRUAL}::event_type`
    : sql``;
  return sql`${appliedSql(nav, alias)}${skip}`;
}

export type StepTarget =
  /** The first visited event at or after `at` (the last if none), moved `by` visited events. */
  | { at: number; by?: number }
  | { edge: "first" | "last" }
  /** The first visited event, in sequence order, effective on or after the date (else the first). */
  | { date: string };

/**
 * The sequence number a step-through lands on (null: it visits nothing).
 * Work: index scans of the loan's events, skipping `by` visited events.
 */
export async function resolveStep(
  db: Reader,
  loanId: number,
  nav: Navigation,
  target: StepTarget,
): Promise<number | null> {
  const visited = sql`from loan_events e where e.loan_id = ${loanId} and ${navigableSql(nav, "e")}`;
  const first = sql`(select min(e.sequence_number) ${visited})`;
  const last = sql`(select max(e.sequence_number) ${visited})`;
  let query: SQL;
  if ("edge" in target) {
    query = sql`select ${target.edge === "first" ? first : last} as seq`;
  } else if ("date" in target) {
    query = sql`select coalesce(
      (select min(e.sequence_number) ${visited} and e.effective_date >= ${target.date}::date),
      ${first}) as seq`;
  } else {
    const from = sql`coalesce(
      (select min(e.sequence_number) ${visited} and e.sequence_number >= ${target.at}::int), ${last})`;
    const by = Math.trunc(target.by ?? 0);
    if (by === 0) query = sql`select ${from} as seq`;
    else if (by > 0) {
      query = sql`with f as (select ${from} as s) select coalesce(
        (select e.sequence_number ${visited} and e.sequence_number > (select s from f)
          order by e.sequence_number offset ${by - 1}::int limit 1),
        ${last}) as seq`;
    } else {
      query = sql`with f as (select ${from} as s) select coalesce(
        (select e.sequence_number ${visited} and e.sequence_number < (select s from f)
          order by e.sequence_number desc offset ${-by - 1}::int limit 1),
        ${first}) as seq`;
    }
  }
  const [r] = await rows<{ seq: number | string | null }>(db, query);
  return r?.seq == null ? null : Number(r.seq);
}

interface VisitedEvent {
  sequenceNumber: number;
  eventType: EventType;
  effectiveDate: string;
}

export interface StepPlace {
  /** How many visited events come before it (its 0-based position). */
  position: number;
  /** How many events the step-through visits. */
  count: number;
  /** Up to `around` visited events before it and after it, in sequence order. */
  before: VisitedEvent[];
  after: VisitedEvent[];
}

/** Where event `sequenceNumber` sits among the visited events. Work: one count over the loan's index range. */
export async function stepPlace(
  db: Reader,
  loanId: number,
  nav: Navigation,
  sequenceNumber: number,
  around = 3,
): Promise<StepPlace> {
  const visited = sql`from loan_events e where e.loan_id = ${loanId} and ${navigableSql(nav, "e")}`;
  const result = await rows<{
    role: "count" | "before" | "after";
    a: number | string | null;
    b: number | string | null;
    event_type: EventType | null;
    effective_date: string | null;
  }>(
    db,
    sql`
    select 'count' as role, count(*) filter (where e.sequence_number < ${sequenceNumber}::int)::int as a,
      count(*)::int as b, null::text as event_type, null::text as effective_date ${visited}
    union all
    (select 'before', e.sequence_number, null, e.event_type::text, e.effective_date::text ${visited}
      and e.sequence_number < ${sequenceNumber}::int order by e.sequence_number desc limit ${around}::int)
    union all
    (select 'after', e.sequence_number, null, e.event_type::text, e.effective_date::text ${visited}
      and e.sequence_number > ${sequenceNumber}::int order by e.sequence_number limit ${around}::int)`,
  );
  const place: StepPlace = { position: 0, count: 0, before: [], after: [] };
  for (const r of result) {
    if (r.role === "count") {
      place.position = Number(r.a);
      place.count = Number(r.b);
      continue;
    }
    const e = {
      sequenceNumber: Number(r.a),
      eventType: r.event_type as EventType,
      effectiveDate: r.effective_date ?? "",
    };
    (r.role === "before" ? place.before : place.after).push(e);
  }
  place.before.sort((x, y) => x.sequenceNumber - y.sequenceNumber);
  place.after.sort((x, y) => x.sequenceNumber - y.sequenceNumber);
  return place;
}

// ---------------------------------------------------------------------------
// The balance chart

export interface SnapshotFigures {
  asOfDate: string;
  principal: string;
  interest: string;
  fees: string;
}

/** The figures statement's rows. */
interface FigureRow {
  as_of_date: string;
  format: string | null;
  principal: string;
  interest: string;
  fees: string;
  through_sequence: number | string | null;
  max_recorded_at: string | null;
  last_hash: string | null;
  seal: string | null;
  core: unknown;
}

/**
 * The chart's figures: the balances at the loan's valid month-end snapshots,
 * exact replay figures at those dates (the last three month ends and the
 * quarter ends before them, by the retention rule). A state carries the loan's
 * payment log, so reading one costs more the longer the history: at most
 * `max` rows are read, and about `maxBytes` of stored state in all (as
 * pg_column_size reports it without reading the value; stored compressed, a
 * long payment log is some twenty times larger to read): the last three
 * month ends and the others evenly spaced. Work: the snapshot rows' dates
 * and sizes (an index range, no state read), then three fields extracted in
 * SQL from the chosen rows only.
 */
function figuresSql(loanId: number, max: number, maxBytes: number): SQL {
  return sql`
    with dated as (
      select distinct on (s.as_of_date) s.id, s.as_of_date, pg_column_size(s.state) as size
      from loan_snapshots s
      where s.loan_id = ${loanId} and s.invalidated_at is null
      order by s.as_of_date, s.id desc
    ),
    numbered as (
      select id, as_of_date, row_number() over (order by as_of_date) as i, count(*) over () as n,
        greatest(4, least(${Math.max(4, Math.floor(max))}::int,
          floor(${maxBytes}::numeric / greatest(1, avg(size) over ()))))::int as keep
      from dated
    ),
    chosen as (
      select id from numbered
      where n <= keep or i > n - 3 or (i - 1) % ceil(n::numeric / (keep - 3))::int = 0
    )
    select s.as_of_date::text as as_of_date, s.state->>'format' as format,
      s.state->'state'->>'principal' as principal, s.state->'state'->>'interest' as interest,
      s.state->'state'->>'fees' as fees, s.through_sequence,
      s.max_recorded_at::text as max_recorded_at, s.last_hash, s.seal,
      -- Without its payment log (the bulk): what the seal's first part covers.
      jsonb_set(s.state, '{state,payments}', '[]'::jsonb) as core
    from chosen c join loan_snapshots s on s.id = c.id`;
}

function toFigures(loanId: number, result: readonly FigureRow[]): SnapshotFigures[] {
  return (
    result
      .filter((r) => r.format === String(SNAPSHOT_FORMAT))
      // An edited (or unsealed) snapshot gives no point on the chart.
      .filter((r) =>
        snapshotHolds(
          loanId,
          {
            asOfDate: r.as_of_date,
            throughSequence: Number(r.through_sequence),
            maxRecordedAt: r.max_recorded_at,
            lastHash: r.last_hash,
            seal: r.seal,
            state: typeof r.core === "string" ? JSON.parse(r.core) : r.core,
          },
          { withPayments: false },
        ),
      )
      .map((r) => ({
        asOfDate: r.as_of_date,
        principal: r.principal,
        interest: r.interest,
        fees: r.fees,
      }))
      .sort((a, b) => (a.asOfDate < b.asOfDate ? -1 : a.asOfDate > b.asOfDate ? 1 : 0))
  );
}

/** Defaults for the chart's snapshot read (figuresSql). */
export const FIGURES = { max: 32, maxBytes: 200_000 };
