"use client";
import { useEffect, useRef, useState, useTransition } from "react";
import type { Action } from "@/app/_lib/action-result";
import { isIsoDate } from "@/lib/dates";
import type { DueSection } from "@/lib/presentation/due";

export interface DueSectionRequest {
  loanNumber: string;
  asOf: string;
  knownAt?: string | null;
  payoffOn?: string | null;
}

/**
 * The Due panel's figures and payoff quote, fetched again through the server
 * action when the page's as-of date or "as known at" instant changes (the
 * payoff date kept from the URL). Only the latest request's answer is shown.
 */
export function useDueSection(
  loanNumber: string,
  initial: DueSection | undefined,
  load: Action<DueSectionRequest, DueSection> | undefined,
  asOf: string,
  knownAt: string | null,
  /** The loan's last sequence number: when a write moves it, the page's new section is shown. */
  loanVersion = 0,
) {
  const [section, setSection] = useState(initial);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const latest = useRef(0);
  const shown = useRef({ asOf: initial?.due.asOf, knownAt: initial?.due.knownAt ?? null });
  const [shownLoanVersion, setShownLoanVersion] = useState(loanVersion);
  if (shownLoanVersion !== loanVersion) {
    // Re-rendered by the server after a write: its section replaces what was shown.
    setShownLoanVersion(loanVersion);
    setSection(initial);
    setVersion((v) => v + 1);
    setError(null);
  }
  // Before the fetch below: the new section is for the dates it says, and older answers are dropped.
  useEffect(() => {
    if (loanVersion < 0) return;
    latest.current++;
    shown.current = { asOf: initial?.due.asOf, knownAt: initial?.due.knownAt ?? null };
  }, [loanVersion, initial]);

  useEffect(() => {
    if (!load) return;
    if (shown.current.asOf === asOf && shown.current.knownAt === knownAt) return;
    shown.current = { asOf, knownAt };
    const ticket = ++latest.current;
    const asked = new URL(window.location.href).searchParams.get("payoff");
    const payoffOn = asked && isIsoDate(asked) ? asked : null;
    startTransition(async () => {
      const result = await load({ loanNumber, asOf, knownAt, payoffOn });
      if (ticket !== latest.current) return;
      if (result.ok) {
        setSection(result.data);
        setVersion((v) => v + 1);
        setError(null);
      } else {
        setError(result.error);
      }
    });
  }, [asOf, knownAt, load, loanNumber]);

  return { section, version, error, pending };
}
