import { Money } from "@/components/ui/money";
import { StatusBadge } from "@/components/ui/status-badge";
import type { DueView } from "@/lib/due";
import { closedReason, dayCount, dueHeadline, pastMaturity } from "@/lib/presentation/due";
import { formatTimestamp } from "@/lib/presentation/format";
import { BucketBadge } from "./bucket-badge";
import styles from "./due.module.css";

function isZero(value: string): boolean {
  return /^0(\.0+)?$/.test(value);
}

/**
 * "How much do I need to pay to be current, and how many days late am I?":
 * the amounts due as of the page's date, visible on load.
 */
export function DuePanel({
  due,
  chargeOffDate,
  pending,
  error,
}: {
  due: DueView;
  chargeOffDate: string | null;
  pending: boolean;
  error: string | null;
}) {
  const closed = closedReason(due, chargeOffDate);
  const matured = pastMaturity(due);
  return (
    <section
      className={`panel${pending ? " is-pending" : ""}`}
      aria-labelledby="due-heading"
      aria-busy={pending}
      data-testid="due-panel"
    >
      <div className="panel-title">
        <h2 id="due-heading">
          Amount due as of {due.asOf}
          {due.knownAt ? ` (as known at ${formatTimestamp(due.knownAt)})` : ""}
        </h2>
        {closed ? <StatusBadge status={due.status} /> : <BucketBadge bucket={due.bucket} />}
      </div>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {closed ? (
        <p className={styles.closed} data-testid="due-closed">
          {closed}
        </p>
      ) : (
        <>
          <p className={styles.headline} data-testid="due-headline">
            {dueHeadline(due)}
          </p>
          {matured ? (
            <p className={styles.closed} data-testid="due-matured">
              Past its maturity date ({matured}): every installment is due, so the whole balance is
              owed now.
            </p>
          ) : null}
          <dl className={styles.dueFigures} aria-label="Amounts due">
            <div className={styles.lead}>
              <dt>To be current</dt>
              <dd data-testid="due-amountDue">
                <Money value={due.amountDue} />
              </dd>
            </div>
            <div>
              <dt>Past due</dt>
              <dd data-testid="due-amountPastDue">
                <Money value={due.amountPastDue} />
              </dd>
            </div>
            <div>
              <dt>Days past due</dt>
              <dd data-testid="due-daysPastDue">{dayCount(due.daysPastDue)}</dd>
            </div>
            <div>
              <dt>Next due</dt>
              <dd data-testid="due-next">
                {due.nextDueDate ? (
                  <>
                    <Money value={due.nextDueAmount} />
                    <span className={styles.sub}>on {due.nextDueDate}</span>
                  </>
                ) : (
                  <span className={styles.sub}>No later installment</span>
                )}
              </dd>
            </div>
            <div>
              <dt>Paid ahead</dt>
              <dd data-testid="due-paidAhead">
                <Money value={due.paidAhead} />
              </dd>
            </div>
          </dl>
          <p className="muted small">
            “To be current” is what is unpaid of the installments due on or before {due.asOf}; “past
            due” counts those due before it.
            {isZero(due.tolerance)
              ? ""
              : ` Shortfalls of up to ${due.tolerance} per installment are not counted as late.`}
            {due.maturityDate ? ` Maturity ${due.maturityDate}.` : ""}
          </p>
        </>
      )}
    </section>
  );
}
