import Link from "next/link";
import { Money } from "@/components/ui/money";
import { StatusBadge } from "@/components/ui/status-badge";
import { TableScroll } from "@/components/ui/table-scroll";
import type {
  ChangedLoan,
  ReportComparison as Comparison,
  ReportRow,
  StatusTotals,
} from "@/db/services/portfolio-report";
import { moneyString, toMoney } from "@/lib/money";
import { formatCurrencyChange, formatTimestamp } from "@/lib/presentation/format";
import { AgingComparison } from "./aging-comparison";
import { LateEventsList } from "./late-events-list";
import styles from "./reports.module.css";

const FIGURES = [
  ["principal", "Principal"],
  ["interest", "Interest"],
  ["fees", "Fees"],
  ["totalOutstanding", "Total outstanding"],
  ["chargedOff", "Charged off"],
] as const;

type Figures = Pick<ReportRow, (typeof FIGURES)[number][0]>;

function Change({ filed, now }: { filed: string | null; now: string | null }) {
  const delta = moneyString(toMoney(now ?? "0").minus(toMoney(filed ?? "0")));
  if (toMoney(delta).isZero()) return <span className="muted">—</span>;
  return (
    <span className="money" data-exact={delta}>
      {formatCurrencyChange(delta)}
    </span>
  );
}

/** Rows of figures: as filed, now, and the change. */
function FiguresTable({
  label,
  filed,
  now,
  count,
  status,
}: {
  label: string;
  filed: Figures | null;
  now: Figures | null;
  count?: { filed: number; now: number };
  status?: { filed: string | null; now: string | null };
}) {
  return (
    <TableScroll label={label} className={styles.tableWrap}>
      <table aria-label={label} className={`compare ${styles.table}`}>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col" className={styles.num}>
              As filed
            </th>
            <th scope="col" className={styles.num}>
              Now
            </th>
            <th scope="col" className={styles.num}>
              Change
            </th>
          </tr>
        </thead>
        <tbody>
          {status ? (
            <tr className={status.filed !== status.now ? "changed" : undefined}>
              <th scope="row">Status</th>
              <td className={styles.num}>
                {status.filed ? <StatusBadge status={status.filed} /> : "not in the report"}
              </td>
              <td className={styles.num}>
                {status.now ? <StatusBadge status={status.now} /> : "not in the report"}
              </td>
              <td className={styles.num}>{status.filed !== status.now ? "changed" : "—"}</td>
            </tr>
          ) : null}
          {count ? (
            <tr className={count.filed !== count.now ? "changed" : undefined}>
              <th scope="row">Loans</th>
              <td className={styles.num}>{count.filed.toLocaleString("en-US")}</td>
              <td className={styles.num}>{count.now.toLocaleString("en-US")}</td>
              <td className={styles.num}>
                {count.now === count.filed
                  ? "—"
                  : `${count.now > count.filed ? "+" : ""}${count.now - count.filed}`}
              </td>
            </tr>
          ) : null}
          {FIGURES.map(([key, name]) => {
            const a = filed?.[key] ?? null;
            const b = now?.[key] ?? null;
            const differs = !toMoney(a ?? "0").equals(toMoney(b ?? "0"));
            return (
              <tr key={key} className={differs ? "changed" : undefined}>
                <th scope="row">{name}</th>
                <td className={styles.num}>
                  <Money value={a} />
                </td>
                <td className={styles.num}>
                  <Money value={b} />
                </td>
                <td className={styles.num}>
                  <Change filed={a} now={b} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

function ChangedLoanSection({
  loan,
  asOf,
  filedEngine,
  nowEngine,
}: {
  loan: ChangedLoan;
  asOf: string;
  filedEngine: string;
  nowEngine: string;
}) {
  return (
    <section className={`panel ${styles.changed}`} aria-label={`Changes to ${loan.loanNumber}`}>
      <h3>
        <Link href={`/loans/${loan.loanNumber}?asOf=${asOf}`}>{loan.loanNumber}</Link>{" "}
        <span className="muted small">{(loan.now ?? loan.filed)?.borrowerName}</span>
      </h3>
      <FiguresTable
        label={`${loan.loanNumber}: figures as filed and now`}
        filed={loan.filed}
        now={loan.now}
        status={{ filed: loan.filed?.status ?? null, now: loan.now?.status ?? null }}
      />
      {loan.lateEvents.length > 0 ? (
        <>
          <p className="small">
            Recorded after the report was filed, effective on or before {asOf} (backdated):
          </p>
          <LateEventsList loanNumber={loan.loanNumber} asOf={asOf} events={loan.lateEvents} />
        </>
      ) : (
        <p className="small muted">
          No event recorded after the filing is effective on or before {asOf}.
          {filedEngine !== nowEngine
            ? ` The report was filed with ${filedEngine}; it is re-run with ${nowEngine}.`
            : null}
        </p>
      )}
    </section>
  );
}

function totalsOf(t: StatusTotals): Figures {
  return t;
}

/** "Figures as filed" next to "figures now", and the backdated events behind each change. */
export function ReportComparison({ comparison }: { comparison: Comparison }) {
  const { filed, now, changed } = comparison;
  return (
    <section aria-labelledby="compare-heading">
      <h2 id="compare-heading">Compared with now</h2>
      <p className="small">
        Re-run as of {filed.asOf} with everything known at{" "}
        <time dateTime={now.knownAt}>{formatTimestamp(now.knownAt)}</time> (event high-water mark #
        {now.highWaterMark.eventId.toLocaleString("en-US")}, {now.engineVersion}); filed as known at{" "}
        <time dateTime={filed.knownAt}>{formatTimestamp(filed.knownAt)}</time> (#
        {filed.highWaterMark.eventId.toLocaleString("en-US")}).
      </p>
      <p role="status" data-testid="comparison-summary">
        {changed.length === 0
          ? "No figures have changed since this report was filed."
          : `${changed.length} ${changed.length === 1 ? "loan's figures have" : "loans' figures have"} changed since this report was filed.`}
      </p>
      <FiguresTable
        label="Totals as filed and now"
        filed={totalsOf(filed.grandTotal)}
        now={totalsOf(now.grandTotal)}
        count={{ filed: filed.grandTotal.count, now: now.grandTotal.count }}
      />
      <AgingComparison filed={filed.aging} now={now.aging} />
      {changed.map((loan) => (
        <ChangedLoanSection
          key={loan.loanNumber}
          loan={loan}
          asOf={filed.asOf}
          filedEngine={filed.engineVersion}
          nowEngine={now.engineVersion}
        />
      ))}
    </section>
  );
}
