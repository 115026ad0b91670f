import { Money } from "@/components/ui/money";
import { StatusBadge } from "@/components/ui/status-badge";
import { TableScroll } from "@/components/ui/table-scroll";
import type { StatusTotals } from "@/db/services/portfolio-report";
import styles from "./reports.module.css";

const FIGURES = [
  ["principal", "Principal"],
  ["interest", "Interest"],
  ["fees", "Fees"],
  ["totalOutstanding", "Total outstanding"],
  ["chargedOff", "Charged off"],
] as const;

/** One row per status present, then the whole book. Exact sums; shown to the cent. */
export function TotalsTable({
  totals,
  grandTotal,
}: {
  totals: StatusTotals[];
  grandTotal: StatusTotals;
}) {
  return (
    <TableScroll label="Totals by status" className={styles.tableWrap}>
      <table aria-label="Totals by status" className={styles.table}>
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col" className={styles.num}>
              Loans
            </th>
            {FIGURES.map(([key, label]) => (
              <th key={key} scope="col" className={styles.num}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {totals.length === 0 ? (
            <tr>
              <td colSpan={2 + FIGURES.length} className="empty">
                No loans were in the book on this date.
              </td>
            </tr>
          ) : (
            totals.map((t) => (
              <tr key={t.status} data-status={t.status}>
                <th scope="row">
                  <StatusBadge status={t.status} />
                </th>
                <td className={styles.num}>{t.count.toLocaleString("en-US")}</td>
                {FIGURES.map(([key]) => (
                  <td key={key} className={styles.num}>
                    <Money value={t[key]} />
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
        <tfoot>
          <tr className={styles.totalRow} data-status="all">
            <th scope="row">All loans</th>
            <td className={styles.num} data-testid="report-loan-count">
              {grandTotal.count.toLocaleString("en-US")}
            </td>
            {FIGURES.map(([key]) => (
              <td key={key} className={styles.num}>
                <Money value={grandTotal[key]} />
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </TableScroll>
  );
}
