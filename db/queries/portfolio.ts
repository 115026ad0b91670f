/**
 * The portfolio as of a date: every loan replayed by the engine, then searched,
 * filtered, sorted and paginated on the server so the browser gets one page.
 *
 * Histories are read in ONE query (ordered by loan and sequence) and replayed
 * per loan. Because events are append-only, the replayed figures for a date are
 * cached per process and keyed by the event store's version (its highest
 * event id): any append changes the key, so the cache can never be stale.
 * A later performance issue can swap this for stored snapshots behind the same
 * function.
 */
import { asc, eq, lte, max } from "drizzle-orm";
import { toMoney } from "../../lib/money";
import { LOAN_STATUSES, type LoanState, type LoanStatus } from "../../lib/replay/state";
import type { Database } from "../client";
import { borrowers, loanEvents, loans } from "../schema";
import { replayLoansAsOf } from "../services/snapshots";

export const PORTFOLIO_SORT_KEYS = [
  "loanNumber",
  "borrowerName",
  "status",
  "principal",
  "interest",
  "fees",
  "totalOutstanding",
  "lastEventDate",
] as const;
export type PortfolioSortKey = (typeof PORTFOLIO_SORT_KEYS)[number];
export type SortDirection = "asc" | "desc";

export const PAGE_SIZES = [10, 25, 50, 100] as const;

export interface PortfolioQuery {
  asOf: string;
  /** Loan number or borrower name, case-insensitive, anywhere in the text. */
  search?: string;
  status?: LoanStatus | null;
  sort?: PortfolioSortKey;
  dir?: SortDirection;
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export interface LoanFigures {
  status: LoanStatus;
  principal: string;
  interest: string;
  fees: string;
  totalOutstanding: string;
  lastEventDate: string | null;
}

export interface PortfolioRow extends LoanFigures {
  loanNumber: string;
  borrowerName: string;
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
  /** Loans per status among those matching the search (for the status filter). */
  statusCounts: Record<LoanStatus, number>;
}

const MONEY_KEYS = new Set<PortfolioSortKey>(["principal", "interest", "fees", "totalOutstanding"]);

interface CacheEntry {
  version: string;
  figures: Map<number, LoanFigures>;
}
const CACHE_LIMIT = 12;
const figuresCache = new Map<string, CacheEntry>();

/** Events are append-only, so the highest event id versions the whole store (an index lookup, not a count). */
async function storeVersion(db: Database): Promise<string> {
  const [row] = await db.select({ last: max(loanEvents.id) }).from(loanEvents);
  return String(row?.last ?? 0);
}

/** Each loan's latest effective date on or before `asOf`, in one grouped query. */
async function lastEffectiveDates(db: Database, asOf: string): Promise<Map<number, string | null>> {
  const rows = await db
    .select({ loanId: loanEvents.loanId, last: max(loanEvents.effectiveDate) })
    .from(loanEvents)
    .where(lte(loanEvents.effectiveDate, asOf))
    .groupBy(loanEvents.loanId);
  return new Map(rows.map((r) => [r.loanId, r.last]));
}

async function figuresAsOf(
  db: Database,
  loanIds: number[],
  asOf: string,
): Promise<Map<number, LoanFigures>> {
  const version = await storeVersion(db);
  const cached = figuresCache.get(asOf);
  if (cached && cached.version === version && loanIds.every((id) => cached.figures.has(id))) {
    figuresCache.delete(asOf); // refresh its place in the LRU order
    figuresCache.set(asOf, cached);
    return cached.figures;
  }
  // Each loan from its latest snapshot plus the events after it.
  const states = new Map<number, LoanState>();
  for (let i = 0; i < loanIds.length; i += 500) {
    const batch = loanIds.slice(i, i + 500);
    for (const [id, state] of await replayLoansAsOf(db, batch, asOf)) states.set(id, state);
  }
  const lastDates = await lastEffectiveDates(db, asOf);
  const figures = new Map<number, LoanFigures>();
  for (const [loanId, state] of states) {
    figures.set(loanId, {
      status: state.status,
      principal: state.principal,
      interest: state.interest,
      fees: state.fees,
      totalOutstanding: state.totalOutstanding,
      lastEventDate: lastDates.get(loanId) ?? null,
    });
  }
  figuresCache.set(asOf, { version, figures });
  while (figuresCache.size > CACHE_LIMIT) {
    const oldest = figuresCache.keys().next().value;
    if (oldest === undefined) break;
    figuresCache.delete(oldest);
  }
  return figures;
}

function compareRows(key: PortfolioSortKey): (a: PortfolioRow, b: PortfolioRow) => number {
  if (MONEY_KEYS.has(key)) {
    return (a, b) => toMoney(a[key] as string).comparedTo(toMoney(b[key] as string));
  }
  return (a, b) => {
    const x = a[key] ?? "";
    const y = b[key] ?? "";
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

export function emptyStatusCounts(): Record<LoanStatus, number> {
  return Object.fromEntries(LOAN_STATUSES.map((s) => [s, 0])) as Record<LoanStatus, number>;
}

/** One page of the portfolio as of `asOf`, searched, filtered and sorted. */
export async function listPortfolioAsOf(
  db: Database,
  query: PortfolioQuery,
): Promise<PortfolioPage> {
  const sort = query.sort ?? "loanNumber";
  const dir = query.dir ?? "asc";
  const pageSize = query.pageSize ?? 25;
  const all = await db
    .select({ id: loans.id, loanNumber: loans.loanNumber, borrowerName: borrowers.name })
    .from(loans)
    .innerJoin(borrowers, eq(borrowers.id, loans.borrowerId))
    .orderBy(asc(loans.loanNumber));
  const figures = await figuresAsOf(
    db,
    all.map((l) => l.id),
    query.asOf,
  );

  const needle = query.search?.trim().toLowerCase() ?? "";
  const statusCounts = emptyStatusCounts();
  const matching: PortfolioRow[] = [];
  for (const loan of all) {
    const f = figures.get(loan.id);
    if (!f) continue;
    if (
      needle &&
      !loan.loanNumber.toLowerCase().includes(needle) &&
      !loan.borrowerName.toLowerCase().includes(needle)
    ) {
      continue;
    }
    statusCounts[f.status] += 1;
    if (query.status && f.status !== query.status) continue;
    matching.push({ loanNumber: loan.loanNumber, borrowerName: loan.borrowerName, ...f });
  }

  const byKey = compareRows(sort);
  const sign = dir === "asc" ? 1 : -1;
  matching.sort((a, b) => sign * byKey(a, b) || (a.loanNumber < b.loanNumber ? -1 : 1));

  const pageCount = Math.max(1, Math.ceil(matching.length / pageSize));
  const page = Math.min(Math.max(1, query.page ?? 1), pageCount);
  return {
    asOf: query.asOf,
    rows: matching.slice((page - 1) * pageSize, page * pageSize),
    total: matching.length,
    portfolioSize: all.length,
    page,
    pageSize,
    pageCount,
    sort,
    dir,
    statusCounts,
  };
}
