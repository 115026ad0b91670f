"use client";
import { createColumnHelper, rowSortingFeature, tableFeatures } from "@tanstack/react-table";
import type { PortfolioRow } from "@/db/queries/portfolio";
import { BucketCell, DateCell, DaysCell, LoanNumberCell, MoneyCell, StatusCell } from "./cells";

export const loansTableFeatures = tableFeatures({ rowSortingFeature });

const column = createColumnHelper<typeof loansTableFeatures, PortfolioRow>();

/** Columns of the loans table; `asOf` goes into the loan links. */
export function loanColumns(asOf: string) {
  return column.columns([
    column.accessor("loanNumber", {
      header: "Loan number",
      cell: (info) => <LoanNumberCell loanNumber={info.getValue()} asOf={asOf} />,
    }),
    column.accessor("borrowerName", { header: "Borrower" }),
    column.accessor("status", {
      header: "Status",
      cell: (info) => <StatusCell status={info.getValue()} />,
    }),
    column.accessor("principal", {
      header: "Principal",
      meta: { numeric: true },
      cell: (info) => <MoneyCell value={info.getValue()} />,
    }),
    column.accessor("interest", {
      header: "Interest",
      meta: { numeric: true },
      cell: (info) => <MoneyCell value={info.getValue()} />,
    }),
    column.accessor("fees", {
      header: "Fees",
      meta: { numeric: true },
      cell: (info) => <MoneyCell value={info.getValue()} />,
    }),
    column.accessor("totalOutstanding", {
      header: "Total outstanding",
      meta: { numeric: true },
      cell: (info) => <MoneyCell value={info.getValue()} />,
    }),
    column.accessor("daysPastDue", {
      header: "Days past due",
      meta: { numeric: true },
      cell: (info) => <DaysCell days={info.getValue()} />,
    }),
    column.accessor("bucket", {
      header: "Delinquency",
      // Sorted by days past due (the same order); the bucket filter is in the toolbar.
      enableSorting: false,
      cell: (info) => <BucketCell bucket={info.getValue()} />,
    }),
    column.accessor("lastEventDate", {
      header: "Last event",
      cell: (info) => <DateCell date={info.getValue()} />,
    }),
  ]);
}
