"use client";
import type { SortingState } from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import { useCallback, useTransition } from "react";
import type { PortfolioPage, PortfolioSortKey } from "@/db/queries/portfolio";
import type { LoanStatus } from "@/lib/replay/state";
import { LoansDataTable } from "./data-table";
import { LoansToolbar } from "./loans-toolbar";
import { Pagination } from "./pagination";

export interface LoansQueryState {
  asOf: string;
  search: string;
  status: LoanStatus | null;
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
  if (q.sort !== "loanNumber" || q.dir !== "asc") {
    params.set("sort", q.sort);
    params.set("dir", q.dir);
  }
  if (q.page > 1) params.set("page", String(q.page));
  if (q.pageSize !== 25) params.set("size", String(q.pageSize));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The loans list: every control writes the URL; the server replays, sorts and pages. */
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

  return (
    <>
      <LoansToolbar
        search={query.search}
        status={query.status}
        statusCounts={data.statusCounts}
        asOf={query.asOf}
        today={today}
        pending={pending}
        onSearch={(search) => navigate({ search })}
        onStatus={(status) => navigate({ status })}
        onAsOf={(asOf) => navigate({ asOf, page: query.page })}
      />
      <p className="muted table-caption">
        Balances replayed from each loan's events as of <strong>{data.asOf}</strong> ·{" "}
        {data.portfolioSize} loans in the portfolio
      </p>
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
  );
}
