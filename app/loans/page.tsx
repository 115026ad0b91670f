import type { Metadata } from "next";
import { connection } from "next/server";
import { LoansView } from "@/components/loans-table/loans-view";
import { Notices } from "@/components/ui/notices";
import { getDb } from "@/db";
import {
  listPortfolioAsOf,
  PAGE_SIZES,
  PORTFOLIO_SORT_KEYS,
  type PortfolioSortKey,
} from "@/db/queries/portfolio";
import { businessDate } from "@/db/services/context";
import { DELINQUENCY_BUCKETS, type DelinquencyBucket } from "@/lib/due/buckets";
import { LOAN_STATUSES, type LoanStatus } from "@/lib/replay/state";
import { requireStaff } from "../_lib/auth/require-staff";
import { asOfFromLink, param, positiveIntParam, type SearchParams } from "../_lib/url-params";

export const metadata: Metadata = { title: "Loans" };

function oneOf<T extends string>(values: readonly T[], value: string | undefined): T | undefined {
  return values.find((v) => v === value);
}

export default async function LoansPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await connection();
  await requireStaff("view_loans");
  const params = await searchParams;
  const today = businessDate();
  const size = positiveIntParam(params, "size");
  const link = asOfFromLink(params, today);
  const query = {
    asOf: link.asOf,
    search: (param(params, "q") ?? "").slice(0, 100),
    status: oneOf<LoanStatus>(LOAN_STATUSES, param(params, "status")) ?? null,
    bucket: oneOf<DelinquencyBucket>(DELINQUENCY_BUCKETS, param(params, "bucket")) ?? null,
    sort: oneOf<PortfolioSortKey>(PORTFOLIO_SORT_KEYS, param(params, "sort")) ?? "loanNumber",
    dir: param(params, "dir") === "desc" ? ("desc" as const) : ("asc" as const),
    page: positiveIntParam(params, "page") ?? 1,
    pageSize: PAGE_SIZES.find((s) => s === size) ?? 25,
  };
  const data = await listPortfolioAsOf(await getDb(), query);
  return (
    <>
      <h1>Loans</h1>
      <Notices messages={link.problem ? [link.problem] : []} testId="link-problems" />
      <LoansView
        data={data}
        query={{ ...query, page: data.page }}
        today={today}
        pageSizes={PAGE_SIZES}
      />
    </>
  );
}
