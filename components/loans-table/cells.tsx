import Link from "next/link";
import { Money } from "@/components/ui/money";
import { StatusBadge } from "@/components/ui/status-badge";
import { formatDate } from "@/lib/presentation/format";

export function LoanNumberCell({ loanNumber, asOf }: { loanNumber: string; asOf: string }) {
  return (
    <Link
      href={`/loans/${loanNumber}?asOf=${asOf}`}
      className="loan-link"
      onClick={(e) => e.stopPropagation()}
    >
      {loanNumber}
    </Link>
  );
}

export function MoneyCell({ value }: { value: string }) {
  return <Money value={value} />;
}

export function StatusCell({ status }: { status: string }) {
  return <StatusBadge status={status} />;
}

export function DateCell({ date }: { date: string | null }) {
  return <span className="date">{formatDate(date)}</span>;
}
