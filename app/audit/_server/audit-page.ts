/**
 * One page of the audit log for a query, with keyset cursors both ways. A
 * function of the database so tests call it without Next.
 *
 * Next pages read forward from the last row shown (`after`); previous pages
 * read backward from the first row shown (`before`) and are put back in order.
 * A backward read that reaches the start of the log is served as the first
 * page itself, so "Previous" never leaves a short page at the top.
 */

import type { Database } from "@/db/client";
import { type AuditFilter, listAuditEvents } from "@/db/event-store/audit-log";
import type { AuditQuery } from "../_lib/audit-url";
import { reversalsOfRows } from "./reversals";
import { type AuditRowView, toAuditRowView } from "./row-view";

export interface AuditPageView {
  rows: AuditRowView[];
  /** Matching events, counted up to COUNT_CAP. */
  total: number;
  totalIsCapped: boolean;
  /** Cursors for the neighbouring pages (null when there is none). */
  previousBefore: number | null;
  nextAfter: number | null;
  isFirstPage: boolean;
}

export function toAuditFilter(query: Pick<AuditQuery, "filter">): AuditFilter {
  const { dateField, from, to, eventTypes, loanNumber, recordedBy } = query.filter;
  return { dateField, from, to, eventTypes, loanNumber, recordedBy };
}

async function forward(db: Database, query: AuditQuery, after: number | undefined) {
  const page = await listAuditEvents(db, {
    filter: toAuditFilter(query),
    cursor: after,
    direction: query.order,
    pageSize: query.pageSize,
  });
  const reversals = await reversalsOfRows(db, page.rows);
  const rows = page.rows.map((r) => toAuditRowView(r, reversals.get(r.loanNumber)));
  return {
    rows,
    total: page.total,
    totalIsCapped: page.totalIsCapped,
    previousBefore: after === undefined ? null : (rows[0]?.id ?? null),
    nextAfter: page.nextCursor,
    isFirstPage: after === undefined,
  };
}

export async function loadAuditPage(db: Database, query: AuditQuery): Promise<AuditPageView> {
  if (query.before === undefined) return forward(db, query, query.after);
  const page = await listAuditEvents(db, {
    filter: toAuditFilter(query),
    cursor: query.before,
    direction: query.order === "newest" ? "oldest" : "newest",
    pageSize: query.pageSize,
  });
  if (page.nextCursor === null) return forward(db, query, undefined);
  const reversals = await reversalsOfRows(db, page.rows);
  const rows = page.rows.map((r) => toAuditRowView(r, reversals.get(r.loanNumber))).reverse();
  return {
    rows,
    total: page.total,
    totalIsCapped: page.totalIsCapped,
    previousBefore: rows[0]?.id ?? null,
    nextAfter: rows.at(-1)?.id ?? null,
    isFirstPage: false,
  };
}
