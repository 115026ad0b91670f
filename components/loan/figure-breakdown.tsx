"use client";
import { Money } from "@/components/ui/money";
import {
  type Breakdown,
  type BreakdownFigure,
  breakdownFilter,
} from "@/lib/presentation/balance-breakdown";
import { formatCurrency, formatCurrencyChange } from "@/lib/presentation/format";
import type { TimelineFilter } from "@/lib/presentation/timeline";

interface FigureBreakdownProps {
  id: string;
  breakdown: Breakdown;
  asOf: string;
  /** Open these events in the timeline (filtered, effective through the as-of date). */
  onShowEvents?(filter: TimelineFilter): void;
  /** Open another figure's breakdown (the total's parts). */
  onOpen(figure: BreakdownFigure): void;
  onClose(): void;
}

/** "Interest $123.45 = accrued $200.00 − paid $76.55": each line with a way to its events. */
export function FigureBreakdown({
  id,
  breakdown,
  asOf,
  onShowEvents,
  onOpen,
  onClose,
}: FigureBreakdownProps) {
  const headingId = `${id}-heading`;
  return (
    <section
      id={id}
      className="figure-breakdown"
      aria-labelledby={headingId}
      data-testid={`breakdown-${breakdown.figure}`}
    >
      <h3 id={headingId}>
        {breakdown.label} as of {asOf}: how it adds up
      </h3>
      <table>
        <tbody>
          {breakdown.lines.map((line) => {
            const filter = breakdownFilter(line, asOf);
            const opens = line.figure;
            return (
              <tr key={line.key} data-line={line.key}>
                <th scope="row">{line.label}</th>
                <td className="num">
                  {opens ? (
                    <Money value={line.amount} />
                  ) : (
                    <span data-exact={line.amount}>{formatCurrencyChange(line.amount)}</span>
                  )}
                </td>
                <td>
                  {opens ? (
                    <button type="button" className="link-button" onClick={() => onOpen(opens)}>
                      How {line.label.toLowerCase()} adds up
                    </button>
                  ) : filter && line.events && onShowEvents ? (
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => onShowEvents(filter)}
                    >
                      Show the {line.events.noun}
                    </button>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">= {breakdown.label}</th>
            <td className="num">
              <Money value={breakdown.value} />
            </td>
            <td />
          </tr>
        </tfoot>
      </table>
      {breakdown.balanced ? null : (
        <p className="error" role="alert">
          These lines do not add up to {formatCurrency(breakdown.value)}: the timeline is the full
          record.
        </p>
      )}
      <p className="muted small">
        From the totals replayed through {asOf}; each “Show” opens those events in the timeline,
        effective through {asOf}.{" "}
        <button type="button" className="link-button" onClick={onClose}>
          Close
        </button>
      </p>
    </section>
  );
}
