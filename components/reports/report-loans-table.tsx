"use client";
import { type SortingState, useTable } from "@tanstack/react-table";
import { useId, useMemo, useState } from "react";
import { SortableTh } from "@/components/ui/sortable-th";
import { TableScroll } from "@/components/ui/table-scroll";
import type { ReportRow } from "@/db/services/portfolio-report";
import { formatStatus } from "@/lib/presentation/format";
import { LOAN_STATUSES, type LoanStatus } from "@/lib/replay/state";
import { reportColumns, reportTableFeatures } from "./report-columns";
import styles from "./reports.module.css";

interface ReportLoansTableProps {
  rows: ReportRow[];
  asOf: string;
  /** The status filter from the URL. */
  initialStatus: LoanStatus | null;
}

/** Keep the status filter in the URL without asking the server to recompute the report. */
function writeStatus(status: LoanStatus | null) {
  const url = new URL(window.location.href);
  if (status) url.searchParams.set("status", status);
  else url.searchParams.delete("status");
  window.history.replaceState(window.history.state, "", url);
}

/**
 * Every loan in the report, sorted and filtered in the browser (the report is
 * already computed; nothing goes back to the server).
 */
export function ReportLoansTable({ rows, asOf, initialStatus }: ReportLoansTableProps) {
  const statusId = useId();
  const [status, setStatus] = useState<LoanStatus | null>(initialStatus);
  const [sorting, setSorting] = useState<SortingState>([]);
  const columns = useMemo(() => reportColumns(asOf), [asOf]);
  const data = useMemo(
    () => (status ? rows.filter((r) => r.status === status) : rows),
    [rows, status],
  );
  const counts = useMemo(() => {
    const out = new Map<string, number>();
    for (const r of rows) out.set(r.status, (out.get(r.status) ?? 0) + 1);
    return out;
  }, [rows]);

  const table = useTable({
    features: reportTableFeatures,
    columns,
    data,
    getRowId: (row) => row.loanNumber,
    enableMultiSort: false,
    sortDescFirst: false,
    state: { sorting },
    onSortingChange: (updater) =>
      setSorting((current) => (typeof updater === "function" ? updater(current) : updater)),
  });

  return (
    <section aria-labelledby={`${statusId}-heading`}>
      <div className={styles.bar}>
        <h2 id={`${statusId}-heading`}>Loans</h2>
        <div className="field inline">
          <label htmlFor={statusId}>Status</label>
          <select
            id={statusId}
            value={status ?? ""}
            onChange={(e) => {
              const next = (e.target.value || null) as LoanStatus | null;
              setStatus(next);
              writeStatus(next);
            }}
          >
            <option value="">All statuses ({rows.length})</option>
            {LOAN_STATUSES.filter((s) => s !== "none").map((s) => (
              <option key={s} value={s}>
                {formatStatus(s)} ({counts.get(s) ?? 0})
              </option>
            ))}
          </select>
        </div>
        <span role="status" data-testid="report-rows-shown">
          {data.length === rows.length
            ? `${rows.length.toLocaleString("en-US")} loans`
            : `${data.length.toLocaleString("en-US")} of ${rows.length.toLocaleString("en-US")} loans`}
        </span>
      </div>
      <TableScroll label="Loans in the report" className={styles.tableWrap}>
        <table aria-label="Loans in the report" className={`data-table ${styles.table}`}>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => (
                  <SortableTh
                    key={header.id}
                    sorted={header.column.getIsSorted()}
                    numeric={header.column.columnDef.meta?.numeric}
                    onToggle={header.column.getToggleSortingHandler()}
                  >
                    <table.FlexRender header={header} />
                  </SortableTh>
                ))}
              </tr>
            ))}
          </thead>
          <tbody>
            {data.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="empty">
                  {rows.length === 0
                    ? "No loans were in the book on this date."
                    : "No loans in the report have this status."}
                </td>
              </tr>
            ) : (
              table.getRowModel().rows.map((row) => (
                <tr key={row.id}>
                  {row.getAllCells().map((cell) => (
                    <td
                      key={cell.id}
                      className={cell.column.columnDef.meta?.numeric ? styles.num : undefined}
                    >
                      <table.FlexRender cell={cell} />
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
