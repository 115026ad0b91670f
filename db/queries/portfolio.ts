/**
 * The loans list (/loans): one page of the portfolio as of a date, searched,
 * filtered, sorted and paged by SQL. docs/loans-list.md has the design and
 * its costs; in short:
 *
 * - Figures come from a table, never from this process's memory, so any
 *   number of app instances on one database answer alike:
 *     * the live projection (`loan_projections`) when no loan has an event
 *       effective after the date (today, normally): it IS each loan's state
 *       as of any such date;
 *     * otherwise `loan_list_figures`, one row per (date, loan), computed
 *       once per date: loans with no event after the date are copied from
 *       the projection (read in batches, each projection row's seal
 *       checked), the others replayed from their latest snapshot plus tail,
 *       a batch of loans at a time (bounded memory). A row carries the
 *       loan's stream length it was computed from; when the loan's
 *       projection has moved on (an append), that row alone is recomputed on
 *       the next read of the date. Every row is sealed (computed here, the
 *       key never goes to the database) and every row shown is checked
 *       (replaceUnsealedFigures: a bad one is replayed and reported).
 * - Every loan has a current projection first (ensureProjections: loans and
 *   events above the high-water marks in `loan_list_coverage`; every loan
 *   when projections are missing, and in a round of `sweepSlice` loans per
 *   read each SWEEP_INTERVAL; rebuilt with the event store's loadProjections).
 * - A date with more stale loans than `inlineLimit` is computed under the
 *   single book-wide worker lease (`loan_list_worker`): one such replay at a
 *   time across every instance; other requests wait up to `waitMs` and then
 *   get a "computing" page (which refreshes itself) instead of a replay of
 *   their own. At most KEEP_DATES dates are kept (least recently used go).
 * - Days past due and the delinquency bucket: today from the projection's
 *   `delinquent_since` (the due date of the oldest installment not paid
 *   within the tolerance, maintained by every append: lib/delinquency/basis.ts),
 *   so `asOf - delinquent_since` is computed in SQL for the date asked, and
 *   the bucket filter is a range on that indexed column; a past date's
 *   figures rows carry the days past due as of their date (from the
 *   snapshots' due bases, db/services/snapshots.ts replayDueFiguresAsOf).
 * - Search is accent- and case-insensitive on borrower-name words (word
 *   prefixes: "muller" and "mül" find "Müller") through a GIN index on
 *   to_tsvector('simple', <name search key>) (db/schema.ts; no unaccent or
 *   pg_trgm needed, so PGlite and Postgres run the same SQL), or by loan
 *   number: "13", "000013", "ln-13" and "LN000013" all mean LN-000013
 *   (btree index on the number part).
 */
