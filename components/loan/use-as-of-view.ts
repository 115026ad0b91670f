"use client";
import { useCallback, useEffect, useRef, useState, useTransition } from "react";
import type { Action } from "@/app/_lib/action-result";
import type { AsOfView } from "@/lib/presentation/as-of-view";

export interface AsOfRequest {
  loanNumber: string;
  asOf: string;
  knownAt?: string | null;
}

/** Keep the URL's query in step with what the page shows, without a navigation. */
export function replaceQuery(changes: Record<string, string | null>) {
  const url = new URL(window.location.href);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) url.searchParams.delete(key);
    else url.searchParams.set(key, value);
  }
  window.history.replaceState(null, "", `${url.pathname}${url.search}`);
}

/**
 * The as-of view, re-fetched through the replay server action when the date or
 * the "known at" instant changes. Only the latest request's answer is shown.
 */
export function useAsOfView(
  loanNumber: string,
  initial: AsOfView,
  replayAsOf: Action<AsOfRequest, AsOfView>,
  /** The loan's last sequence number: when a write moves it, the page's new view is shown. */
  version = 0,
) {
  const [view, setView] = useState(initial);
  const [asOf, setAsOf] = useState(initial.asOf);
  const [knownAt, setKnownAt] = useState(initial.knownAt);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const latest = useRef(0);
  const [shownVersion, setShownVersion] = useState(version);
  if (shownVersion !== version) {
    // Re-rendered by the server after a write: its view replaces what was shown.
    setShownVersion(version);
    setView(initial);
    setAsOf(initial.asOf);
    setKnownAt(initial.knownAt);
    setError(null);
  }
  // An answer asked for before the write is not shown over the new view.
  useEffect(() => {
    if (version >= 0) latest.current++;
  }, [version]);

  const load = useCallback(
    (nextAsOf: string, nextKnownAt: string | null) => {
      setAsOf(nextAsOf);
      setKnownAt(nextKnownAt);
      replaceQuery({ asOf: nextAsOf, knownAt: nextKnownAt });
      const ticket = ++latest.current;
      startTransition(async () => {
        const result = await replayAsOf({ loanNumber, asOf: nextAsOf, knownAt: nextKnownAt });
        if (ticket !== latest.current) return;
        if (result.ok) {
          setView(result.data);
          setError(null);
        } else {
          setError(result.error);
        }
      });
    },
    [loanNumber, replayAsOf],
  );

  return { view, asOf, knownAt, error, pending, load };
}
