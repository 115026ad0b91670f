import type { PortfolioReport } from "@/db/services/portfolio-report";
import { formatTimestamp } from "@/lib/presentation/format";
import styles from "./reports.module.css";

/**
 * What the report was computed from, so an auditor can reproduce it: the
 * report date, the knowledge cut-off, the engine version and the event
 * high-water mark, and when (and by whom, once filed) it was generated.
 */
export function ReportHeader({ report }: { report: PortfolioReport }) {
  const mark = report.highWaterMark;
  return (
    <dl
      className={styles.provenance}
      aria-label="Report provenance"
      data-testid="report-provenance"
    >
      <div>
        <dt>Report date</dt>
        <dd data-testid="report-as-of">{report.asOf}</dd>
      </div>
      <div>
        <dt>As known at</dt>
        <dd>
          <time dateTime={report.knownAt}>{formatTimestamp(report.knownAt)}</time>
        </dd>
      </div>
      <div>
        <dt>Engine version</dt>
        <dd data-testid="report-engine-version">{report.engineVersion}</dd>
      </div>
      <div>
        <dt>Event high-water mark</dt>
        <dd data-testid="report-high-water-mark">
          event #{mark.eventId.toLocaleString("en-US")}
          {mark.recordedAt ? (
            <>
              , recorded <time dateTime={mark.recordedAt}>{formatTimestamp(mark.recordedAt)}</time>
            </>
          ) : (
            " (no events)"
          )}
        </dd>
      </div>
      <div>
        <dt>Generated at</dt>
        <dd>
          <time dateTime={report.generatedAt}>{formatTimestamp(report.generatedAt)}</time>
          {report.generatedBy ? ` by ${report.generatedBy}` : null}
        </dd>
      </div>
    </dl>
  );
}
