import type { TooltipContentProps } from "recharts";
import { moneyString, toMoney } from "@/lib/money";
import { pointDate, type SeriesMarker, type SeriesPoint } from "@/lib/presentation/balance-series";
import { formatCurrency } from "@/lib/presentation/format";

/** A point as the chart draws it: the exact figures plus numbers for the lines. */
export interface PlotPoint extends SeriesPoint {
  p: number;
  i: number;
  f: number;
  /** The marked events since the previous point (up to this one's day). */
  marked: SeriesMarker[];
}

/**
 * The figures for the point under the cursor, to the cent (from the exact
 * decimal strings, never the plotted numbers; the balances panel keeps the
 * exact values), and what a click does.
 */
export function BalanceTooltip({ active, payload }: Partial<TooltipContentProps>) {
  const point = active ? (payload?.[0]?.payload as PlotPoint | undefined) : undefined;
  if (!point) return null;
  const total = moneyString(
    toMoney(point.principal).plus(toMoney(point.interest)).plus(toMoney(point.fees)),
  );
  return (
    <div className="chart-tooltip">
      <strong>{pointDate(point)}</strong>
      <dl>
        <dt>Principal</dt>
        <dd>{formatCurrency(point.principal)}</dd>
        <dt>Interest</dt>
        <dd>{formatCurrency(point.interest)}</dd>
        <dt>Fees</dt>
        <dd>{formatCurrency(point.fees)}</dd>
        <dt>Total</dt>
        <dd>{formatCurrency(total)}</dd>
      </dl>
      {point.marked.length > 0 ? (
        <ul>
          {point.marked.slice(0, 6).map((m) => (
            <li key={m.sequenceNumber}>{m.label}</li>
          ))}
        </ul>
      ) : null}
      <p className="chart-tooltip-hint">Click to see the balances as of this date</p>
    </div>
  );
}
