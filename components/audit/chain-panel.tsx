"use client";
import { useState, useTransition } from "react";
import type { Action } from "@/app/_lib/action-result";
import type { ChainCheckResult } from "@/app/audit/_server/chain-check";
import styles from "./audit.module.css";
import { ChainResults } from "./chain-results";

interface ChainPanelProps {
  /** The loan filtered on; otherwise the whole book is verified. */
  loanNumber?: string;
  verify: Action<{ loanNumber?: string }, ChainCheckResult>;
}

/** Chain of custody: recompute the hash chains and show each loan's status. */
export function ChainPanel({ loanNumber, verify }: ChainPanelProps) {
  const [result, setResult] = useState<ChainCheckResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const run = () =>
    startTransition(async () => {
      setError(null);
      const outcome = await verify(loanNumber ? { loanNumber } : {});
      if (outcome.ok) setResult(outcome.data);
      else {
        setResult(null);
        setError(outcome.error);
      }
    });

  const scope = loanNumber ? `loan ${loanNumber}` : "every loan in the book";
  return (
    <section
      className={`panel ${styles.chain}`}
      aria-labelledby="chain-heading"
      aria-busy={pending}
    >
      <div className={styles.chainHeader}>
        <h2 id="chain-heading">Chain of custody</h2>
        <span className="muted">Recomputes the hash chain of {scope} from the stored rows.</span>
        <button type="button" className="primary" onClick={run} disabled={pending}>
          Verify chains
        </button>
      </div>
      <div role="status" aria-live="polite">
        {pending ? (
          <p className="loading">
            <span className="spinner" aria-hidden="true" /> Verifying {scope}…
          </p>
        ) : null}
      </div>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {result && !pending ? <ChainResults result={result} /> : null}
    </section>
  );
}
