"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState, useTransition } from "react";
import {
  type ReportQuery,
  reportHref,
  reportQueryKey,
  reportQuickPicks,
} from "@/app/reports/_lib/report-url";
import styles from "./reports.module.css";

interface ReportControlsProps {
  query: ReportQuery | null;
  today: string;
}

/** "2025-03-04T23:59:59Z" <-> the datetime-local value "2025-03-04T23:59:59" (UTC). */
function toInput(iso: string): string {
  return iso.replace(/Z$/, "").slice(0, 19);
}
function fromInput(value: string): string {
  return `${value.length === 16 ? `${value}:00` : value.slice(0, 19)}Z`;
}

/**
 * The report's parameters: the report date (with quick picks that run at once)
 * and an optional "as known at" instant. Running writes them to the URL; the
 * server computes the report.
 */
export function ReportControls({ query, today }: ReportControlsProps) {
  const id = useId();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [asOf, setAsOf] = useState(query?.asOf ?? "");
  const [knownAt, setKnownAt] = useState<string | null>(query?.knownAt ?? null);
  // When the URL's query changes (a run, a quick pick, back/forward), the fields
  // show it: adjusted during render, without remounting the form.
  const [shown, setShown] = useState(reportQueryKey(query));
  if (shown !== reportQueryKey(query)) {
    setShown(reportQueryKey(query));
    setAsOf(query?.asOf ?? "");
    setKnownAt(query?.knownAt ?? null);
  }

  const run = (next: Partial<ReportQuery>) => startTransition(() => router.push(reportHref(next)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (asOf) run({ asOf, ...(knownAt ? { knownAt } : {}) });
  };

  return (
    <form
      className={`panel ${styles.controls}`}
      aria-label="Report parameters"
      aria-busy={pending}
      onSubmit={submit}
    >
      <div className="field">
        <label htmlFor={`${id}-date`}>Report date</label>
        <input
          id={`${id}-date`}
          type="date"
          value={asOf}
          max="9999-12-31"
          required
          onChange={(e) => setAsOf(e.target.value)}
        />
      </div>
      <fieldset className={`quick-picks ${styles.picks}`}>
        <legend className="visually-hidden">Reporting dates</legend>
        {reportQuickPicks(today).map((pick) => (
          <button
            key={pick.label}
            type="button"
            className="chip"
            aria-pressed={pick.date === query?.asOf}
            title={pick.date}
            disabled={pending}
            onClick={() => {
              setAsOf(pick.date);
              run({ asOf: pick.date, ...(knownAt ? { knownAt } : {}) });
            }}
          >
            {pick.label}
          </button>
        ))}
      </fieldset>
      <div className={styles.knownAt}>
        <input
          id={`${id}-known`}
          type="checkbox"
          checked={knownAt !== null}
          onChange={(e) => setKnownAt(e.target.checked ? `${asOf || today}T23:59:59Z` : null)}
        />
        <label htmlFor={`${id}-known`}>As known at</label>
        {knownAt !== null ? (
          <>
            <label htmlFor={`${id}-instant`} className="visually-hidden">
              Known at (UTC)
            </label>
            <input
              id={`${id}-instant`}
              type="datetime-local"
              step={1}
              value={toInput(knownAt)}
              onChange={(e) => {
                if (e.target.value) setKnownAt(fromInput(e.target.value));
              }}
            />
            <span className="muted small">UTC</span>
          </>
        ) : (
          <span className="muted small">(default: the latest recorded event)</span>
        )}
      </div>
      <div className={styles.actions}>
        {pending ? (
          <span className="pending" role="status">
            <span className="spinner" aria-hidden="true" /> Computing…
          </span>
        ) : null}
        <button type="submit" className="primary" disabled={pending || !asOf}>
          Run report
        </button>
      </div>
    </form>
  );
}
