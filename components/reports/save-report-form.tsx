"use client";
import { useActionState } from "react";
import type { ActionResult } from "@/app/_lib/action-result";
import type { ReportQuery } from "@/app/reports/_lib/report-url";
import styles from "./reports.module.css";

export type SaveReport = (
  previous: ActionResult<{ id: number }> | null,
  input: FormData,
) => Promise<ActionResult<{ id: number }>>;

/**
 * "Save report": files the report on screen, pinned to the knowledge it was
 * computed with (its "as known at"), so the filed figures are the ones shown.
 * On success the server action opens the filed copy.
 */
export function SaveReportForm({ query, save }: { query: ReportQuery; save: SaveReport }) {
  const [result, action, pending] = useActionState(save, null);
  return (
    <form action={action} className={styles.saveForm} aria-label="Save report">
      <input type="hidden" name="asOf" value={query.asOf} />
      {query.knownAt ? <input type="hidden" name="knownAt" value={query.knownAt} /> : null}
      <button type="submit" className="primary" disabled={pending}>
        {pending ? "Saving…" : "Save report"}
      </button>
      {pending ? <span className="spinner" aria-hidden="true" /> : null}
      {result && !result.ok ? (
        <span className="error" role="alert">
          {result.error}
        </span>
      ) : null}
    </form>
  );
}
