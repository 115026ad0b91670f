"use client";
import { createColumnHelper, tableFeatures } from "@tanstack/react-table";
import Link from "next/link";
import type { AuditRowView } from "@/app/audit/_server/row-view";
import { Money } from "@/components/ui/money";
import styles from "./audit.module.css";

export const auditTableFeatures = tableFeatures({});

const column = createColumnHelper<typeof auditTableFeatures, AuditRowView>();

/** Cell class per column id (alignment, wrapping). */
export const AUDIT_CELL_CLASS: Record<string, string | undefined> = {
  loanNumber: styles.nowrap,
  sequenceNumber: styles.num,
  eventType: styles.nowrap,
  effectiveDate: styles.nowrap,
  recordedAt: styles.nowrap,
  recordedBy: styles.nowrap,
  amount: styles.num,
  summary: styles.summaryCell,
  hashPrefix: styles.mono,
};

export const auditColumns = column.columns([
  column.accessor("loanNumber", {
    header: "Loan",
    cell: (info) => <Link href={`/loans/${info.getValue()}`}>{info.getValue()}</Link>,
  }),
  column.accessor("sequenceNumber", { header: "Seq #" }),
  column.accessor("typeLabel", {
    id: "eventType",
    header: "Type",
    cell: (info) => (
      <span
        className={`type-${info.row.original.eventType}`}
        data-type={info.row.original.eventType}
      >
        {info.getValue()}
      </span>
    ),
  }),
  column.accessor("effectiveDate", { header: "Effective" }),
  column.accessor("recordedAtText", {
    id: "recordedAt",
    header: "Recorded at (UTC)",
    cell: (info) => <time dateTime={info.row.original.recordedAt}>{info.getValue()}</time>,
  }),
  column.accessor("recordedBy", { header: "Recorded by" }),
  column.accessor("amount", {
    header: "Amount",
    cell: (info) => {
      const amount = info.getValue();
      return amount === null ? <span className="muted">—</span> : <Money value={amount} />;
    },
  }),
  column.accessor("summary", { header: "Summary" }),
  column.accessor("hashPrefix", {
    header: "Hash",
    cell: (info) => {
      const prefix = info.getValue();
      return prefix === null ? (
        <span className="muted">not sealed</span>
      ) : (
        <span title={info.row.original.hash ?? undefined}>{prefix}</span>
      );
    },
  }),
]);
