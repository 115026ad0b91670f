import { StatusBadge } from "@/components/ui/status-badge";
import { formatCurrency, formatRate } from "@/lib/presentation/format";
import type { LoanStanding } from "@/lib/replay/state";

interface LoanHeaderProps {
  loanNumber: string;
  borrowerName: string;
  product: string;
  snapshot: LoanStanding;
  asOf: string;
}

/** Who and what: borrower, loan number, status and terms as of the date shown. */
export function LoanHeader({ loanNumber, borrowerName, product, snapshot, asOf }: LoanHeaderProps) {
  const terms = snapshot.terms;
  return (
    <header className="loan-header">
      <div>
        <h1>
          {borrowerName} <span className="muted">· {loanNumber}</span>
        </h1>
        <p className="muted">
          {product === "standard" ? "Standard" : product} loan
          {snapshot.originationDate ? `, originated ${snapshot.originationDate}` : ""} · status as
          of {asOf}: <StatusBadge status={snapshot.status} />
        </p>
      </div>
      {terms ? (
        <dl className="terms" aria-label="Terms">
          <div>
            <dt>Rate</dt>
            <dd>{formatRate(terms.annualRate)}</dd>
          </div>
          <div>
            <dt>Term</dt>
            <dd>{terms.termMonths} months</dd>
          </div>
          <div>
            <dt>Payment</dt>
            <dd>{formatCurrency(terms.paymentAmount)}</dd>
          </div>
          <div>
            <dt>Day count</dt>
            <dd>{terms.dayCount}</dd>
          </div>
          <div>
            <dt>First due</dt>
            <dd>{terms.firstPaymentDate}</dd>
          </div>
          <div>
            <dt>Maturity</dt>
            <dd>{terms.maturityDate}</dd>
          </div>
        </dl>
      ) : (
        <p className="muted">Not yet originated on this date.</p>
      )}
    </header>
  );
}
