"use client";
import { useEffect, useId, useRef, useState } from "react";
import { AsOfPicker } from "@/components/ui/as-of-picker";
import { DELINQUENCY_BUCKETS, type DelinquencyBucket } from "@/lib/due/buckets";
import { formatStatus } from "@/lib/presentation/format";
import { LOAN_STATUSES, type LoanStatus } from "@/lib/replay/state";
import { bucketText } from "./cells";

interface LoansToolbarProps {
  search: string;
  status: LoanStatus | null;
  statusCounts: Record<LoanStatus, number>;
  bucket: DelinquencyBucket | null;
  bucketCounts: Record<DelinquencyBucket, number>;
  asOf: string;
  today: string;
  pending: boolean;
  onSearch(search: string): void;
  onStatus(status: LoanStatus | null): void;
  onBucket(bucket: DelinquencyBucket | null): void;
  onAsOf(asOf: string): void;
}

/** Search (debounced), status and delinquency filters and the as-of date of the loans table. */
export function LoansToolbar(props: LoansToolbarProps) {
  const { search, status, statusCounts, asOf, today, pending, onSearch, onStatus, onAsOf } = props;
  const { bucket, bucketCounts, onBucket } = props;
  const searchId = useId();
  const statusId = useId();
  const bucketId = useId();
  const [text, setText] = useState(search);
  const sent = useRef(search);
  const onSearchRef = useRef(onSearch);
  onSearchRef.current = onSearch;

  useEffect(() => {
    const wanted = text.trim();
    if (wanted === sent.current) return;
    const timer = setTimeout(() => {
      sent.current = wanted;
      onSearchRef.current(wanted);
    }, 250);
    return () => clearTimeout(timer);
  }, [text]);

  return (
    <div className="toolbar">
      <div className="field">
        <label htmlFor={searchId}>Search loans</label>
        <input
          id={searchId}
          type="search"
          placeholder="Loan number or borrower name"
          value={text}
          autoComplete="off"
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={statusId}>Status</label>
        <select
          id={statusId}
          value={status ?? ""}
          onChange={(e) => onStatus((e.target.value || null) as LoanStatus | null)}
        >
          <option value="">All statuses</option>
          {LOAN_STATUSES.filter((s) => s !== "none").map((s) => (
            <option key={s} value={s}>
              {formatStatus(s)} ({statusCounts[s]})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={bucketId}>Delinquency</label>
        <select
          id={bucketId}
          value={bucket ?? ""}
          onChange={(e) => onBucket((e.target.value || null) as DelinquencyBucket | null)}
        >
          <option value="">All buckets</option>
          {DELINQUENCY_BUCKETS.map((b) => (
            <option key={b} value={b}>
              {b === "current" ? bucketText(b) : `${bucketText(b)} past due`} ({bucketCounts[b]})
            </option>
          ))}
        </select>
      </div>
      <AsOfPicker value={asOf} today={today} pending={pending} onChange={onAsOf} />
    </div>
  );
}
