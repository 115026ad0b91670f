/**
 * The audit log's state as it lives in the URL: what a query is and how it is
 * written back into a query string. Pure, used by the server page and the
 * browser's filter form alike (parsing and validation are in ../_server/query.ts).
 */
import type { EventType } from "@/lib/events/event-types";

export const AUDIT_PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;

export type AuditDateField = "effective" | "recorded";
export type AuditOrder = "newest" | "oldest";

interface AuditQueryFilter {
  /** Which date `from`/`to` apply to. */
  dateField: AuditDateField;
  from?: string;
  to?: string;
  /** Empty means every type. */
  eventTypes: EventType[];
  loanNumber?: string;
  recordedBy?: string;
}

export interface AuditQuery {
  filter: AuditQueryFilter;
  order: AuditOrder;
  /** Keyset cursors (event ids): the page after this row, or the page before it. */
  after?: number;
  before?: number;
  pageSize: number;
}

/** The filter and order as query parameters (defaults left out, so links stay short). */
function auditParams(query: Omit<AuditQuery, "after" | "before">): URLSearchParams {
  const params = new URLSearchParams();
  const f = query.filter;
  if (f.dateField !== "effective") params.set("dates", f.dateField);
  if (f.from) params.set("from", f.from);
  if (f.to) params.set("to", f.to);
  for (const type of f.eventTypes) params.append("type", type);
  if (f.loanNumber) params.set("loan", f.loanNumber);
  if (f.recordedBy) params.set("by", f.recordedBy);
  if (query.order !== "newest") params.set("order", query.order);
  if (query.pageSize !== DEFAULT_PAGE_SIZE) params.set("size", String(query.pageSize));
  return params;
}

/**
 * "?type=payment&after=123": the query string of one page. Without a cursor it
 * is the first page (a changed filter always starts there).
 */
export function auditSearch(
  query: Omit<AuditQuery, "after" | "before">,
  page: { after?: number; before?: number } = {},
): string {
  const params = auditParams(query);
  if (page.after) params.set("after", String(page.after));
  if (page.before) params.set("before", String(page.before));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The export link for the same filter (every matching row, oldest first). */
export function auditExportHref(query: Omit<AuditQuery, "after" | "before">): string {
  const params = auditParams({ ...query, order: "newest", pageSize: DEFAULT_PAGE_SIZE });
  const text = params.toString();
  return `/audit/export.csv${text ? `?${text}` : ""}`;
}
