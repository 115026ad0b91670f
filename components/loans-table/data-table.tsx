"use client";
import { type SortingState, useTable } from "@tanstack/react-table";
import { type KeyboardEvent, useMemo } from "react";
import { SortableTh } from "@/components/ui/sortable-th";
import type { PortfolioRow } from "@/db/queries/portfolio";
import "./column-meta";
import { loanColumns, loansTableFeatures } from "./columns";

interface LoansDataTableProps {
  rows: PortfolioRow[];
  asOf: string;
  sorting: SortingState;
  pending: boolean;
  onSortingChange(sorting: SortingState): void;
  onOpen(loanNumber: string): void;
}

/** The loans table: server-sorted (manualSorting), each row opens its loan. */
export function LoansDataTable(props: LoansDataTableProps) {
  const { rows, asOf, sorting, pending, onSortingChange, onOpen } = props;
  const columns = useMemo(() => loanColumns(asOf), [asOf]);
  const table = useTable({
    features: loansTableFeatures,
    columns,
    data: rows,
    manualSorting: true,
    enableMultiSort: false,
    sortDescFirst: false,
    state: { sorting },
    onSortingChange: (updater) =>
      onSortingChange(typeof updater === "function" ? updater(sorting) : updater),
  });

  const openOnKey = (e: KeyboardEvent, loanNumber: string) => {
    if (e.key === "Enter") onOpen(loanNumber);
  };

  return (
    <table
      aria-label="Loans"
      aria-busy={pending}
      className={`data-table${pending ? " is-pending" : ""}`}
    >
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) =>
              header.column.getCanSort() ? (
                <SortableTh
                  key={header.id}
                  sorted={header.column.getIsSorted()}
                  numeric={header.column.columnDef.meta?.numeric}
                  onToggle={header.column.getToggleSortingHandler()}
                >
                  <table.FlexRender header={header} />
                </SortableTh>
              ) : (
                <th key={header.id} scope="col">
                  <table.FlexRender header={header} />
                </th>
              ),
            )}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.length === 0 ? (
          <tr>
            <td colSpan={columns.length} className="empty">
              No loans match. Clear the search or the filters.
            </td>
          </tr>
        ) : (
          table.getRowModel().rows.map((row) => (
            <tr
              key={row.id}
              className="clickable"
              tabIndex={0}
              onClick={() => onOpen(row.original.loanNumber)}
              onKeyDown={(e) => openOnKey(e, row.original.loanNumber)}
            >
              {row.getAllCells().map((cell) => (
                <td
                  key={cell.id}
                  className={cell.column.columnDef.meta?.numeric ? "num" : undefined}
                >
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