import { randomUUID } from "node:crypto";
import { and, asc, count, eq, gt, inArray, isNull, max, ne, or, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { AppError } from "../../lib/app-error";
import { isIsoDate } from "../../lib/dates";
import { daysPastDueOn } from "../../lib/delinquency/basis";
import { bucketFor, DELINQUENCY_BUCKETS, type DelinquencyBucket } from "../../lib/due";
import { Dec, moneyString } from "../../lib/money";
import { LOAN_STATUSES, type LoanStatus, toStanding } from "../../lib/replay/state";
import type { Database } from "../client";
import { loansBehindProjection, sliceEnd, streamHighWater } from "../event-store/coverage";
import {
  checkListFiguresSeal,
  checkProjectionSeal,
  reportCacheMismatch,
  sealListFigures,
} from "../event-store/integrity";
import { loadProjections } from "../event-store/projection";
import { resultRows } from "../event-store/rows";
import {
  borrowers,
  loanListCoverage,
  loanListDates,
  loanListFigures,
  loanListWorker,
  loanNumberValue,
  loanProjections,
  loans,
  nameSearchKey,
  nameSearchVector,
} from "../schema";
import { replayDueFiguresAsOf } from "../services/snapshots";

export const PORTFOLIO_SORT_KEYS = [
  "loanNumber",
  "borrowerName",
  "status",
  "principal",
  "interest",
  "fees",
  "totalOutstanding",
  "daysPastDue",
  "lastEventDate",
] as const;
export type PortfolioSortKey = (typeof PORTFOLIO_SORT_KEYS)[number];
type SortDirection = "asc" | "desc";

export const PAGE_SIZES = [10, 25, 50, 100] as const;

export interface PortfolioQuery {
  asOf: string;
  /**
   * A loan number ("LN-000013", "LN000013", "ln-13", "13") or words of the
   * borrower's name, each matching the start of a name word, ignoring case
   * and accents ("muller" finds "Müller").
   */
  search?: string;
  status?: LoanStatus | null;
  /** Only loans in this delinquency bucket (as of asOf). */
  bucket?: DelinquencyBucket | null;
  sort?: PortfolioSortKey;
  dir?: SortDirection;
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

interface LoanFigures {
  status: LoanStatus;
  principal: string;
  interest: string;
  fees: string;
  totalOutstanding: string;
  /** Days past due as of the list's date (lib/due; 0 for closed loans). */
  daysPastDue: number;
  bucket: DelinquencyBucket;
  lastEventDate: string | null;
}

export interface PortfolioRow extends LoanFigures {
  loanNumber: string;
  borrowerName: string;
}

/** Why a page has no rows yet: the figures it needs are being computed. */
export interface PortfolioComputing {
  /** What the book-wide worker is doing: "projections", "as_of:YYYY-MM-DD", or null (between holders). */
  job: string | null;
  /** Loans of this date still to replay (null while projections are rebuilt). */
  remaining: number | null;
  /** Loans in the book. */
  total: number | null;
}

export interface PortfolioPage {
  asOf: string;
  rows: PortfolioRow[];
  /** Loans matching search and status. */
  total: number;
  /** All loans. */
  portfolioSize: number;
  page: number;
  pageSize: number;
  pageCount: number;
  sort: PortfolioSortKey;
  dir: SortDirection;
  /** Loans per status among those matching the search and the bucket filter (for the status filter). */
  statusCounts: Record<LoanStatus, number>;
  /** Loans per delinquency bucket among those matching the search and the status filter. */
  bucketCounts: Record<DelinquencyBucket, number>;
  /** The bucket filter applied (null: all). */
  bucket: DelinquencyBucket | null;
  /** Set when the figures are not ready: ask again shortly. */
  computing: PortfolioComputing | null;
}

export interface ListOptions {
  /** Loans replayed (or projections rebuilt) per batch. */
  batchSize?: number;
  /** Up to this many stale loans are recomputed inside the request without the worker lease. */
  inlineLimit?: number;
  /** How long a request waits for another one's computation before answering "computing". */
  waitMs?: number;
  /** How often a waiting request looks again. */
  pollMs?: number;
  /** The worker lease lasts this long unless renewed. */
  leaseMs?: number;
  /** Batches the worker keeps in flight (one's queries overlap another's replay). */
  inFlight?: number;
  /** Loans the periodic round of projection checks looks at per read. */
  sweepSlice?: number;
}

const DEFAULTS: Required<ListOptions> = {
  batchSize: 250,
  inlineLimit: 250,
  waitMs: 3000,
  pollMs: 200,
  leaseMs: 30_000,
  inFlight: 2,
  sweepSlice: 500,
};

/** Past dates whose figures are kept; the least recently used beyond this are dropped. */
const KEEP_DATES = 16;
/** A date used this recently is never dropped (it may be being computed or read). */
const EVICTION_GRACE = "2 minutes";
/** A round checking every loan's projection against its stream starts this long after the last one ended. */
const SWEEP_INTERVAL = "5 minutes";
const PROJECTIONS_JOB = "projections";
/** The single row of loan_list_worker and loan_list_coverage. */
const SINGLE_ROW = 1;
/** Computations one request runs (or waits for) before answering "computing". */
const MAX_ROUNDS = 5;

function emptyStatusCounts(): Record<LoanStatus, number> {
  return Object.fromEntries(LOAN_STATUSES.map((s) => [s, 0])) as Record<LoanStatus, number>;
}

function emptyBucketCounts(): Record<DelinquencyBucket, number> {
  return Object.fromEntries(DELINQUENCY_BUCKETS.map((b) => [b, 0])) as Record<
    DelinquencyBucket,
    number
  >;
}

/** Each bucket's days past due as [from, to) (to null: no end), read off bucketFor itself. */
const BUCKET_RANGES: Record<DelinquencyBucket, [number, number | null]> = (() => {
  const from = new Map<DelinquencyBucket, number>();
  for (let d = 0; from.size < DELINQUENCY_BUCKETS.length && d < 100_000; d++) {
    const b = bucketFor(d);
    if (!from.has(b)) from.set(b, d);
  }
  return Object.fromEntries(
    DELINQUENCY_BUCKETS.map((b, i) => {
      const next = DELINQUENCY_BUCKETS[i + 1];
      return [b, [from.get(b) ?? 0, next ? (from.get(next) ?? null) : null]];
    }),
  ) as Record<DelinquencyBucket, [number, number | null]>;
})();

/** The bucket of a days-past-due expression, in SQL (the same ranges as bucketFor). */
function bucketSql(days: SQL): SQL {
  const cases = DELINQUENCY_BUCKETS.map((b) => {
    const [, to] = BUCKET_RANGES[b];
    return to === null ? sql`else ${b}::text` : sql`when ${days} < ${to}::int then ${b}::text`;
  });
  return sql`(case ${sql.join(cases, sql` `)} end)`;
}

// ---------------------------------------------------------------------------
// Search

export type SearchFilter =
  | { kind: "all" }
  | { kind: "number"; value: string }
  | { kind: "name"; tsquery: string }
  | { kind: "none" };

const LOAN_NUMBER_QUERY = /^(?:ln)?[\s-]*(\d{1,30})$/i;

/** Strip accents and apostrophes (the JS twin of nameSearchKey, for splitting words). */
function stripAccents(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/['\u2019]/g, "");
}

/** What a search box text filters on: a loan number, name-word prefixes, or nothing at all. */
export function parseSearch(text: string | undefined): SearchFilter {
  const trimmed = (text ?? "").trim();
  if (!trimmed) return { kind: "all" };
  const number = LOAN_NUMBER_QUERY.exec(trimmed);
  if (number?.[1]) return { kind: "number", value: number[1].replace(/^0+(?=\d)/, "") };
  const words = stripAccents(trimmed)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  if (words.length === 0) return { kind: "none" };
  return { kind: "name", tsquery: words.map((w) => `${w}:*`).join(" & ") };
}

function searchWhere(filter: SearchFilter): SQL | undefined {
  switch (filter.kind) {
    case "all":
      return undefined;
    case "number":
      return sql`${loanNumberValue(loans.loanNumber)} = ${filter.value}::numeric`;
    case "name":
      // The same key expression on both sides (and the index's on the name).
      return sql`${nameSearchVector(borrowers.name)} @@ to_tsquery('simple', ${nameSearchKey(sql`${filter.tsquery}::text`)})`;
    case "none":
      return sql`false`;
  }
}

// ---------------------------------------------------------------------------
// Where the figures come from

interface Source {
  table: typeof loanProjections | typeof loanListFigures;
  /** Joins the figures to `loans`. */
  on: SQL;
  /** Restricts the table to this source's rows. */
  only: SQL | undefined;
  status: AnyPgColumn;
  principal: AnyPgColumn;
  interest: AnyPgColumn;
  fees: AnyPgColumn;
  totalOutstanding: AnyPgColumn;
  lastEventDate: AnyPgColumn;
  /** Days past due as of the source's date. */
  daysPastDue: SQL;
  /** The loans of one bucket (a range an index can serve). */
  inBucket(bucket: DelinquencyBucket): SQL;
}

/**
 * Today's sources read days past due from the projection's delinquent_since,
 * which holds for any date on or after the loan's latest event.
 */
function live(asOf: string): Source {
  const since = loanProjections.delinquentSince;
  const day = sql`${asOf}::date`;
  return {
    ...LIVE_COLUMNS,
    daysPastDue: sql`(case when ${since} < ${day} then ${day} - ${since} else 0 end)`,
    inBucket(bucket) {
      const [from, to] = BUCKET_RANGES[bucket];
      // days = asOf - since, so days in [from, to) is since in (asOf - to, asOf - from].
      if (from === 0) return sql`(${since} is null or ${since} > ${day} - ${to ?? 1}::int)`;
      const upper = sql`${since} <= ${day} - ${from}::int`;
      return to === null ? upper : sql`(${upper} and ${since} > ${day} - ${to}::int)`;
    },
  };
}

const LIVE_COLUMNS = {
  table: loanProjections,
  on: eq(loanProjections.loanId, loans.id),
  only: undefined,
  status: loanProjections.status,
  principal: loanProjections.principal,
  interest: loanProjections.interest,
  fees: loanProjections.fees,
  totalOutstanding: loanProjections.totalOutstanding,
  lastEventDate: loanProjections.lastEventDate,
} satisfies Omit<Source, "daysPastDue" | "inBucket">;

function dated(asOf: string): Source {
  return {
    table: loanListFigures,
    on: and(eq(loanListFigures.asOf, asOf), eq(loanListFigures.loanId, loans.id)) as SQL,
    only: eq(loanListFigures.asOf, asOf),
    status: loanListFigures.status,
    principal: loanListFigures.principal,
    interest: loanListFigures.interest,
    fees: loanListFigures.fees,
    totalOutstanding: loanListFigures.totalOutstanding,
    lastEventDate: loanListFigures.lastEventDate,
    daysPastDue: sql`${loanListFigures.daysPastDue}`,
    inBucket(bucket) {
      const [from, to] = BUCKET_RANGES[bucket];
      const lower = sql`${loanListFigures.daysPastDue} >= ${from}::int`;
      return to === null ? lower : sql`(${lower} and ${loanListFigures.daysPastDue} < ${to}::int)`;
    },
  };
}

function sortExpression(source: Source, sort: PortfolioSortKey, dir: SortDirection): SQL {
  if (sort === "daysPastDue") {
    return dir === "asc" ? sql`${source.daysPastDue} asc` : sql`${source.daysPastDue} desc`;
  }
  const column: AnyPgColumn =
    sort === "loanNumber"
      ? loans.loanNumber
      : sort === "borrowerName"
        ? borrowers.name
        : source[sort];
  if (sort !== "lastEventDate") return dir === "asc" ? sql`${column} asc` : sql`${column} desc`;
  // No date sorts first ascending, last descending (as an empty string would).
  return dir === "asc" ? sql`${column} asc nulls first` : sql`${column} desc nulls last`;
}

const money = (value: string) => moneyString(new Dec(value));

// ---------------------------------------------------------------------------
// The page

interface LiveRow {
  loanId: number;
  seal: string | null;
  throughSequence: number;
  lastHash: string | null;
  maxRecordedAt: string | null;
  delinquentSince: string | null;
  status: string;
  principal: string;
  interest: string;
  fees: string;
  totalOutstanding: string;
  daysPastDue: number;
  lastEventDate: string | null;
}

/**
 * The rows of the live projection whose seal does not hold for the figures
 * shown (edited in the database) are not served: their loans' projections
 * are replayed from the events (loadProjections rebuilds and reports them)
 * and the row shows what the replay gives.
 */
async function replaceUnsealed(db: Database, rows: LiveRow[], asOf: string): Promise<void> {
  const unsealed = rows.filter(
    (r) =>
      checkProjectionSeal(
        r.seal,
        { ...r, loanId: Number(r.loanId), throughSequence: Number(r.throughSequence) },
        {},
      ) !== "valid",
  );
  if (unsealed.length === 0) return;
  const replayed = await loadProjections(
    db,
    unsealed.map((r) => Number(r.loanId)),
  );
  for (const row of unsealed) {
    const projection = replayed.get(Number(row.loanId));
    if (!projection) continue;
    const figures = toStanding(projection.state);
    row.status = figures.status;
    row.principal = figures.principal;
    row.interest = figures.interest;
    row.fees = figures.fees;
    row.totalOutstanding = figures.totalOutstanding;
    row.lastEventDate = projection.state.facts.lastEffectiveDate;
    row.daysPastDue = daysPastDueOn(projection.due, asOf);
  }
}

/**
 * The same for a past date's figures rows (issue 14): a row whose seal is
 * missing or does not hold (edited in the database) is not served; its loan
 * is replayed as of the date (snapshot plus tail), the row rewritten sealed,
 * and the page shows the replay. An edited row is reported (`[integrity]`).
 */
async function replaceUnsealedFigures(db: Database, rows: LiveRow[], asOf: string): Promise<void> {
  const unsealed = rows.filter((r) => {
    const loanId = Number(r.loanId);
    const status = checkListFiguresSeal(r.seal, {
      asOf,
      loanId,
      throughSequence: Number(r.throughSequence),
      status: r.status,
      principal: r.principal,
      interest: r.interest,
      fees: r.fees,
      totalOutstanding: r.totalOutstanding,
      lastEventDate: r.lastEventDate,
      daysPastDue: Number(r.daysPastDue),
    });
    if (status === "valid") return false;
    reportCacheMismatch({ cache: "list figures", loanId, asOfDate: asOf, status });
    return true;
  });
  if (unsealed.length === 0) return;
  // Labelled with the stream length read before the replay (as replayStale does).
  const sequences = await db
    .select({ loanId: loanProjections.loanId, throughSequence: loanProjections.throughSequence })
    .from(loanProjections)
    .where(
      inArray(
        loanProjections.loanId,
        unsealed.map((r) => Number(r.loanId)),
      ),
    );
  const replayed = await replayBatch(db, asOf, sequences);
  for (const row of unsealed) {
    const f = replayed.get(Number(row.loanId));
    if (!f) continue;
    row.status = f.status;
    row.principal = f.principal;
    row.interest = f.interest;
    row.fees = f.fees;
    row.totalOutstanding = f.total_outstanding;
    row.lastEventDate = f.last_event_date;
    row.daysPastDue = f.days_past_due;
  }
}

/** One page of the portfolio as of `asOf`, searched, filtered and sorted in SQL. */
export async function listPortfolioAsOf(
  db: Database,
  query: PortfolioQuery,
  options: ListOptions = {},
): Promise<PortfolioPage> {
  if (!isIsoDate(query.asOf)) {
    throw new AppError("invalid_input", `asOf must be a date YYYY-MM-DD, got "${query.asOf}".`);
  }
  const o = { ...DEFAULTS, ...options };
  const q: PageQuery = {
    asOf: query.asOf,
    search: parseSearch(query.search),
    status: query.status ?? null,
    bucket: query.bucket ?? null,
    sort: query.sort ?? "loanNumber",
    dir: query.dir ?? "asc",
    page: Math.max(1, Math.trunc(query.page ?? 1)),
    pageSize: Math.min(Math.max(1, Math.trunc(query.pageSize ?? 25)), 500),
  };
  const empty = (computing: PortfolioComputing): PortfolioPage => ({
    ...emptyPage(q, computing.total ?? 0),
    computing,
  });

  // A second pass only if the first found fewer projections than loans
  // (projections deleted): then every loan is checked.
  for (let pass = 0; ; pass++) {
    const sweep = pass > 0;
    const projections = await ensureProjections(db, o, { sweep });
    if (projections) return empty(projections);
    const [last, loanCount] = await Promise.all([latestEventDate(db), countLoans(db)]);

    if (last === null || last <= q.asOf) {
      // Today (normally): the live projection is every loan's state as of the date.
      const { page, sourceRows } = await readPage(db, live(q.asOf), q, loanCount);
      const covered = sourceRows ?? (await countProjections(db));
      if (covered < loanCount && !sweep) continue;
      return page;
    }

    // A past date: its figures table, checked row by row against the
    // projections first (exact: a row is read only if its loan has not moved).
    const stale = await staleness(db, q.asOf);
    if (stale.total < loanCount && !sweep) continue;
    if (stale.copy > 0 || stale.replay > 0) {
      const computing = await prepareDate(db, q.asOf, o, stale);
      if (computing) return empty(computing);
    } else {
      await touchDate(db, q.asOf);
    }
    return (await readPage(db, dated(q.asOf), q, loanCount)).page;
  }
}

interface PageQuery {
  asOf: string;
  search: SearchFilter;
  status: LoanStatus | null;
  bucket: DelinquencyBucket | null;
  sort: PortfolioSortKey;
  dir: SortDirection;
  page: number;
  pageSize: number;
}

function emptyPage(q: PageQuery, portfolioSize: number): PortfolioPage {
  return {
    asOf: q.asOf,
    rows: [],
    total: 0,
    portfolioSize,
    page: 1,
    pageSize: q.pageSize,
    pageCount: 1,
    sort: q.sort,
    dir: q.dir,
    statusCounts: emptyStatusCounts(),
    bucketCounts: emptyBucketCounts(),
    bucket: q.bucket,
    computing: null,
  };
}

/**
 * The page from one source: status counts (GROUP BY) among the search's
 * matches, then one query with WHERE / ORDER BY / LIMIT / OFFSET. Also says
 * how many rows the source has when the counts covered all of it.
 */
async function readPage(
  db: Database,
  source: Source,
  q: PageQuery,
  loanCount: number,
): Promise<{ page: PortfolioPage; sourceRows: number | null }> {
  const matching = searchWhere(q.search);
  // One GROUP BY (status, bucket) gives both filters' counts. Without a
  // search the figures table alone answers (every loan has a row).
  const bucket = bucketSql(source.daysPastDue);
  const fields = {
    status: sql<string>`${source.status}`,
    bucket: sql<string>`${bucket}`,
    n: count(),
  };
  const counts =
    q.search.kind === "all"
      ? await db.select(fields).from(source.table).where(source.only).groupBy(sql`1`, sql`2`)
      : await db
          .select(fields)
          .from(loans)
          .innerJoin(borrowers, eq(borrowers.id, loans.borrowerId))
          .innerJoin(source.table, source.on)
          .where(matching)
          .groupBy(sql`1`, sql`2`);
  const statusCounts = emptyStatusCounts();
  const bucketCounts = emptyBucketCounts();
  let matched = 0;
  let total = 0;
  for (const c of counts) {
    const inStatus = !q.status || c.status === q.status;
    const inBucket = !q.bucket || c.bucket === q.bucket;
    if (inBucket && c.status in statusCounts) statusCounts[c.status as LoanStatus] += c.n;
    if (inStatus && c.bucket in bucketCounts) bucketCounts[c.bucket as DelinquencyBucket] += c.n;
    if (inStatus && inBucket) total += c.n;
    matched += c.n;
  }
  const pageCount = Math.max(1, Math.ceil(total / q.pageSize));
  const page = Math.min(q.page, pageCount);

  const filters = and(
    q.status ? eq(source.status, q.status) : undefined,
    q.bucket ? source.inBucket(q.bucket) : undefined,
  );
  const sealed = source.table === loanProjections;
  const figures = source.table === loanListFigures;
  const rows =
    total === 0
      ? []
      : await db
          .select({
            loanId: loans.id,
            // The live projection's seal and what it names (checked below).
            // The row's seal (the live projection's, or a past date's figures row's).
            seal: sealed
              ? sql<string | null>`${loanProjections.seal}`
              : sql<string | null>`${loanListFigures.seal}`,
            throughSequence: sealed
              ? sql<number>`${loanProjections.throughSequence}`
              : sql<number>`${loanListFigures.throughSequence}`,
            lastHash: sealed ? sql<string | null>`${loanProjections.lastHash}` : sql<null>`null`,
            maxRecordedAt: sealed
              ? sql<string | null>`${loanProjections.maxRecordedAt}::text`
              : sql<null>`null`,
            delinquentSince: sealed
              ? sql<string | null>`${loanProjections.delinquentSince}::text`
              : sql<null>`null`,
            loanNumber: loans.loanNumber,
            borrowerName: borrowers.name,
            status: sql<string>`${source.status}`,
            principal: sql<string>`${source.principal}::text`,
            interest: sql<string>`${source.interest}::text`,
            fees: sql<string>`${source.fees}::text`,
            totalOutstanding: sql<string>`${source.totalOutstanding}::text`,
            daysPastDue: sql<number>`(${source.daysPastDue})::int`,
            lastEventDate: sql<string | null>`${source.lastEventDate}::text`,
          })
          .from(loans)
          .innerJoin(borrowers, eq(borrowers.id, loans.borrowerId))
          .innerJoin(source.table, source.on)
          .where(
            and(
              matching,
              filters,
              q.search.kind === "all" ? pageEdge(source, q, filters, page * q.pageSize) : undefined,
            ),
          )
          .orderBy(sortExpression(source, q.sort, q.dir), asc(loans.loanNumber))
          .limit(q.pageSize)
          .offset((page - 1) * q.pageSize);

  if (sealed) await replaceUnsealed(db, rows, q.asOf);
  if (figures) await replaceUnsealedFigures(db, rows, q.asOf);
  return {
    sourceRows: q.search.kind === "all" ? matched : null,
    page: {
      ...emptyPage(q, loanCount),
      rows: rows.map((r) => ({
        loanNumber: r.loanNumber,
        borrowerName: r.borrowerName,
        status: r.status as LoanStatus,
        principal: money(r.principal),
        interest: money(r.interest),
        fees: money(r.fees),
        totalOutstanding: money(r.totalOutstanding),
        daysPastDue: Number(r.daysPastDue),
        bucket: bucketFor(Number(r.daysPastDue)),
        lastEventDate: r.lastEventDate,
      })),
      total,
      page,
      pageCount,
      statusCounts,
      bucketCounts,
    },
  };
}

/** The money sorts each source has an index for (schema: loan_projections_*_idx, loan_list_figures_total_idx). */
type MoneySort = "principal" | "interest" | "fees" | "totalOutstanding";
const INDEXED_SORTS: Record<"live" | "dated", readonly PortfolioSortKey[]> = {
  live: ["principal", "interest", "fees", "totalOutstanding"],
  dated: ["totalOutstanding"],
};

/**
 * A bound that lets a page sorted by a money column be read along that
 * column's index: the value of the `through`-th row in sort order (read from
 * the figures table alone, an index scan of `through` entries), and only rows
 * on its side of it. Every row of the first `through` lies within the bound and
 * ties at it are all kept, so the page is exactly the unbounded query's.
 * Without it Postgres joins and sorts every loan for each page (about 25 ms
 * at 10,000 loans, against 3-5 ms). Only without a search: the figures
 * table's rows are then exactly the page query's (every loan has one row,
 * with its loan and borrower).
 */
function pageEdge(
  source: Source,
  q: PageQuery,
  filters: SQL | undefined,
  through: number,
): SQL | undefined {
  const indexed = INDEXED_SORTS[source.table === loanProjections ? "live" : "dated"];
  if (!indexed.includes(q.sort)) return undefined;
  const column = source[q.sort as MoneySort];
  const edge = sql`(select ${column} from ${source.table}
    where ${and(source.only, filters) ?? sql`true`}
    order by ${column} ${q.dir === "asc" ? sql`asc` : sql`desc`}
    offset ${through - 1} limit 1)`;
  // No such row (fewer rows than `through`): no bound. The columns are never null.
  return q.dir === "asc"
    ? sql`${column} <= coalesce(${edge}, 'infinity'::numeric)`
    : sql`${column} >= coalesce(${edge}, '-infinity'::numeric)`;
}

/** The latest effective date of any loan's events (one index lookup). */
async function latestEventDate(db: Database): Promise<string | null> {
  const [row] = await db.select({ last: max(loanProjections.lastEventDate) }).from(loanProjections);
  return row?.last ?? null;
}

async function countLoans(db: Database): Promise<number> {
  return (await db.select({ n: count() }).from(loans))[0]?.n ?? 0;
}

async function countProjections(db: Database): Promise<number> {
  return (await db.select({ n: count() }).from(loanProjections))[0]?.n ?? 0;
}

// ---------------------------------------------------------------------------
// The live projection must cover every loan

/**
 * Make every loan's projection current: loans never written since the
 * projection table existed have none, and tools that insert events without
 * the append path leave theirs behind. The check reads only loans and events
 * above the high-water marks the last check stored (loan_list_coverage).
 * Every loan is checked with `sweep` (the list found fewer projections than
 * loans: deleted ones) or when no check was ever stored; and, once
 * SWEEP_INTERVAL has passed since the last full round, `sweepSlice` loans per
 * read from a stored cursor until the round reaches the end of the book (a
 * whole round in one request cost it 0.2 s warm and 17 s cold at 10,000
 * loans). A few loans are rebuilt inside the request; a whole book (the first
 * read after the migration) under the worker lease. Returns null when done,
 * or what is being computed.
 */
async function ensureProjections(
  db: Database,
  options: ListOptions = {},
  check: { sweep?: boolean } = {},
): Promise<PortfolioComputing | null> {
  const o = { ...DEFAULTS, ...options };
  const [mark, [seen]] = await Promise.all([
    streamHighWater(db),
    db
      .select({
        eventId: loanListCoverage.eventId,
        loanId: loanListCoverage.loanId,
        sweepAfter: loanListCoverage.sweepAfter,
        due: sql<boolean>`${loanListCoverage.sweptAt} < now() - interval '${sql.raw(SWEEP_INTERVAL)}'`,
      })
      .from(loanListCoverage)
      .where(eq(loanListCoverage.id, SINGLE_ROW)),
  ]);
  const full = !seen || check.sweep === true;
  const moved = !seen || seen.eventId !== mark.eventId || seen.loanId !== mark.loanId;
  const slice = !full && seen.due;
  if (!full && !moved && !slice) return null;
  if (full || moved) {
    const since = full ? undefined : { eventId: seen.eventId, loanId: seen.loanId };
    const computing = await repairProjections(db, since, o);
    if (computing) return computing;
  }
  // The round's cursor: back to the start (and the round done) when it reaches the end.
  let sweepAfter = 0;
  let roundDone = full;
  if (slice) {
    const after = Number(seen.sweepAfter);
    const behind = await loansBehindProjection(db, {
      afterId: after,
      scan: o.sweepSlice,
      limit: o.inlineLimit + 1,
    });
    if (behind.length > o.inlineLimit) {
      // Many behind at once (events written around the append path in bulk): every loan, under the lease.
      const computing = await repairProjections(db, undefined, o);
      if (computing) return computing;
      roundDone = true;
    } else {
      if (behind.length > 0) await loadProjections(db, behind);
      const end = await sliceEnd(db, after, o.sweepSlice);
      roundDone = end === null;
      sweepAfter = end ?? 0;
    }
  }
  // Only what was read before the check is known to be covered.
  await db
    .insert(loanListCoverage)
    .values({ id: SINGLE_ROW, ...mark, sweptAt: sql`now()`, sweepAfter })
    .onConflictDoUpdate({
      target: loanListCoverage.id,
      set: {
        eventId: sql`greatest(${loanListCoverage.eventId}, excluded.event_id)`,
        loanId: sql`greatest(${loanListCoverage.loanId}, excluded.loan_id)`,
        ...(roundDone ? { sweptAt: sql`now()`, sweepAfter: 0 } : {}),
        ...(slice && !roundDone ? { sweepAfter } : {}),
      },
    });
  return null;
}

async function repairProjections(
  db: Database,
  since: { eventId: number; loanId: number } | undefined,
  o: Required<ListOptions>,
): Promise<PortfolioComputing | null> {
  const deadline = Date.now() + o.waitMs;
  for (let rounds = 0; ; rounds++) {
    const behind = await loansBehindProjection(db, { limit: o.inlineLimit + 1, since });
    if (behind.length === 0) return null;
    if (rounds < MAX_ROUNDS) {
      if (behind.length <= o.inlineLimit) {
        await loadProjections(db, behind);
        continue;
      }
      const owner = randomUUID();
      if (await claimWorker(db, PROJECTIONS_JOB, owner, o.leaseMs)) {
        try {
          let afterId = 0;
          for (;;) {
            const ids = await loansBehindProjection(db, { afterId, limit: o.batchSize, since });
            if (ids.length === 0) break;
            afterId = ids.at(-1) ?? afterId;
            await loadProjections(db, ids);
            if (!(await renewWorker(db, owner, o.leaseMs))) break;
          }
        } finally {
          await releaseWorker(db, owner);
        }
        continue;
      }
    }
    const job = await currentJob(db);
    // Nobody holds the lease: its holder finished (or gave up) since our claim
    // failed. Look again, and claim it if the work is still there.
    if (job === null && rounds < MAX_ROUNDS) continue;
    if (job !== PROJECTIONS_JOB || Date.now() >= deadline) {
      return { job, remaining: null, total: null };
    }
    await waitForWorker(db, PROJECTIONS_JOB, deadline, o.pollMs);
  }
}

// ---------------------------------------------------------------------------
// A past date's figures

interface Staleness {
  /** Stale rows the projection can fill (no event after the date). */
  copy: number;
  /** Stale rows that need a replay. */
  replay: number;
  /** Loans in the book. */
  total: number;
}

/**
 * Make the figures of `asOf` current for every loan, or say who is computing
 * them. Returns null when the table can be read. A date another request is
 * computing is waited for (up to `waitMs`); while the worker computes another
 * date, the answer is "computing" at once (the page asks again).
 */
async function prepareDate(
  db: Database,
  asOf: string,
  o: Required<ListOptions>,
  first: Staleness,
): Promise<PortfolioComputing | null> {
  await touchDate(db, asOf);
  const job = `as_of:${asOf}`;
  const deadline = Date.now() + o.waitMs;
  let stale = first;
  for (let rounds = 0; ; rounds++) {
    if (rounds > 0) stale = await staleness(db, asOf);
    if (stale.copy > 0) await copyFromProjections(db, asOf);
    if (stale.replay === 0) return null;
    if (rounds < MAX_ROUNDS) {
      if (stale.replay <= o.inlineLimit) {
        await replayStale(db, asOf, o, null);
        continue;
      }
      const owner = randomUUID();
      if (await claimWorker(db, job, owner, o.leaseMs)) {
        try {
          await replayStale(db, asOf, o, owner);
          await analyzeIfOutgrown(db, stale.replay);
        } finally {
          await releaseWorker(db, owner);
        }
        continue;
      }
    }
    const holder = await currentJob(db);
    // Nobody holds the lease: the request computing this date finished (or gave
    // up) since our claim failed. Look again: its figures are read, or claimed.
    if (holder === null && rounds < MAX_ROUNDS) continue;
    if (holder !== job || Date.now() >= deadline) {
      return { job: holder, remaining: stale.replay, total: stale.total };
    }
    await waitForWorker(db, job, deadline, o.pollMs);
  }
}

/**
 * Fresh statistics for the figures table when a date's rows outnumber the
 * rows its statistics describe (never analyzed: reltuples is -1; empty: 0),
 * so the first date's reads stay on the indexes. A later date adds no more
 * rows than the statistics already describe (one more as_of value of about
 * as many rows, read through the same (as_of, …) indexes) and skips it: on
 * 10,000 loans `analyze` was 78 ms of the first request.
 */
async function analyzeIfOutgrown(db: Database, written: number): Promise<void> {
  const [row] = resultRows<{ known: number }>(
    await db.execute(
      sql`select reltuples::float8 as known from pg_class where oid = to_regclass('loan_list_figures')`,
    ),
  );
  if (!row || row.known < 0 || written > row.known) {
    await db.execute(sql`analyze ${loanListFigures}`);
  }
}

/** Register the date (dropping the least recently used beyond KEEP_DATES) or mark it used. */
async function touchDate(db: Database, asOf: string): Promise<void> {
  const inserted = await db
    .insert(loanListDates)
    .values({ asOf })
    .onConflictDoUpdate({
      target: loanListDates.asOf,
      set: { usedAt: sql`now()` },
      setWhere: sql`${loanListDates.usedAt} < now() - interval '30 seconds'`,
    })
    .returning({ createdAt: loanListDates.createdAt, usedAt: loanListDates.usedAt });
  if (inserted[0] && inserted[0].createdAt === inserted[0].usedAt) {
    await db.execute(sql`
      delete from ${loanListDates}
      where as_of in (
        select as_of from ${loanListDates}
        where as_of <> ${asOf}::date
        order by used_at desc
        offset ${KEEP_DATES - 1})
      and used_at < now() - interval '${sql.raw(EVICTION_GRACE)}'`);
  }
}

/** The loans whose row for `asOf` is missing or older than their stream (their projection). */
function staleJoin(asOf: string) {
  return and(eq(loanListFigures.asOf, asOf), eq(loanListFigures.loanId, loanProjections.loanId));
}
const isStale = or(
  isNull(loanListFigures.loanId),
  ne(loanListFigures.throughSequence, loanProjections.throughSequence),
);
function coveredByProjection(asOf: string): SQL {
  return sql`(${loanProjections.lastEventDate} is null or ${loanProjections.lastEventDate} <= ${asOf}::date)`;
}

/** How many of the date's rows are missing or stale (one join of projection and figures). */
async function staleness(db: Database, asOf: string): Promise<Staleness> {
  const [row] = await db
    .select({
      copy: sql<number>`(count(*) filter (where ${isStale} and ${coveredByProjection(asOf)}))::int`,
      replay: sql<number>`(count(*) filter (where ${isStale} and not ${coveredByProjection(asOf)}))::int`,
      total: sql<number>`count(*)::int`,
    })
    .from(loanProjections)
    .leftJoin(loanListFigures, staleJoin(asOf));
  return { copy: row?.copy ?? 0, replay: row?.replay ?? 0, total: row?.total ?? 0 };
}

/** Projection rows copied per statement (bounded memory: rows and seals of one batch at a time). */
const COPY_BATCH = 2000;

/**
 * Loans with no event after `asOf`: their projection is their state as of
 * it. The projection rows are read a batch at a time, each checked against
 * its own seal, and written back with the figures row's seal, computed here:
 * the key never goes to the database. A projection whose seal does not hold
 * is rebuilt from its events (loadProjections reports it) and its loan
 * replayed as of the date instead.
 */
async function copyFromProjections(db: Database, asOf: string): Promise<void> {
  const day = sql`${asOf}::date`;
  let afterId = 0;
  for (;;) {
    const batch = await db
      .select({
        loanId: loanProjections.loanId,
        seal: loanProjections.seal,
        throughSequence: loanProjections.throughSequence,
        lastHash: loanProjections.lastHash,
        maxRecordedAt: sql<string | null>`${loanProjections.maxRecordedAt}::text`,
        delinquentSince: sql<string | null>`${loanProjections.delinquentSince}::text`,
        status: loanProjections.status,
        principal: sql<string>`${loanProjections.principal}::text`,
        interest: sql<string>`${loanProjections.interest}::text`,
        fees: sql<string>`${loanProjections.fees}::text`,
        totalOutstanding: sql<string>`${loanProjections.totalOutstanding}::text`,
        lastEventDate: sql<string | null>`${loanProjections.lastEventDate}::text`,
        daysPastDue: sql<number>`(case when ${loanProjections.delinquentSince} < ${day} then ${day} - ${loanProjections.delinquentSince} else 0 end)::int`,
      })
      .from(loanProjections)
      .leftJoin(loanListFigures, staleJoin(asOf))
      .where(and(gt(loanProjections.loanId, afterId), coveredByProjection(asOf), isStale))
      .orderBy(asc(loanProjections.loanId))
      .limit(COPY_BATCH);
    if (batch.length === 0) return;
    afterId = batch.at(-1)?.loanId ?? afterId;
    const payload: FiguresRow[] = [];
    const unsealed: number[] = [];
    for (const p of batch) {
      const loanId = Number(p.loanId);
      const check = checkProjectionSeal(
        p.seal,
        { ...p, loanId, throughSequence: Number(p.throughSequence) },
        {},
      );
      if (check !== "valid") {
        unsealed.push(loanId);
        continue;
      }
      payload.push(
        figuresRow(asOf, {
          loanId,
          throughSequence: Number(p.throughSequence),
          status: p.status,
          principal: p.principal,
          interest: p.interest,
          fees: p.fees,
          totalOutstanding: p.totalOutstanding,
          lastEventDate: p.lastEventDate,
          daysPastDue: Number(p.daysPastDue),
        }),
      );
    }
    await writeFigures(db, asOf, payload);
    if (unsealed.length > 0) {
      const rebuilt = await loadProjections(db, unsealed);
      await replayBatch(
        db,
        asOf,
        [...rebuilt.values()].map((r) => ({
          loanId: r.loanId,
          throughSequence: r.throughSequence,
        })),
      );
    }
    if (batch.length < COPY_BATCH) return;
  }
}

/** A figures row as written (snake case, for jsonb_to_recordset), with its seal. */
interface FiguresRow {
  loan_id: number;
  through_sequence: number;
  status: string;
  principal: string;
  interest: string;
  fees: string;
  total_outstanding: string;
  last_event_date: string | null;
  days_past_due: number;
  seal: string;
}

function figuresRow(
  asOf: string,
  f: Omit<Parameters<typeof sealListFigures>[0], "asOf"> & {
    principal: string;
    interest: string;
    fees: string;
    totalOutstanding: string;
  },
): FiguresRow {
  return {
    loan_id: f.loanId,
    through_sequence: f.throughSequence,
    status: f.status,
    principal: f.principal,
    interest: f.interest,
    fees: f.fees,
    total_outstanding: f.totalOutstanding,
    last_event_date: f.lastEventDate,
    days_past_due: f.daysPastDue,
    seal: sealListFigures({ asOf, ...f }),
  };
}

/** Upsert a date's figures rows (sealed by the caller). */
async function writeFigures(db: Database, asOf: string, payload: FiguresRow[]): Promise<void> {
  if (payload.length === 0) return;
  await db.execute(sql`
    insert into ${loanListFigures}
      (as_of, loan_id, through_sequence, status, principal, interest, fees, total_outstanding,
       last_event_date, days_past_due, seal, computed_at)
    select ${asOf}::date, loan_id, through_sequence, status, principal, interest, fees,
       total_outstanding, last_event_date, days_past_due, seal, now()
    from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as r(
      loan_id bigint, through_sequence int, status text, principal numeric, interest numeric,
      fees numeric, total_outstanding numeric, last_event_date date, days_past_due int, seal text)
    on conflict (as_of, loan_id) do update set
      through_sequence = excluded.through_sequence, status = excluded.status,
      principal = excluded.principal, interest = excluded.interest, fees = excluded.fees,
      total_outstanding = excluded.total_outstanding, last_event_date = excluded.last_event_date,
      days_past_due = excluded.days_past_due, seal = excluded.seal,
      computed_at = excluded.computed_at`);
}

/**
 * Replay the stale loans with events after `asOf`, a batch at a time, each
 * from its latest snapshot plus tail; as the worker (`owner`), the lease is
 * renewed as batches complete (every leaseMs / 5), `inFlight` batches run at once
 * (one's queries overlap the other's replay) and the work stops if the lease
 * was lost. A row is
 * labelled with the stream length read BEFORE its replay, so it can only
 * claim less than it covers (then it is simply recomputed), never more.
 */
async function replayStale(
  db: Database,
  asOf: string,
  o: Required<ListOptions>,
  owner: string | null,
): Promise<void> {
  const limit = owner ? o.batchSize : o.inlineLimit;
  let afterId = 0;
  let done = false;
  // Batches are taken in loan id order, one taker at a time.
  let taking: Promise<unknown> = Promise.resolve();
  const take = () => {
    const next = taking.then(async () => {
      if (done) return [];
      const batch = await staleBatch(db, asOf, afterId, limit);
      if (batch.length === 0) done = true;
      afterId = batch.at(-1)?.loanId ?? afterId;
      return batch;
    });
    taking = next.catch(() => undefined);
    return next;
  };
  let renewed = Date.now();
  const run = async () => {
    for (;;) {
      const batch = await take();
      if (batch.length === 0) return;
      await replayBatch(db, asOf, batch);
      if (!owner) {
        done = true;
        return;
      }
      // Renewed well before it expires (not after every batch: fewer writes).
      if (Date.now() - renewed > o.leaseMs / 5) {
        renewed = Date.now();
        if (!(await renewWorker(db, owner, o.leaseMs, asOf))) {
          done = true;
          return;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: owner ? Math.max(1, o.inFlight) : 1 }, run));
}

function staleBatch(db: Database, asOf: string, afterId: number, limit: number) {
  return db
    .select({ loanId: loanProjections.loanId, throughSequence: loanProjections.throughSequence })
    .from(loanProjections)
    .leftJoin(loanListFigures, staleJoin(asOf))
    .where(and(gt(loanProjections.loanId, afterId), sql`not ${coveredByProjection(asOf)}`, isStale))
    .orderBy(asc(loanProjections.loanId))
    .limit(limit);
}

/** Replay loans as of `asOf` and write their rows, sealed; returns what was written, by loan. */
async function replayBatch(
  db: Database,
  asOf: string,
  batch: readonly { loanId: number; throughSequence: number }[],
): Promise<Map<number, FiguresRow>> {
  if (batch.length === 0) return new Map();
  const ids = batch.map((b) => Number(b.loanId));
  const states = await replayDueFiguresAsOf(db, ids, asOf);
  const payload = batch.flatMap((b) => {
    const loanId = Number(b.loanId);
    const s = states.get(loanId);
    if (!s) return [];
    return [
      figuresRow(asOf, {
        loanId,
        throughSequence: Number(b.throughSequence),
        status: s.status,
        principal: s.principal,
        interest: s.interest,
        fees: s.fees,
        totalOutstanding: s.totalOutstanding,
        lastEventDate: s.lastEventDate,
        daysPastDue: s.daysPastDue,
      }),
    ];
  });
  states.clear();
  await writeFigures(db, asOf, payload);
  return new Map(payload.map((r) => [r.loan_id, r]));
}

// ---------------------------------------------------------------------------
// The worker lease: one row, one holder at a time, expiring unless renewed

async function claimWorker(
  db: Database,
  job: string,
  owner: string,
  leaseMs: number,
): Promise<boolean> {
  const claimed = await db
    .insert(loanListWorker)
    .values({
      id: SINGLE_ROW,
      job,
      owner,
      leaseUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval`,
    })
    .onConflictDoUpdate({
      target: loanListWorker.id,
      set: {
        job: sql`excluded.job`,
        owner: sql`excluded.owner`,
        leaseUntil: sql`excluded.lease_until`,
      },
      setWhere: sql`${loanListWorker.leaseUntil} < now()`,
    })
    .returning({ owner: loanListWorker.owner });
  return claimed[0]?.owner === owner;
}

/** Extend the lease (and keep the date from being dropped); false if it is no longer ours. */
async function renewWorker(
  db: Database,
  owner: string,
  leaseMs: number,
  asOf?: string,
): Promise<boolean> {
  const renewed = await db
    .update(loanListWorker)
    .set({ leaseUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval` })
    .where(and(eq(loanListWorker.id, SINGLE_ROW), eq(loanListWorker.owner, owner)))
    .returning({ id: loanListWorker.id });
  if (asOf) {
    await db.update(loanListDates).set({ usedAt: sql`now()` }).where(eq(loanListDates.asOf, asOf));
  }
  return renewed.length > 0;
}

async function releaseWorker(db: Database, owner: string): Promise<void> {
  await db
    .update(loanListWorker)
    .set({ leaseUntil: sql`'-infinity'::timestamptz` })
    .where(and(eq(loanListWorker.id, SINGLE_ROW), eq(loanListWorker.owner, owner)));
}

/** The job of the lease holder, if the lease is live. */
async function currentJob(db: Database): Promise<string | null> {
  const [row] = await db
    .select({ job: loanListWorker.job })
    .from(loanListWorker)
    .where(and(eq(loanListWorker.id, SINGLE_ROW), sql`${loanListWorker.leaseUntil} >= now()`));
  return row?.job ?? null;
}

/** Wait (reading only the lease row) until `job` is no longer being computed, or the deadline. */
async function waitForWorker(
  db: Database,
  job: string,
  deadline: number,
  pollMs: number,
): Promise<void> {
  while (Date.now() < deadline) {
    await sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())));
    if ((await currentJob(db)) !== job) return;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
