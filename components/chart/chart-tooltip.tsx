import type { TooltipContentProps } from "recharts";
import type { SeriesPoint } from "@/lib/presentation/balance-series";
import { formatExactCurrency } from "@/lib/presentation/format";

/** Exact figures (decimal strings, never the plotted numbers) for the day under the cursor. */
export function BalanceTooltip({ active, payload }: Partial<TooltipContentProps>) {
  const point = active ? (payload?.[0]?.payload as SeriesPoint | undefined) : undefined;
  if (!point) return null;
  return (
    <div className="chart-tooltip">
      <strong>{point.date}</strong>
      <dl>
        <dt>Principal</dt>
        <dd>{formatExactCurrency(point.exact.principal)}</dd>
        <dt>Interest</dt>
        <dd>{formatExactCurrency(point.exact.interest)}</dd>
        <dt>Fees</dt>
        <dd>{formatExactCurrency(point.exact.fees)}</dd>
        <dt>Total</dt>
        <dd>{formatExactCurrency(point.exact.total)}</dd>
      </dl>
      {point.markers.length > 0 ? (
        <ul>
          {point.markers.slice(0, 6).map((m) => (
            <li key={m.sequenceNumber}>{m.label}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
