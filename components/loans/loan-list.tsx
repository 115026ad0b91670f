import Link from "next/link";
import type { LoanListRow } from "@/db/queries/loans";

export function LoanList({ loans }: { loans: LoanListRow[] }) {
  if (loans.length === 0) return <p className="muted">No loans yet.</p>;
  return (
    <table aria-label="Loans">
      <thead>
        <tr>
          <th>Loan number</th>
          <th>Borrower</th>
          <th>Product</th>
          <th className="num">Events</th>
          <th>Last event</th>
        </tr>
      </thead>
      <tbody>
        {loans.map((loan) => (
          <tr key={loan.loanNumber}>
            <td>
              <Link href={`/loans/${loan.loanNumber}`}>{loan.loanNumber}</Link>
            </td>
            <td>{loan.borrowerName}</td>
            <td>{loan.product}</td>
            <td className="num">{loan.eventCount}</td>
            <td>{loan.lastEventDate ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
