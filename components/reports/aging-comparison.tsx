import { Money } from "@/components/ui/money";
import { TableScroll } from "@/components/ui/table-scroll";
import type { AgingRow } from "@/lib/delinquency/aging";
import { moneyString, toMoney } from "@/lib/money";
import { formatCurrencyChange } from "@/lib/presentation/format";
import { agingBucketLabel } from "./aging-table";
import styles from "./reports.module.css";

function Change({ filed, now }: { filed: string; now: string }) {
  const delta = moneyString(toMoney(now).minus(toMoney(filed)));
  if (toMoney(delta).isZero()) return <span className="muted">—</span>;
  return (
    <span className="money" data-exact={delta}>
      {formatCurrencyChange(delta)}
    </span>
  );
}

/**
 * A filed report's aging table beside today's re-run: loans and total
 * outstanding per bucket, and the change. A report filed before the aging
 * table existed says so.
 */
export function AgingComparison({ filed, now }: { filed?: AgingRow[]; now?: AgingRow[] }) {
  if (!now) return null;
  if (!filed) {
    return (
      <p className="small muted" data-testid="aging-comparison-missing">
        This report was filed before the aging table was part of it; the re-run's aging table is not
        compared.
      </p>
    );
  }
  const before = new Map(filed.map((a) => [a.bucket, a]));
  return (
    <TableScroll label="Aging as filed and now" className={styles.tableWrap}>
      <table aria-label="Aging as filed and now" className={`compare ${styles.table}`}>
        <thead>
          <tr>
            <th scope="col">Days past due</th>
            <th scope="col" className={styles.num}>
              Loans as filed
            </th>
            <th scope="col" className={styles.num}>
              Loans now
            </th>
            <th scope="col" className={styles.num}>
              Outstanding as filed
            </th>
            <th scope="col" className={styles.num}>
              Outstanding now
            </th>
            <th scope="col" className={styles.num}>
              Change
            </th>
          </tr>
        </thead>
        <tbody>
          {now.map((a) => {
            const f = before.get(a.bucket);
            const filedTotal = f?.totalOutstanding ?? "0.00";
            const differs =
              (f?.count ?? 0) !== a.count ||
              !toMoney(filedTotal).equals(toMoney(a.totalOutstanding));
            return (
              <tr key={a.bucket} data-bucket={a.bucket} className={differs ? "changed" : undefined}>
                <th scope="row">{agingBucketLabel(a.bucket)}</th>
                <td className={styles.num}>{(f?.count ?? 0).toLocaleString("en-US")}</td>
                <td className={styles.num}>{a.count.toLocaleString("en-US")}</td>
                <td className={styles.num}>
                  <Money value={filedTotal} />
                </td>
                <td className={styles.num}>
                  <Money value={a.totalOutstanding} />
                </td>
                <td className={styles.num}>
                  <Change filed={filedTotal} now={a.totalOutstanding} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
