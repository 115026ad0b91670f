import { formatStatus } from "@/lib/presentation/format";

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status}`}>{formatStatus(status)}</span>;
}
