"use client";
import { useEffect, useState } from "react";
import { type ReportQuery, reportProgressHref } from "@/app/reports/_lib/report-url";
import styles from "./reports.module.css";

interface Progress {
  done: number;
  total: number;
}

/**
 * Shown while the server computes a report: a spinner at once, then the
 * number of loans replayed so far (polled from the server) as a progress bar.
 * `progressHref` polls elsewhere than the report's own progress (a saved
 * report's "Compare with now").
 */
export function ReportProgress({
  query,
  label,
  progressHref,
}: {
  query?: ReportQuery;
  label?: string;
  progressHref?: string;
}) {
  const [progress, setProgress] = useState<Progress | null>(null);
  const href = progressHref ?? (query ? reportProgressHref(query) : null);

  useEffect(() => {
    if (!href) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const response = await fetch(href, { cache: "no-store" });
        const body = (await response.json()) as Progress | null;
        if (!stopped && body && body.total > 0) setProgress(body);
      } catch {
        // The indicator is a courtesy: a failed poll just keeps the spinner.
      }
      if (!stopped) timer = setTimeout(poll, 500);
    };
    timer = setTimeout(poll, 250);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [href]);

  return (
    <div className={styles.progress} role="status" aria-live="polite" data-testid="report-progress">
      <p className="loading">
        <span className="spinner" aria-hidden="true" />{" "}
        {label ?? `Computing the portfolio report as of ${query?.asOf ?? "the date"}…`}
      </p>
      {progress ? (
        <>
          <progress max={progress.total} value={progress.done} aria-label="Loans replayed" />
          <span className="muted small">
            {progress.done.toLocaleString("en-US")} of {progress.total.toLocaleString("en-US")}{" "}
            loans replayed
          </span>
        </>
      ) : null}
    </div>
  );
}
