import { Money } from "@/components/ui/money";
import { TableScroll } from "@/components/ui/table-scroll";
import type { PaymentView } from "@/lib/replay/state";

/** "Was my payment applied?": the latest payments in effect and how each was applied. */
export function RecentPayments({ payments, total }: { payments: PaymentView[]; total: number }) {
  return (
    <section className="panel" aria-labelledby="payments-heading">
      <h2 id="payments-heading">
        Latest payments{" "}
        <span className="muted small">
          ({payments.length} of {total} in effect)
        </span>
      </h2>
      {payments.length === 0 ? (
        <p className="muted">No payments in effect on this date.</p>
      ) : (
        <TableScroll label="Latest payments">
          <table aria-label="Latest payments">
            <thead>
              <tr>
                <th className="num">#</th>
                <th>Effective</th>
                <th className="num">Amount</th>
                <th className="num">Fees</th>
                <th className="num">Interest</th>
                <th className="num">Principal</th>
                <th>Applied</th>
              </tr>
            </thead>
            <tbody>
              {payments.map((p) => (
                <tr key={p.sequenceNumber} className={p.reversed ? "reversed" : undefined}>
                  <td className="num">{p.sequenceNumber}</td>
                  <td>{p.effectiveDate}</td>
                  <td className="num">
                    <Money value={p.amount} />
                  </td>
                  <td className="num">
                    <Money value={p.allocation.fees} />
                  </td>
                  <td className="num">
                    <Money value={p.allocation.interest} />
                  </td>
                  <td className="num">
                    <Money value={p.allocation.principal} />
                  </td>
                  <td>
                    {p.reversed
                      ? `Reversed by #${p.reversedBy}`
                      : p.kind === "recovery"
                        ? "Recovery"
                        : "Applied"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
