import { FigureValue } from "@/components/ui/figure-value";
import { TableScroll } from "@/components/ui/table-scroll";
import { moneyString, toMoney } from "@/lib/money";
import { formatCurrencyChange } from "@/lib/presentation/format";
import { ALL_FIGURES, type Figure, visibleFigures } from "@/lib/presentation/standing-figures";
import type { LoanStanding } from "@/lib/replay/state";

function change(figure: Figure, before: LoanStanding, after: LoanStanding): string | null {
  const a = figure.read(after);
  const b = figure.read(before);
  if (a === b) return null;
  if (figure.format === "money" && typeof a === "string" && typeof b === "string") {
    const delta = toMoney(a).minus(toMoney(b));
    return delta.isZero() ? null : formatCurrencyChange(moneyString(delta));
  }
  return "changed";
}

/** Every figure before and after an event; the ones that changed are highlighted. */
export function StandingCompare({
  before,
  after,
  label = "State before and after the event",
}: {
  before: LoanStanding;
  after: LoanStanding;
  label?: string;
}) {
  return (
    <TableScroll label={label}>
      <table className="compare" aria-label={label}>
        <thead>
          <tr>
            <th>Figure</th>
            <th className="num">Before</th>
            <th className="num">After</th>
            <th className="num">Change</th>
          </tr>
        </thead>
        <tbody>
          {visibleFigures(ALL_FIGURES, before, after).map((figure) => {
            const delta = change(figure, before, after);
            return (
              <tr
                key={figure.field}
                className={delta ? "changed" : undefined}
                data-field={figure.field}
                data-changed={delta ? "true" : "false"}
              >
                <th scope="row">{figure.label}</th>
                <td className="num" data-testid={`before-${figure.field}`}>
                  <FigureValue value={figure.read(before)} format={figure.format} />
                </td>
                <td className="num" data-testid={`after-${figure.field}`}>
                  <FigureValue value={figure.read(after)} format={figure.format} />
                </td>
                <td className="num">
                  {delta ? (
                    <span className="delta">{delta}</span>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
