import Link from "next/link";
import { Money } from "@/components/ui/money";
import { StatusBadge } from "@/components/ui/status-badge";
import type { DelinquencyBucket } from "@/lib/due";
import { formatDate } from "@/lib/presentation/format";
import styles from "./loans-table.module.css";

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

/** "Current", "1-29 days", … "120+ days": the bucket in words (the colour only repeats them). */
export function bucketText(bucket: DelinquencyBucket): string {
  return bucket === "current" ? "Current" : `${bucket} days`;
}

const SEVERITY: Record<DelinquencyBucket, string> = {
  current: styles.current ?? "",
  "1-29": styles.early ?? "",
  "30-59": styles.late ?? "",
  "60-89": styles.late ?? "",
  "90-119": styles.serious ?? "",
  "120+": styles.serious ?? "",
};

export function BucketCell({ bucket }: { bucket: DelinquencyBucket }) {
  return (
    <span className={`badge ${styles.bucket} ${SEVERITY[bucket]}`} data-bucket={bucket}>
      {bucketText(bucket)}
    </span>
  );
}

export function DaysCell({ days }: { days: number }) {
  return <span data-days-past-due={days}>{days === 0 ? "0" : days.toLocaleString("en-US")}</span>;
}
