"use client";
import { type FormEvent, useId, useRef, useState, useTransition } from "react";
import type { Action } from "@/app/_lib/action-result";

import { replaceQuery } from "@/components/loan/use-as-of-view";
import { Money } from "@/components/ui/money";
import { isIsoDate } from "@/lib/dates";
import type { PayoffQuote } from "@/lib/due";
import { type PayoffResult, payoffBounds, payoffQuickPicks } from "@/lib/presentation/due";
import { formatExactCurrency } from "@/lib/presentation/format";
import styles from "./due.module.css";

export interface PayoffRequest {
  loanNumber: string;
  on: string;
  asOf: string;
  knownAt?: string | null;
}

interface PayoffQuoteProps {
  loanNumber: string;
  asOf: string;
  knownAt: string | null;
  maturityDate: string | null;
  nextDueDate: string | null;
  /** The quote the page (or the last as-of change) computed. */
  initial: PayoffResult;
  /** Does the loan have a payoff at all as of the date (open)? */
  open: boolean;
  quote: Action<PayoffRequest, PayoffQuote>;
}

function query(q: PayoffQuote | { on: string; asOf: string }, knownAt: string | null): string {
  const params = new URLSearchParams({ on: q.on, asOf: q.asOf });
  if (knownAt) params.set("knownAt", knownAt);
  return params.toString();
}

/** "What is my payoff if I pay on the 15th?": a date, the amount and its breakdown, printable and downloadable. */
export function PayoffQuotePanel(props: PayoffQuoteProps) {
  const { loanNumber, asOf, knownAt } = props;
  const inputId = useId();
  const [result, setResult] = useState<PayoffResult>(props.initial);
  const [date, setDate] = useState(props.initial.ok ? props.initial.quote.on : props.initial.on);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const ticket = useRef(0);
  const { min, max } = payoffBounds(asOf, props.maturityDate);
  const picks = payoffQuickPicks(asOf, props.maturityDate, props.nextDueDate);

  const ask = (on: string) => {
    setDate(on);
    if (!isIsoDate(on)) {
      setFieldError("Enter the payoff date as YYYY-MM-DD.");
      return;
    }
    setFieldError(null);
    replaceQuery({ payoff: on });
    const mine = ++ticket.current;
    startTransition(async () => {
      const answer = await props.quote({ loanNumber, on, asOf, knownAt });
      if (mine !== ticket.current) return;
      setResult(
        answer.ok ? { ok: true, quote: answer.data } : { ok: false, on, asOf, error: answer.error },
      );
    });
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    ask(date);
  };

  const quote = result.ok ? result.quote : null;
  return (
    <section
      className={`panel${pending ? " is-pending" : ""}`}
      aria-labelledby="payoff-heading"
      aria-busy={pending}
      data-testid="payoff-quote"
    >
      <h2 id="payoff-heading">Payoff quote</h2>
      {!props.open ? (
        <p className={styles.closed} data-testid="payoff-closed">
          {result.ok ? "" : result.error}
        </p>
      ) : (
        <>
          <form className={styles.payoffForm} onSubmit={submit} aria-label="Ask for a payoff quote">
            <div>
              <label htmlFor={inputId}>Payoff date</label>
              <input
                id={inputId}
                type="date"
                name="payoff"
                value={date}
                min={min}
                max={max ?? undefined}
                required
                aria-invalid={fieldError ? true : undefined}
                aria-describedby={`${inputId}-range`}
                onChange={(e) => setDate(e.target.value)}
              />
            </div>
            <button type="submit" className="primary" disabled={pending}>
              Quote
            </button>
            <span id={`${inputId}-range`} className="muted small">
              The day the payment is received:{" "}
              {max === null ? `from ${min}` : max === min ? `only ${min}` : `${min} to ${max}`}
            </span>
          </form>
          {props.maturityDate !== null && props.maturityDate < asOf ? (
            <p className="muted small">
              The loan matured on {props.maturityDate}: a quote is for the as-of date only.
            </p>
          ) : null}
          {fieldError ? (
            <p className="field-error" role="alert">
              {fieldError}
            </p>
          ) : null}
          {picks.length > 0 ? (
            <ul className={styles.picks} aria-label="Quick payoff dates">
              {picks.map((p) => (
                <li key={p.label}>
                  <button
                    type="button"
                    aria-pressed={quote?.on === p.date}
                    onClick={() => ask(p.date)}
                  >
                    {p.label} <span className="muted">({p.date.slice(5)})</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          {quote ? (
            <QuoteFigures quote={quote} />
          ) : (
            <p className="error" role="alert" data-testid="payoff-error">
              {result.ok ? null : result.error}
            </p>
          )}
          {quote ? (
            <div className={styles.links}>
              <a
                href={`/loans/${loanNumber}/payoff?${query(quote, knownAt)}`}
                target="_blank"
                rel="noopener"
              >
                Printable quote
              </a>
              <a href={`/loans/${loanNumber}/payoff.csv?${query(quote, knownAt)}`} download>
                Download CSV
              </a>
              <a href={`/loans/${loanNumber}/payoff.json?${query(quote, knownAt)}`} download>
                Download JSON
              </a>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}

/** The quote's amount and breakdown (also on the printable page). */
export function QuoteFigures({ quote }: { quote: PayoffQuote }) {
  return (
    <>
      <table
        className={styles.quoteTable}
        aria-label="Payoff breakdown"
        data-testid="payoff-breakdown"
      >
        <tbody>
          <tr>
            <th scope="row">Principal</th>
            <td data-testid="payoff-principal">
              <Money value={quote.principal} />
            </td>
          </tr>
          <tr>
            <th scope="row">Interest through {quote.interestThrough}</th>
            <td data-testid="payoff-interest">
              <Money value={quote.interest} />
            </td>
          </tr>
          <tr>
            <th scope="row">Fees</th>
            <td data-testid="payoff-fees">
              <Money value={quote.fees} />
            </td>
          </tr>
          <tr className={styles.total}>
            <th scope="row">Payoff amount on {quote.on}</th>
            <td data-testid="payoff-amount">
              <Money value={quote.payoffAmount} />
            </td>
          </tr>
        </tbody>
      </table>
      <p className="small" data-testid="payoff-terms">
        Good through <strong data-testid="payoff-goodThrough">{quote.goodThrough}</strong>: a
        payment of exactly {formatExactCurrency(quote.payoffAmount)} effective that day pays the
        loan off. Per diem{" "}
        <strong data-testid="payoff-perDiem">{formatExactCurrency(quote.perDiem)}</strong> a day on
        the current principal; a later date needs a new quote.
      </p>
      <p className="muted small">
        Quoted from the loan as of {quote.asOf}
        {quote.knownAt ? `, as known at ${quote.knownAt}` : ""}; maturity {quote.maturityDate}.
      </p>
    </>
  );
}
