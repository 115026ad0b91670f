"use client";
import { useId, useMemo } from "react";
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { fromEpochDay, toEpochDay } from "@/lib/dates";
import { bucketLabel, dayCount } from "@/lib/presentation/due";
import {
  type DelinquencyPoint,
  type DelinquencySeries,
  worstDaysPastDue,
} from "@/lib/presentation/due-series";
import { formatCurrency } from "@/lib/presentation/format";
import styles from "./due.module.css";

const SOURCE_LABELS: Record<DelinquencyPoint["source"], string> = {
  "month-end": "month end",
  "as-of": "as-of date",
  today: "today",
};

interface Plotted extends DelinquencyPoint {
  day: number;
}

function PointTooltip({ active, payload }: { active?: boolean; payload?: { payload: Plotted }[] }) {
  const p = active ? payload?.[0]?.payload : undefined;
  if (!p) return null;
  return (
    <div className="chart-tooltip">
      <strong>
        {p.date} ({SOURCE_LABELS[p.source]})
      </strong>
      <div>
        {dayCount(p.daysPastDue)} past due, {bucketLabel(p.bucket)}
      </div>
      <div>Past due {formatCurrency(p.amountPastDue)}</div>
    </div>
  );
}

/**
 * Days past due over the loan's life, under the balance chart: the same
 * month-end snapshot dates, the as-of date and today, as known now.
 */
export function DelinquencyChart({ series, asOf }: { series: DelinquencySeries; asOf: string }) {
  const captionId = useId();
  const points = useMemo<Plotted[]>(
    () => series.points.map((p) => ({ ...p, day: toEpochDay(p.date) })),
    [series],
  );
  const worst = worstDaysPastDue(series.points);
  const first = points[0]?.day ?? toEpochDay(asOf);
  const last = points.at(-1)?.day ?? toEpochDay(asOf);
  const asOfDay = toEpochDay(asOf);
  // The bucket boundaries, then every 60 days above them.
  const top =
    worst <= 120
      ? Math.max(30, Math.ceil((worst + 1) / 30) * 30)
      : Math.ceil((worst + 1) / 60) * 60;
  const bands = [30, 60, 90, 120].filter((d) => d <= top);
  const ticks = [0, ...bands];
  for (let d = 180; d <= top; d += 60) ticks.push(d);
  return (
    <section className="panel" aria-labelledby="dpd-heading" data-testid="dpd-chart">
      <div className="panel-title">
        <h2 id="dpd-heading">Days past due over time</h2>
        <span className="muted small">
          {points.length} {points.length === 1 ? "date" : "dates"}, at most {dayCount(worst)}
        </span>
      </div>
      {points.length < 2 ? (
        <p className="muted">
          Not enough month ends to chart yet: the loan is {dayCount(points[0]?.daysPastDue ?? 0)}{" "}
          past due today.
        </p>
      ) : (
        <figure className="chart" aria-labelledby={captionId}>
          <ResponsiveContainer width="100%" height={200}>
            <LineChart data={points} margin={{ top: 12, right: 12, bottom: 4, left: 8 }}>
              <CartesianGrid stroke="#e6e9ef" vertical={false} />
              <XAxis
                dataKey="day"
                type="number"
                domain={[Math.min(first, asOfDay), Math.max(last, asOfDay)]}
                tickFormatter={(day: number) => fromEpochDay(day).slice(0, 7)}
                tickCount={8}
              />
              <YAxis
                domain={[0, top]}
                ticks={ticks}
                interval={0}
                width={64}
                label={{ value: "days", angle: -90, position: "insideLeft", fontSize: 12 }}
              />
              <Tooltip content={<PointTooltip />} isAnimationActive={false} />
              {bands.map((d) => (
                <ReferenceLine key={d} y={d} stroke="#d4a72c" strokeDasharray="2 4" />
              ))}
              <Line
                type="linear"
                dataKey="daysPastDue"
                name="Days past due"
                stroke="#a63b00"
                strokeWidth={2}
                dot={{ r: 3 }}
                isAnimationActive={false}
              />
              <ReferenceLine
                x={asOfDay}
                stroke="#0f2a4a"
                strokeDasharray="4 3"
                label={{ value: `As of ${asOf}`, position: "insideTopRight", fontSize: 12 }}
              />
            </LineChart>
          </ResponsiveContainer>
          <figcaption id={captionId} className={styles.chartNote}>
            Days past due (how long the oldest unpaid installment has been overdue) on each month
            end the balance chart shows, on the as-of date and today, as known now. The lines join
            those dates only: a lapse cured between two of them does not show here; the installments
            table lists every installment's days late. Dotted lines mark the 30, 60, 90 and 120 day
            buckets.
          </figcaption>
        </figure>
      )}
      {points.length > 0 ? (
        <details>
          <summary>Days past due as a table</summary>
          <table aria-label="Days past due by date">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col" className="num">
                  Days past due
                </th>
                <th scope="col">Bucket</th>
                <th scope="col" className="num">
                  Past due
                </th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.date}>
                  <td>
                    {p.date} <span className="muted small">({SOURCE_LABELS[p.source]})</span>
                  </td>
                  <td className="num">{p.daysPastDue}</td>
                  <td>{bucketLabel(p.bucket)}</td>
                  <td className="num">{formatCurrency(p.amountPastDue)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </section>
  );
}
