"use client";
import { useId } from "react";

interface PaginationProps {
  page: number;
  pageCount: number;
  pageSize: number;
  pageSizes: readonly number[];
  total: number;
  onPage(page: number): void;
  onPageSize(size: number): void;
}

export function Pagination(props: PaginationProps) {
  const { page, pageCount, pageSize, pageSizes, total, onPage, onPageSize } = props;
  const sizeId = useId();
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav className="pagination" aria-label="Pagination">
      <span role="status">
        {first}–{last} of {total} loans
      </span>
      <button type="button" onClick={() => onPage(1)} disabled={page <= 1}>
        First
      </button>
      <button type="button" onClick={() => onPage(page - 1)} disabled={page <= 1}>
        Previous
      </button>
      <span>
        Page {page} of {pageCount}
      </span>
      <button type="button" onClick={() => onPage(page + 1)} disabled={page >= pageCount}>
        Next
      </button>
      <button type="button" onClick={() => onPage(pageCount)} disabled={page >= pageCount}>
        Last
      </button>
      <label htmlFor={sizeId}>Rows per page</label>
      <select id={sizeId} value={pageSize} onChange={(e) => onPageSize(Number(e.target.value))}>
        {pageSizes.map((size) => (
          <option key={size} value={size}>
            {size}
          </option>
        ))}
      </select>
    </nav>
  );
}
