/**
 * Progress of the reports being computed in this process, so the page's
 * loading indicator can say "412 of 2,000 loans replayed" while the server
 * component streams. Kept on globalThis: the page and the progress route are
 * separate bundles in the same Node process.
 */
import type { ReportQuery } from "../_lib/report-url";

export interface ReportProgress {
  done: number;
  total: number;
}

const store = globalThis as unknown as { loanReplayReportProgress?: Map<string, ReportProgress> };

function running(): Map<string, ReportProgress> {
  store.loanReplayReportProgress ??= new Map();
  return store.loanReplayReportProgress;
}

export function progressKey(query: ReportQuery): string {
  return `${query.asOf}|${query.knownAt ?? ""}`;
}

/** Run `work` with an onProgress callback that publishes under the query's key. */
export async function trackProgress<T>(
  query: ReportQuery,
  work: (onProgress: (done: number, total: number) => void) => Promise<T>,
): Promise<T> {
  const key = progressKey(query);
  const entry: ReportProgress = { done: 0, total: 0 };
  running().set(key, entry);
  try {
    return await work((done, total) => {
      entry.done = done;
      entry.total = total;
    });
  } finally {
    if (running().get(key) === entry) running().delete(key);
  }
}

/** The progress of a report being computed now, or null. */
export function currentProgress(query: ReportQuery): ReportProgress | null {
  const entry = running().get(progressKey(query));
  return entry ? { ...entry } : null;
}
