"use client";
import { type FormEvent, useEffect, useId, useRef, useState, useTransition } from "react";
import type { Action } from "@/app/_lib/action-result";
import { replaceQuery } from "@/components/loan/use-as-of-view";
import { Money } from "@/components/ui/money";
import {
  type InterestAccrued,
  type InterestResult,
  interestPeriodPicks,
} from "@/lib/presentation/due";
import styles from "./due.module.css";

export interface InterestRequest {
  loanNumber: string;
  from: string;
  to: string;
  knownAt?: string | null;
}

interface InterestAccruedProps {
  loanNumber: string;
  asOf: string;
  knownAt: string | null;
  /** The latest date a period may end on (the business date). */
  today: string;
  /** Interest accrued to the as-of date (the balances' total). */
  toDate: string;
  initial: InterestResult;
  load: Action<InterestRequest, InterestAccrued>;
}

/** "How much interest had accrued by the end of Q1?": to date, and in a chosen period (in the URL). */
export function InterestAccruedPeriod(props: InterestAccruedProps) {
  const { loanNumber, knownAt } = props;
  const fromId = useId();
  const toId = useId();
  const [from, setFrom] = useState(props.initial.from);
  const [to, setTo] = useState(props.initial.to);
  const [result, setResult] = useState<InterestResult>(props.initial);
  const [pending, startTransition] = useTransition();
  const ticket = useRef(0);

  const ask = (nextFrom: string, nextTo: string) => {
    setFrom(nextFrom);
    setTo(nextTo);
    replaceQuery({ accruedFrom: nextFrom, accruedTo: nextTo });
    const mine = ++ticket.current;
    startTransition(async () => {
      const answer = await props.load({ loanNumber, from: nextFrom, to: nextTo, knownAt });
      if (mine !== ticket.current) return;
      setResult(answer.ok ? answer.data : { error: answer.error, from: nextFrom, to: nextTo });
    });
  };

  // "As known at" changes what had accrued: ask again for the same period.
  const knownRef = useRef(knownAt);
  const askAgain = useRef(() => {});
  askAgain.current = () => ask(from, to);
  useEffect(() => {
    if (knownRef.current === knownAt) return;
    knownRef.current = knownAt;
    askAgain.current();
  }, [knownAt]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    ask(from, to);
  };

  const picks = interestPeriodPicks(props.asOf, props.today);
  return (
    <div className={`${styles.interest}${pending ? " is-pending" : ""}`} aria-busy={pending}>
      <h3 id={`${fromId}-heading`}>Interest accrued</h3>
      <dl className="figures secondary" aria-labelledby={`${fromId}-heading`}>
        <div className="figure">
          <dt>To date (through {props.asOf})</dt>
          <dd data-testid="figure-interestAccrued">
            <Money value={props.toDate} />
          </dd>
        </div>
        <div className="figure">
          <dt>
            From {result.from} to {result.to}
          </dt>
          <dd data-testid="interest-period">
            {"error" in result ? (
              <span className="muted">—</span>
            ) : (
              <Money value={result.accrued} />
            )}
          </dd>
        </div>
      </dl>
      <form className={styles.periodForm} onSubmit={submit} aria-label="Interest period">
        <div>
          <label htmlFor={fromId}>From</label>
          <input
            id={fromId}
            type="date"
            value={from}
            max={to || props.today}
            required
            onChange={(e) => setFrom(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor={toId}>To</label>
          <input
            id={toId}
            type="date"
            value={to}
            min={from || undefined}
            max={props.today}
            required
            onChange={(e) => setTo(e.target.value)}
          />
        </div>
        <button type="submit" disabled={pending}>
          Show
        </button>
      </form>
      <ul className={styles.picks} aria-label="Interest periods">
        {picks.map((p) => (
          <li key={p.label}>
            <button
              type="button"
              aria-pressed={!("error" in result) && result.from === p.from && result.to === p.to}
              onClick={() => ask(p.from, p.to)}
            >
              {p.label}
            </button>
          </li>
        ))}
      </ul>
      {"error" in result ? (
        <p className="error" role="alert">
          {result.error}
        </p>
      ) : (
        <p className="muted small">
          Accrued on the days {result.from} to {result.to}
          {result.knownAt ? `, as known at ${result.knownAt}` : ""}, adjustments included; interest
          later capitalised or waived still counts as accrued.
        </p>
      )}
    </div>
  );
}
