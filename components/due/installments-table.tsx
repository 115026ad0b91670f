"use client";
import { useId, useMemo, useState } from "react";
import { Money } from "@/components/ui/money";
import { SortableTh } from "@/components/ui/sortable-th";
import type { DueView } from "@/lib/due";
import {
  INSTALLMENT_HEADERS,
  type InstallmentColumn,
  installmentStatus,
  kindLabel,
  sortInstallments,
} from "@/lib/presentation/due";
import styles from "./due.module.css";

const NUMERIC: ReadonlySet<InstallmentColumn> = new Set([
  "number",
  "amount",
  "paid",
  "unpaid",
  "daysLate",
]);
const COLUMNS: InstallmentColumn[] = [
  "number",
  "dueDate",
  "amount",
  "paid",
  "unpaid",
  "paidDate",
  "daysLate",
  "kind",
];

/** The installment schedule against what was paid, as of the page's date: sortable, exportable. */
export function InstallmentsTable({
  loanNumber,
  due,
  pending,
}: {
  loanNumber: string;
  due: DueView;
  pending: boolean;
}) {
  const captionId = useId();
  const [sort, setSort] = useState<{ column: InstallmentColumn; direction: "asc" | "desc" }>({
    column: "number",
    direction: "asc",
  });
  const rows = useMemo(
    () => sortInstallments(due.installments, sort.column, sort.direction),
    [due.installments, sort],
  );
  const toggle = (column: InstallmentColumn) =>
    setSort((s) =>
      s.column === column
        ? { column, direction: s.direction === "asc" ? "desc" : "asc" }
        : { column, direction: "asc" },
    );
  const csv = new URLSearchParams({ asOf: due.asOf });
  if (due.knownAt) csv.set("knownAt", due.knownAt);
  const dueCount = due.installments.filter((r) => r.dueDate <= due.asOf).length;
  const late = due.installments.filter((r) => r.daysLate > 0).length;
  // The first installment due after the as-of date, where the table's "now" line is drawn.
  const firstUpcoming = due.installments.find((r) => r.dueDate > due.asOf)?.number ?? null;

  return (
    <section
      className={`panel${pending ? " is-pending" : ""}`}
      aria-labelledby="installments-heading"
      aria-busy={pending}
      data-testid="installments"
    >
      <div className="panel-title">
        <h2 id="installments-heading">Installments: schedule vs actual</h2>
        {due.installments.length > 0 ? (
          <a href={`/loans/${loanNumber}/installments.csv?${csv.toString()}`} download>
            Download CSV
          </a>
        ) : null}
      </div>
      {due.installments.length === 0 ? (
        <p className="muted">No installments are due on this loan as of {due.asOf}.</p>
      ) : (
        <>
          <p id={captionId} className={styles.tableNote}>
            {due.installments.length} installments as of {due.asOf}: {dueCount} due by then, {late}{" "}
            paid late or still late. Payments pay the oldest installment first. Sort by a column; on
            a narrow screen, scroll the table sideways.
          </p>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1) */}
          <section className={styles.scroll} aria-labelledby={captionId} tabIndex={0}>
            <table
              className={styles.installments}
              data-testid="installments-table"
              aria-describedby={captionId}
            >
              <caption className="visually-hidden">
                Installments as of {due.asOf}, schedule vs actual
              </caption>
              <thead>
                <tr>
                  {COLUMNS.map((c) => (
                    <SortableTh
                      key={c}
                      numeric={NUMERIC.has(c)}
                      sorted={sort.column === c ? sort.direction : false}
                      onToggle={() => toggle(c)}
                    >
                      {INSTALLMENT_HEADERS[c]}
                    </SortableTh>
                  ))}
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const status = installmentStatus(r, due.asOf);
                  const lateNow = r.dueDate < due.asOf && r.daysLate > 0 && r.paidDate === null;
                  const className = [
                    lateNow ? styles.late : "",
                    r.dueDate > due.asOf ? styles.upcoming : "",
                    sort.column === "number" && r.number === firstUpcoming ? styles.asOfRow : "",
                  ]
                    .filter(Boolean)
                    .join(" ");
                  return (
                    <tr key={r.number} className={className || undefined}>
                      <td className="num">{r.number}</td>
                      <td className="nowrap">{r.dueDate}</td>
                      <td className="num">
                        <Money value={r.amount} />
                      </td>
                      <td className="num">
                        <Money value={r.paid} />
                      </td>
                      <td className="num">
                        <Money value={r.unpaid} />
                      </td>
                      <td className="nowrap">{r.paidDate ?? <span className="muted">—</span>}</td>
                      <td className="num">{r.daysLate}</td>
                      <td>{kindLabel(r.kind)}</td>
                      <td>{status}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        </>
      )}
    </section>
  );
}
