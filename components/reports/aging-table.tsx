import { Money } from "@/components/ui/money";
import { TableScroll } from "@/components/ui/table-scroll";
import type { AgingRow } from "@/lib/delinquency/aging";
import { agingTotal } from "@/lib/delinquency/aging";
import styles from "./reports.module.css";

/** "Current", "1-29 days past due", …: the bucket in words. */
export function agingBucketLabel(bucket: AgingRow["bucket"]): string {
  return bucket === "current" ? "Current" : `${bucket} days past due`;
}

/**
 * The aging table: open loans (active or in forbearance) per delinquency
 * bucket as of the report date and as known at its cut-off; exact sums shown
 * to the cent. A report filed before the aging table existed says so.
 */
export function AgingTable({ aging, asOf }: { aging: AgingRow[] | undefined; asOf: string }) {
  if (!aging) {
    return (
      <p className="muted small" data-testid="aging-missing">
        This report was filed before the aging table was part of the report; re-run the date to see
        it.
      </p>
    );
  }
  const total = agingTotal(aging);
  return (
    <TableScroll label="Aging by days past due" className={styles.tableWrap}>
      <table aria-label="Aging by days past due" className={styles.table}>
        <caption className="muted small">
          Open loans by days past due on {asOf}: from the oldest installment not paid within the
          product's tolerance.
        </caption>
        <thead>
          <tr>
            <th scope="col">Days past due</th>
            <th scope="col" className={styles.num}>
              Loans
            </th>
            <th scope="col" className={styles.num}>
              Principal
            </th>
            <th scope="col" className={styles.num}>
              Total outstanding
            </th>
          </tr>
        </thead>
        <tbody>
          {aging.map((a) => (
            <tr key={a.bucket} data-bucket={a.bucket}>
              <th scope="row">{agingBucketLabel(a.bucket)}</th>
              <td className={styles.num}>{a.count.toLocaleString("en-US")}</td>
              <td className={styles.num}>
                <Money value={a.principal} />
              </td>
              <td className={styles.num}>
                <Money value={a.totalOutstanding} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className={styles.totalRow} data-bucket="all">
            <th scope="row">All open loans</th>
            <td className={styles.num}>{total.count.toLocaleString("en-US")}</td>
            <td className={styles.num}>
              <Money value={total.principal} />
            </td>
            <td className={styles.num}>
              <Money value={total.totalOutstanding} />
            </td>
          </tr>
        </tfoot>
      </table>
    </TableScroll>
  );
}
