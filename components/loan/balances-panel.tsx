"use client";
import { type ReactNode, useId, useState } from "react";
import { Money } from "@/components/ui/money";
import { StatusBadge } from "@/components/ui/status-badge";
import type { AsOfView } from "@/lib/presentation/as-of-view";
import { type BreakdownFigure, balanceBreakdown } from "@/lib/presentation/balance-breakdown";
import { formatCurrency, formatTimestamp } from "@/lib/presentation/format";
import type { TimelineFilter } from "@/lib/presentation/timeline";
import { FigureBreakdown } from "./figure-breakdown";

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

/** A balance whose value opens how it adds up (the button's name starts with the figure it shows). */
function OpeningFigure({
  label,
  value,
  field,
  strong,
  open,
  controls,
  onToggle,
}: {
  label: string;
  value: string;
  field: BreakdownFigure;
  strong?: boolean;
  open: boolean;
  controls: string;
  onToggle(field: BreakdownFigure): void;
}) {
  return (
    <div className={strong ? "figure strong" : "figure"}>
      <dt>{label}</dt>
      <dd data-testid={`figure-${field}`}>
        <button
          type="button"
          className="figure-button"
          aria-expanded={open}
          aria-controls={open ? controls : undefined}
          onClick={() => onToggle(field)}
          aria-label={`${formatCurrency(value)}: how ${label.toLowerCase()} adds up`}
        >
          <Money value={value} />
        </button>
      </dd>
    </div>
  );
}

/**
 * The reconstructed balances and paid-to-date totals for the as-of date
 * (then `children`: interest accrued). Each balance opens how it adds up,
 * and each part of that opens its events in the timeline (`onShowEvents`).
 */
export function BalancesPanel({
  view,
  pending,
  children,
  onShowEvents,
}: {
  view: AsOfView;
  pending: boolean;
  children?: ReactNode;
  onShowEvents?(filter: TimelineFilter): void;
}) {
  const s = view.snapshot;
  const t = s.totals;
  const breakdownId = useId();
  const [open, setOpen] = useState<BreakdownFigure | null>(null);
  const toggle = (field: BreakdownFigure) => setOpen((now) => (now === field ? null : field));
  const opening = { controls: breakdownId, onToggle: toggle };
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
        <OpeningFigure
          label="Principal"
          field="principal"
          value={s.principal}
          open={open === "principal"}
          {...opening}
        />
        <OpeningFigure
          label="Interest"
          field="interest"
          value={s.interest}
          open={open === "interest"}
          {...opening}
        />
        <OpeningFigure
          label="Fees"
          field="fees"
          value={s.fees}
          open={open === "fees"}
          {...opening}
        />
        <OpeningFigure
          label="Total outstanding"
          field="totalOutstanding"
          value={s.totalOutstanding}
          strong
          open={open === "totalOutstanding"}
          {...opening}
        />
        <div className="figure">
          <dt>Status</dt>
          <dd data-testid="figure-status">
            <StatusBadge status={s.status} />
          </dd>
        </div>
      </dl>
      {open ? (
        <FigureBreakdown
          id={breakdownId}
          breakdown={balanceBreakdown(s, open)}
          asOf={view.asOf}
          onShowEvents={onShowEvents}
          onOpen={setOpen}
          onClose={() => setOpen(null)}
        />
      ) : null}
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
