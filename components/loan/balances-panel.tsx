import type { ReactNode } from "react";
import { Money } from "@/components/ui/money";
import { StatusBadge } from "@/components/ui/status-badge";
import type { AsOfView } from "@/lib/presentation/as-of-view";
import { formatTimestamp } from "@/lib/presentation/format";

function Figure({
  label,
  value,
  field,
  strong,
}: {
  label: string;
  value: string;
  field: string;
  strong?: boolean;
}) {
  return (
    <div className={strong ? "figure strong" : "figure"}>
      <dt>{label}</dt>
      <dd data-testid={`figure-${field}`}>
        <Money value={value} />
      </dd>
    </div>
  );
}

function isZero(value: string): boolean {
  return /^0(\.0+)?$/.test(value);
}

/** The reconstructed balances and paid-to-date totals for the as-of date (then `children`: interest accrued). */
export function BalancesPanel({
  view,
  pending,
  children,
}: {
  view: AsOfView;
  pending: boolean;
  children?: ReactNode;
}) {
  const s = view.snapshot;
  const t = s.totals;
  return (
    <section
      className={`panel balances${pending ? " is-pending" : ""}`}
      aria-labelledby="balances-heading"
      aria-busy={pending}
    >
      <h2 id="balances-heading">
        Balances as of {view.asOf}
        {view.knownAt ? ` (as known at ${formatTimestamp(view.knownAt)})` : ""}
      </h2>
      <dl className="figures" aria-label="Balances">
        <Figure label="Principal" field="principal" value={s.principal} />
        <Figure label="Interest" field="interest" value={s.interest} />
        <Figure label="Fees" field="fees" value={s.fees} />
        <Figure
          label="Total outstanding"
          field="totalOutstanding"
          value={s.totalOutstanding}
          strong
        />
        <div className="figure">
          <dt>Status</dt>
          <dd data-testid="figure-status">
            <StatusBadge status={s.status} />
          </dd>
        </div>
      </dl>
      <dl className="figures secondary" aria-label="Paid to date">
        <Figure label="Paid to date" field="paid" value={t.paid} />
        <Figure label="Principal paid" field="paidPrincipal" value={t.paidPrincipal} />
        <Figure label="Interest paid" field="paidInterest" value={t.paidInterest} />
        <Figure label="Fees paid" field="paidFees" value={t.paidFees} />
        {isZero(s.unapplied) ? null : (
          <Figure label="Unapplied funds" field="unapplied" value={s.unapplied} />
        )}
        {isZero(t.chargedOff) ? null : (
          <Figure label="Charged off" field="chargedOff" value={t.chargedOff} />
        )}
        {isZero(t.recoveries) ? null : (
          <Figure label="Recoveries" field="recoveries" value={t.recoveries} />
        )}
      </dl>
      {children}
      <p className="muted small">
        {s.eventsApplied} events applied
        {view.lastEffectiveDate ? `, the last effective ${view.lastEffectiveDate}` : ""}. Interest
        may carry fractions of a cent: hover a figure for the exact value.
      </p>
      {view.warnings.length > 0 ? (
        <details className="warnings">
          <summary>{view.warnings.length} replay warning(s) in this history</summary>
          <ul>
            {view.warnings.map((w) => (
              <li key={`${w.sequenceNumber}-${w.message}`}>
                #{w.sequenceNumber}: {w.message}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
