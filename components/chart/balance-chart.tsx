"use client";
import { useMemo } from "react";
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceDot,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { fromEpochDay, toEpochDay } from "@/lib/dates";
import {
  type BalanceSeries,
  pointDate,
  pointOn,
  type SeriesMarker,
} from "@/lib/presentation/balance-series";
import { MARKER_KINDS } from "@/lib/presentation/event-labels";
import { ChartLegend, SERIES_COLORS } from "./chart-legend";
import { BalanceTooltip, type PlotPoint } from "./chart-tooltip";

const compactMoney = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  notation: "compact",
  maximumFractionDigits: 1,
});

interface BalanceChartProps {
  series: BalanceSeries;
  asOf: string;
  /** A click on the chart: the balances as of the point under the cursor. */
  onPickDate?(date: string): void;
}

/** Plot numbers for the points, each with the markers since the previous point. */
function plotPoints(series: BalanceSeries): PlotPoint[] {
  let m = 0;
  const markers = series.markers;
  return series.points.map((point) => {
    const marked: SeriesMarker[] = [];
    while (m < markers.length && (markers[m] as SeriesMarker).day <= point.day) {
      marked.push(markers[m] as SeriesMarker);
      m++;
    }
    return {
      ...point,
      p: Number(point.principal),
      i: Number(point.interest),
      f: Number(point.fees),
      marked,
    };
  });
}

/**
 * Where a marker sits on the principal line: the step value on a daily
 * series, the straight line between the month ends around it otherwise.
 */
function principalOn(series: BalanceSeries, day: number): number {
  const at = pointOn(series.points, day);
  if (!at) return 0;
  if (series.basis === "daily") return Number(at.principal);
  const next = series.points[series.points.indexOf(at) + 1];
  if (!next || next.day === at.day || day <= at.day) return Number(at.principal);
  const t = (day - at.day) / (next.day - at.day);
  return Number(at.principal) + t * (Number(next.principal) - Number(at.principal));
}

/** Principal, interest and fees over the loan's life, with the as-of date and event markers. */
export function BalanceChart({ series, asOf, onPickDate }: BalanceChartProps) {
  const points = useMemo(() => plotPoints(series), [series]);
  const markers = useMemo(
    () =>
      series.markers.map((m) => ({
        ...m,
        principal: principalOn(series, m.day),
        key: `${m.sequenceNumber}`,
      })),
    [series],
  );
  // Daily points are the balances as they stood; month ends are samples between which the line interpolates.
  const curve = series.basis === "daily" ? "stepAfter" : "linear";
  if (series.points.length === 0) {
    return (
      <section className="panel" aria-label="Balance evolution">
        <p className="muted">No balances to chart yet.</p>
      </section>
    );
  }
  const first = series.points[0]?.day ?? 0;
  const last = series.points.at(-1)?.day ?? 0;
  const asOfDay = toEpochDay(asOf);
  return (
    <section className="panel" aria-labelledby="chart-heading">
      <div className="panel-title">
        <h2 id="chart-heading">Balance evolution</h2>
        <span className="muted small">
          {series.basis === "daily"
            ? `${series.days} days with events${series.sampled ? `, ${series.points.length} plotted` : ""}`
            : `Month ends and the latest event, ${series.points.length} points${series.sampled ? ` of ${series.days}` : ""}`}
        </span>
      </div>
      <figure
        className="chart"
        aria-label={`Principal, interest and fees from ${fromEpochDay(first)} to ${fromEpochDay(last)}`}
      >
        <ResponsiveContainer width="100%" height={300}>
          <LineChart
            data={points}
            margin={{ top: 12, right: 12, bottom: 4, left: 8 }}
            className={onPickDate ? "chart-pickable" : undefined}
            onClick={(state) => {
              const index = Number(state?.activeTooltipIndex);
              const point = Number.isInteger(index) ? points[index] : undefined;
              if (point && onPickDate) onPickDate(pointDate(point));
            }}
          >
            <CartesianGrid stroke="#e6e9ef" vertical={false} />
            <XAxis
              dataKey="day"
              type="number"
              domain={[Math.min(first, asOfDay), Math.max(last, asOfDay)]}
              tickFormatter={(day: number) => fromEpochDay(day).slice(0, 7)}
              tickCount={8}
            />
            <YAxis
              yAxisId="principal"
              tickFormatter={(v: number) => compactMoney.format(v)}
              width={64}
            />
            <YAxis
              yAxisId="small"
              orientation="right"
              tickFormatter={(v: number) => compactMoney.format(v)}
              width={56}
            />
            <Tooltip content={<BalanceTooltip />} isAnimationActive={false} />
            <Line
              yAxisId="principal"
              type={curve}
              dataKey="p"
              name="Principal"
              stroke={SERIES_COLORS.principal}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
            <Line
              yAxisId="small"
              type={curve}
              dataKey="i"
              name="Interest"
              stroke={SERIES_COLORS.interest}
              dot={false}
              isAnimationActive={false}
            />
            <Line
              yAxisId="small"
              type={curve}
              dataKey="f"
              name="Fees"
              stroke={SERIES_COLORS.fees}
              dot={false}
              isAnimationActive={false}
            />
            {markers.map((m) => (
              <ReferenceDot
                key={m.key}
                yAxisId="principal"
                x={m.day}
                y={m.principal}
                r={m.kind === "payment" ? 2.5 : 4}
                fill={MARKER_KINDS[m.kind].color}
                stroke="none"
                ifOverflow="extendDomain"
              />
            ))}
            <ReferenceLine
              yAxisId="principal"
              x={asOfDay}
              stroke="#0f2a4a"
              strokeDasharray="4 3"
              label={{ value: `As of ${asOf}`, position: "insideTopRight", fontSize: 12 }}
            />
          </LineChart>
        </ResponsiveContainer>
        <figcaption className="visually-hidden">
          Balance evolution; the dashed line marks the as-of date {asOf}.
          {onPickDate ? " Clicking a point shows the balances as of its date." : ""}
        </figcaption>
      </figure>
      <ChartLegend />
    </section>
  );
}
