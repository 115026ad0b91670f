"use client";
import type { SortingState } from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useTransition } from "react";
import { TableScroll } from "@/components/ui/table-scroll";
import type { PortfolioComputing, PortfolioPage, PortfolioSortKey } from "@/db/queries/portfolio";
import type { DelinquencyBucket } from "@/lib/due/buckets";
import type { LoanStatus } from "@/lib/replay/state";
import { LoansDataTable } from "./data-table";
import { LoansToolbar } from "./loans-toolbar";
import { Pagination } from "./pagination";

export interface LoansQueryState {
  asOf: string;
  search: string;
  status: LoanStatus | null;
  bucket: DelinquencyBucket | null;
  sort: PortfolioSortKey;
  dir: "asc" | "desc";
  page: number;
  pageSize: number;
}

interface LoansViewProps {
  data: PortfolioPage;
  query: LoansQueryState;
  today: string;
  pageSizes: readonly number[];
}

function toSearch(q: LoansQueryState, today: string): string {
  const params = new URLSearchParams();
  if (q.asOf !== today) params.set("asOf", q.asOf);
  if (q.search) params.set("q", q.search);
  if (q.status) params.set("status", q.status);
  if (q.bucket) params.set("bucket", q.bucket);
  if (q.sort !== "loanNumber" || q.dir !== "asc") {
    params.set("sort", q.sort);
    params.set("dir", q.dir);
  }
  if (q.page > 1) params.set("page", String(q.page));
  if (q.pageSize !== 25) params.set("size", String(q.pageSize));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** How often a page whose figures are being computed asks again. */
const COMPUTING_REFRESH_MS = 2000;

function computingText(asOf: string, c: PortfolioComputing): string {
  if (c.job === "projections") return "Bringing the live balances up to date…";
  if (c.job === `as_of:${asOf}` && c.remaining !== null && c.total !== null) {
    return `Computing the balances as of ${asOf}: ${c.total - c.remaining} of ${c.total} loans done…`;
  }
  if (c.job?.startsWith("as_of:")) {
    return `Waiting for the balances as of ${c.job.slice(6)} to finish, then ${asOf} is computed…`;
  }
  return `Computing the balances as of ${asOf}…`;
}

/** The loans list: every control writes the URL; the server filters, sorts and pages in SQL. */
export function LoansView({ data, query, today, pageSizes }: LoansViewProps) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  const navigate = useCallback(
    (change: Partial<LoansQueryState>) => {
      const next = { ...query, page: 1, ...change };
      startTransition(() => router.replace(`/loans${toSearch(next, today)}`, { scroll: false }));
    },
    [query, router, today],
  );

  const sorting: SortingState = [{ id: query.sort, desc: query.dir === "desc" }];

  // Figures for a new past date are computed once, on the server, for every
  // user: until they are ready the page asks again every few seconds.
  const computing = data.computing;
  useEffect(() => {
    if (!computing) return;
    const timer = setTimeout(() => router.refresh(), COMPUTING_REFRESH_MS);
    return () => clearTimeout(timer);
  }, [computing, router]);

  return (
    <>
      <LoansToolbar
        search={query.search}
        status={query.status}
        statusCounts={data.statusCounts}
        bucket={query.bucket}
        bucketCounts={data.bucketCounts}
        asOf={query.asOf}
        today={today}
        pending={pending}
        onSearch={(search) => navigate({ search })}
        onStatus={(status) => navigate({ status })}
        onBucket={(bucket) => navigate({ bucket })}
        onAsOf={(asOf) => navigate({ asOf, page: query.page })}
      />
      {computing ? (
        // No table until the figures are there: an empty one would read "no loans match".
        <p className="muted table-caption" role="status" aria-live="polite">
          {computingText(data.asOf, computing)}
        </p>
      ) : (
        <>
          <p className="muted table-caption">
            Balances replayed from each loan's events as of <strong>{data.asOf}</strong> ·{" "}
            {data.portfolioSize} loans in the portfolio
          </p>
          <TableScroll label="Loans">
            <LoansDataTable
              rows={data.rows}
              asOf={data.asOf}
              sorting={sorting}
              pending={pending}
              onSortingChange={(next) => {
                const first = next[0];
                navigate(
                  first
                    ? { sort: first.id as PortfolioSortKey, dir: first.desc ? "desc" : "asc" }
                    : { sort: "loanNumber", dir: "asc" },
                );
              }}
              onOpen={(loanNumber) =>
                startTransition(() => router.push(`/loans/${loanNumber}?asOf=${data.asOf}`))
              }
            />
          </TableScroll>
          <Pagination
            page={data.page}
            pageCount={data.pageCount}
            pageSize={data.pageSize}
            pageSizes={pageSizes}
            total={data.total}
            onPage={(page) => navigate({ page })}
            onPageSize={(pageSize) => navigate({ pageSize })}
          />
        </>
      )}
    </>
  );
}
