import Link from "next/link";
import type { ChainCheckResult } from "@/app/audit/_server/chain-check";
import type { ChainReport } from "@/db/services/verify-chain";
import styles from "./audit.module.css";

export function chainStatusText(report: ChainReport): string {
  if (report.status === "verified") return "verified";
  const at = report.brokenAt;
  return at ? `broken at #${at.sequenceNumber}: ${at.reason}` : "broken";
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
}

/** "All 16 loans verified (…)", "Loan LN-000003 verified (…)" or "1 broken chain of 16 loans; …". */
export function summaryText(result: ChainCheckResult): string {
  const events = plural(result.events, "event");
  if (result.broken === 0) {
    return result.scope === "loan"
      ? `Loan ${result.reports[0]?.loanNumber ?? ""} verified (${events}).`
      : `All ${plural(result.loans, "loan")} verified (${events}).`;
  }
  return `${plural(result.broken, "broken chain")} of ${plural(result.loans, "loan")}; ${result.verified.toLocaleString("en-US")} verified.`;
}

/** What the store was compared with outside the database (the latest signed checkpoint). */
export function checkpointText(result: ChainCheckResult): string {
  const c = result.checkpoint;
  if (c.status === "verified") {
    return `Compared with the signed checkpoint of ${c.takenAt?.replace("T", " ").slice(0, 19)} UTC (key ${c.keyId}, ${plural(c.loans ?? 0, "loan")}).`;
  }
  if (c.status === "invalid") return `The latest checkpoint does not verify: ${c.reason}.`;
  return "No checkpoint taken yet: a deleted last event cannot be detected without one (cli checkpoint).";
}

/** One line per cache row that does not match its seal or the chain. */
export function cacheProblemText(p: ChainCheckResult["cacheProblems"][number]): string {
  return `${p.loanNumber} ${p.cache}${p.asOfDate ? ` as of ${p.asOfDate}` : ""}: ${p.problem}`;
}

/** The summary count and one row per loan, broken chains first and highlighted. */
export function ChainResults({ result }: { result: ChainCheckResult }) {
  const allVerified = result.broken === 0;
  return (
    <>
      <p
        className={`${styles.chainSummary} ${allVerified ? styles.allVerified : styles.someBroken}`}
        data-testid="chain-summary"
      >
        {summaryText(result)}{" "}
        <span className={`muted small ${styles.checkedAt}`}>
          Checked at{" "}
          <time dateTime={result.checkedAt}>
            {result.checkedAt.replace("T", " ").slice(0, 19)} UTC
          </time>
        </span>
      </p>
      <p
        className={`small ${result.checkpoint.status === "invalid" ? styles.someBroken : "muted"}`}
        data-testid="chain-checkpoint"
      >
        {checkpointText(result)}
      </p>
      {result.cacheProblems.length > 0 ? (
        <div className={styles.someBroken} data-testid="cache-problems">
          <p>
            {plural(result.cacheProblems.length, "cached row")} not used (edited or out of step with
            the events; the figures shown come from a replay):
          </p>
          <ul>
            {result.cacheProblems.map((p) => (
              <li key={`${p.loanNumber}/${p.cache}/${p.asOfDate ?? ""}`}>{cacheProblemText(p)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className={styles.reports}>
        <table aria-label="Chain verification by loan">
          <thead>
            <tr>
              <th scope="col">Loan</th>
              <th scope="col" className={styles.num}>
                Events
              </th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {result.reports.map((report) => (
              <tr
                key={report.loanNumber}
                className={report.status === "broken" ? styles.broken : undefined}
              >
                <td>
                  <Link href={`/loans/${report.loanNumber}`}>{report.loanNumber}</Link>
                </td>
                <td className={styles.num}>{report.events.toLocaleString("en-US")}</td>
                <td className={report.status === "verified" ? styles.verified : undefined}>
                  {chainStatusText(report)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
