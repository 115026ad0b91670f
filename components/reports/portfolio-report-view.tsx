import type { ReactNode } from "react";
import type { ReportQuery } from "@/app/reports/_lib/report-url";
import type { PortfolioReport } from "@/db/services/portfolio-report";
import type { LoanStatus } from "@/lib/replay/state";
import { AgingTable } from "./aging-table";
import { ReportHeader } from "./report-header";
import { ReportLoansTable } from "./report-loans-table";
import styles from "./reports.module.css";
import { type SaveReport, SaveReportForm } from "./save-report-form";
import { TotalsTable } from "./totals-table";

interface PortfolioReportViewProps {
  report: PortfolioReport;
  /** Where "Download CSV" points (the same parameters, or the filed copy); null without export_data. */
  csvHref: string | null;
  /** Offered on a live report; a filed one is already saved. */
  save?: { query: ReportQuery; action: SaveReport };
  initialStatus: LoanStatus | null;
  /** Extra actions next to the downloads (e.g. "Compare with now"). */
  children?: ReactNode;
}

/** A portfolio report: provenance, downloads, totals by status and every loan. */
export function PortfolioReportView(props: PortfolioReportViewProps) {
  const { report, csvHref, save, initialStatus, children } = props;
  return (
    <>
      <section className="panel" aria-label="Report">
        <ReportHeader report={report} />
        <div className={styles.bar}>
          <span className="muted small">
            {report.grandTotal.count.toLocaleString("en-US")} loans replayed as of {report.asOf}.
            Figures are exact; shown to the cent.
          </span>
          {children}
          {csvHref ? (
            <a href={csvHref} download>
              Download CSV
            </a>
          ) : null}
          {save ? <SaveReportForm query={save.query} save={save.action} /> : null}
        </div>
      </section>
      <h2>Totals by status</h2>
      <TotalsTable totals={report.totals} grandTotal={report.grandTotal} />
      <h2>Aging</h2>
      <AgingTable aging={report.aging} asOf={report.asOf} />
      <ReportLoansTable rows={report.rows} asOf={report.asOf} initialStatus={initialStatus} />
    </>
  );
}
