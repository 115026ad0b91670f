"use client";
import { useId, useMemo, useState, useTransition } from "react";
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
import type { Action } from "@/app/_lib/action-result";
import { fromEpochDay, toEpochDay } from "@/lib/dates";
import { bucketLabel, dayCount } from "@/lib/presentation/due";
import {
  type DelinquencyPoint,
  type DelinquencySeries,
  mergePoints,
  type SeriesGap,
  seriesGaps,
  worstDaysPastDue,
} from "@/lib/presentation/due-series";
import { formatCurrency } from "@/lib/presentation/format";
import styles from "./due.module.css";

const SOURCE_LABELS: Record<DelinquencyPoint["source"], string> = {
  "month-end": "month end",
  "as-of": "as-of date",
  today: "today",
  filled: "filled in",
};

export interface GapsRequest {
  loanNumber: string;
  gaps: SeriesGap[];
}

interface Plotted extends Omit<DelinquencyPoint, "daysPastDue"> {
  day: number;
  /** null: a break in the line (a gap not filled in). */
  daysPastDue: number | null;
}

/** The points to plot, with a break in the middle of every gap not filled in. */
function plotted(points: readonly DelinquencyPoint[], gaps: readonly SeriesGap[]): Plotted[] {
  const out: Plotted[] = points.map((p) => ({ ...p, day: toEpochDay(p.date) }));
  for (const g of gaps) {
    const day = Math.round((toEpochDay(g.from) + toEpochDay(g.to)) / 2);
    out.push({
      date: fromEpochDay(day),
      day,
      daysPastDue: null,
      bucket: "current",
      amountPastDue: "0.00",
      source: "filled",
    });
  }
  return out.sort((a, b) => a.day - b.day);
}

function PointTooltip({ active, payload }: { active?: boolean; payload?: { payload: Plotted }[] }) {
  const p = active ? payload?.[0]?.payload : undefined;
  if (!p || p.daysPastDue === null) return null;
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
export function DelinquencyChart({
  series,
  asOf,
  loanNumber,
  fill,
}: {
  series: DelinquencySeries;
  asOf: string;
  loanNumber?: string;
  /** Fills in the month ends and due dates inside the gaps (a server action). */
  fill?: Action<GapsRequest, DelinquencyPoint[]>;
}) {
  const captionId = useId();
  const [all, setAll] = useState<readonly DelinquencyPoint[]>(series.points);
  const [gaps, setGaps] = useState<SeriesGap[]>(() => seriesGaps(series.points));
  const [fillError, setFillError] = useState<string | null>(null);
  const [filling, startFilling] = useTransition();
  const points = useMemo(() => plotted(all, gaps), [all, gaps]);
  const worst = worstDaysPastDue(all);
  const fillIn = () => {
    if (!fill || !loanNumber) return;
    const asked = gaps.slice(0, 6);
    startFilling(async () => {
      const result = await fill({ loanNumber, gaps: asked });
      if (!result.ok) {
        setFillError(result.error);
        return;
      }
      setFillError(null);
      setAll((current) => mergePoints(current, result.data));
      setGaps((current) => current.filter((g) => !asked.includes(g)));
    });
  };
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
          {all.length} {all.length === 1 ? "date" : "dates"}, at most {dayCount(worst)}
        </span>
      </div>
      {all.length < 2 ? (
        <p className="muted">
          Not enough month ends to chart yet: the loan is {dayCount(all[0]?.daysPastDue ?? 0)} past
          due today.
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
                connectNulls={false}
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
      {gaps.length > 0 ? (
        <div className={styles.gapNote} data-testid="dpd-gaps">
          <p>
            No month-end figures{" "}
            {gaps.map((g, i) => (
              <span key={g.from}>
                {i > 0 ? ", " : ""}
                between {g.from} and {g.to}
              </span>
            ))}{" "}
            (the snapshots there were replaced by a later correction, or not kept): the line breaks
            there.
          </p>
          {fill && loanNumber ? (
            <button type="button" onClick={fillIn} disabled={filling} aria-busy={filling}>
              {filling ? "Filling in…" : "Fill in those month ends and due dates"}
            </button>
          ) : null}
          {fillError ? (
            <p className="error" role="alert">
              {fillError}
            </p>
          ) : null}
        </div>
      ) : null}
      {all.length > 0 ? (
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
              {all.map((p) => (
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
