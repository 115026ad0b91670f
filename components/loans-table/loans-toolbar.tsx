"use client";
import { useEffect, useId, useRef, useState } from "react";
import { AsOfPicker } from "@/components/ui/as-of-picker";
import { formatStatus } from "@/lib/presentation/format";
import { LOAN_STATUSES, type LoanStatus } from "@/lib/replay/state";

interface LoansToolbarProps {
  search: string;
  status: LoanStatus | null;
  statusCounts: Record<LoanStatus, number>;
  asOf: string;
  today: string;
  pending: boolean;
  onSearch(search: string): void;
  onStatus(status: LoanStatus | null): void;
  onAsOf(asOf: string): void;
}

/** Search (debounced), status filter and the as-of date of the loans table. */
export function LoansToolbar(props: LoansToolbarProps) {
  const { search, status, statusCounts, asOf, today, pending, onSearch, onStatus, onAsOf } = props;
  const searchId = useId();
  const statusId = useId();
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
      <AsOfPicker value={asOf} today={today} pending={pending} onChange={onAsOf} />
    </div>
  );
}
