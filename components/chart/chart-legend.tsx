import { MARKER_KINDS } from "@/lib/presentation/event-labels";

export const SERIES_COLORS = {
  principal: "#1f5fbf",
  interest: "#d4a72c",
  fees: "#cf222e",
} as const;

/** What the lines and the event markers mean. */
export function ChartLegend() {
  return (
    <ul className="chart-legend" aria-label="Chart legend">
      <li>
        <span className="swatch line" style={{ background: SERIES_COLORS.principal }} /> Principal
        (left axis)
      </li>
      <li>
        <span className="swatch line" style={{ background: SERIES_COLORS.interest }} /> Interest
        (right axis)
      </li>
      <li>
        <span className="swatch line" style={{ background: SERIES_COLORS.fees }} /> Fees (right
        axis)
      </li>
      {Object.entries(MARKER_KINDS).map(([kind, { label, color }]) => (
        <li key={kind}>
          <span className="swatch dot" style={{ background: color }} /> {label}
        </li>
      ))}
    </ul>
  );
}
