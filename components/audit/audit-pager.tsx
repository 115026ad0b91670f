"use client";
import type { AuditPageView } from "@/app/audit/_server/audit-page";

interface AuditPagerProps {
  page: Pick<AuditPageView, "isFirstPage" | "previousBefore" | "nextAfter" | "rows">;
  pending: boolean;
  onFirst(): void;
  onPrevious(before: number): void;
  onNext(after: number): void;
}

/** Keyset paging: first, previous and next page (positions are not numbered). */
export function AuditPager({ page, pending, onFirst, onPrevious, onNext }: AuditPagerProps) {
  const { isFirstPage, previousBefore, nextAfter, rows } = page;
  return (
    <nav className="pagination" aria-label="Audit log pages">
      <span>
        {rows.length} {rows.length === 1 ? "event" : "events"} on this page
      </span>
      <button type="button" onClick={onFirst} disabled={pending || isFirstPage}>
        First page
      </button>
      <button
        type="button"
        onClick={() => previousBefore !== null && onPrevious(previousBefore)}
        disabled={pending || previousBefore === null}
      >
        Previous page
      </button>
      <button
        type="button"
        onClick={() => nextAfter !== null && onNext(nextAfter)}
        disabled={pending || nextAfter === null}
      >
        Next page
      </button>
    </nav>
  );
}
