"use client";
import {
  createColumnHelper,
  createSortedRowModel,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  tableFeatures,
} from "@tanstack/react-table";
import Decimal from "decimal.js";
import Link from "next/link";
import "@/components/loans-table/column-meta";
import { Money } from "@/components/ui/money";
import { StatusBadge } from "@/components/ui/status-badge";
import type { ReportRow } from "@/db/services/portfolio-report";

/** Exact order of two decimal strings (figures are never compared as floats). */
function byDecimal(a: unknown, b: unknown): number {
  return new Decimal(String(a)).comparedTo(new Decimal(String(b)));
}

export const reportTableFeatures = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic },
});

const column = createColumnHelper<typeof reportTableFeatures, ReportRow>();

const money = (key: "principal" | "interest" | "fees" | "totalOutstanding" | "chargedOff") => ({
  meta: { numeric: true },
  sortFn: (rowA: { getValue(id: string): unknown }, rowB: { getValue(id: string): unknown }) =>
    byDecimal(rowA.getValue(key), rowB.getValue(key)),
  cell: (info: { getValue(): unknown }) => <Money value={String(info.getValue())} />,
});

/** Columns of the report's loan table; `asOf` goes into the loan links. */
export function reportColumns(asOf: string) {
  return column.columns([
    column.accessor("loanNumber", {
      header: "Loan",
      sortFn: "alphanumeric",
      cell: (info) => (
        <Link href={`/loans/${info.getValue()}?asOf=${asOf}`}>{info.getValue()}</Link>
      ),
    }),
    column.accessor("borrowerName", { header: "Borrower", sortFn: "alphanumeric" }),
    column.accessor("status", {
      header: "Status",
      sortFn: "alphanumeric",
      cell: (info) => <StatusBadge status={info.getValue()} />,
    }),
    column.accessor("principal", { header: "Principal", ...money("principal") }),
    column.accessor("interest", { header: "Interest", ...money("interest") }),
    column.accessor("fees", { header: "Fees", ...money("fees") }),
    column.accessor("totalOutstanding", {
      header: "Total outstanding",
      ...money("totalOutstanding"),
    }),
    column.accessor("chargedOff", { header: "Charged off", ...money("chargedOff") }),
    column.accessor("lastSequence", {
      header: "Last event #",
      sortFn: "basic",
      meta: { numeric: true },
    }),
    column.accessor((row) => row.daysPastDue ?? -1, {
      id: "daysPastDue",
      header: "Days past due",
      sortFn: "basic",
      meta: { numeric: true },
      // A report filed before days past due were part of it has none.
      cell: (info) => (info.getValue() < 0 ? "—" : info.getValue().toLocaleString("en-US")),
    }),
  ]);
}
