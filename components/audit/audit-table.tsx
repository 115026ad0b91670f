"use client";
import { useTable } from "@tanstack/react-table";
import type { AuditRowView } from "@/app/audit/_server/row-view";
import { TableScroll } from "@/components/ui/table-scroll";
import styles from "./audit.module.css";
import { AUDIT_CELL_CLASS, auditColumns, auditTableFeatures } from "./audit-columns";

interface AuditTableProps {
  rows: AuditRowView[];
  pending: boolean;
}

/** One page of events (the server filters, orders and pages; the table only renders). */
export function AuditTable({ rows, pending }: AuditTableProps) {
  const table = useTable({
    features: auditTableFeatures,
    columns: auditColumns,
    data: rows,
    getRowId: (row) => String(row.id),
  });
  return (
    <TableScroll label="Audit events" className={styles.tableWrap}>
      <table
        aria-label="Audit events"
        aria-busy={pending}
        className={`${styles.table}${pending ? ` ${styles.pending}` : ""}`}
      >
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th
                  key={header.id}
                  scope="col"
                  className={
                    AUDIT_CELL_CLASS[header.column.id] === styles.num ? styles.num : undefined
                  }
                >
                  <table.FlexRender header={header} />
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={auditColumns.length} className="empty">
                No events match these filters.
              </td>
            </tr>
          ) : (
            table.getRowModel().rows.map((row) => (
              <tr key={row.id}>
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className={AUDIT_CELL_CLASS[cell.column.id]}>
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </TableScroll>
  );
}
