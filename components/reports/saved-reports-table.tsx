import Link from "next/link";
import { savedReportHref } from "@/app/reports/_lib/report-url";
import { Money } from "@/components/ui/money";
import { TableScroll } from "@/components/ui/table-scroll";
import type { SavedReportSummary } from "@/db/services/portfolio-report";
import { formatTimestamp } from "@/lib/presentation/format";
import styles from "./reports.module.css";

/** The filed reports, newest first. */
export function SavedReportsTable({ reports }: { reports: SavedReportSummary[] }) {
  return (
    <TableScroll label="Saved reports" className={styles.tableWrap}>
      <table aria-label="Saved reports" className={styles.table}>
        <thead>
          <tr>
            <th scope="col">Report</th>
            <th scope="col">Report date</th>
            <th scope="col">As known at</th>
            <th scope="col">Filed at</th>
            <th scope="col">Filed by</th>
            <th scope="col">Engine version</th>
            <th scope="col" className={styles.num}>
              Loans
            </th>
            <th scope="col" className={styles.num}>
              Total outstanding
            </th>
          </tr>
        </thead>
        <tbody>
          {reports.length === 0 ? (
            <tr>
              <td colSpan={8} className="empty">
                No reports have been saved yet. Run a portfolio report and choose “Save report”.
              </td>
            </tr>
          ) : (
            reports.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link href={savedReportHref(r.id)}>Report #{r.id}</Link>
                </td>
                <td>{r.asOf}</td>
                <td>
                  <time dateTime={r.knownAt}>{formatTimestamp(r.knownAt)}</time>
                </td>
                <td>
                  <time dateTime={r.generatedAt}>{formatTimestamp(r.generatedAt)}</time>
                </td>
                <td>{r.generatedBy}</td>
                <td className="small">{r.engineVersion}</td>
                <td className={styles.num}>{r.loans.toLocaleString("en-US")}</td>
                <td className={styles.num}>
                  <Money value={r.totalOutstanding} />
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </TableScroll>
  );
}
