"use client";
import { useEffect, useId, useRef } from "react";
import { FigureValue } from "@/components/ui/figure-value";
import { Money } from "@/components/ui/money";
import { TableScroll } from "@/components/ui/table-scroll";
import type { AppendReview, ReviewDate, ReviewGroup } from "@/lib/presentation/append-review";
import { formatCurrencyChange } from "@/lib/presentation/format";
import styles from "./review-panel.module.css";

interface ReviewPanelProps {
  title: string;
  review: AppendReview;
  /** The last event the page showed (said when the loan has moved on since). */
  pageSequence: number;
  pending: boolean;
  /** Posting failed because the loan changed after the review. */
  conflict: string | null;
  onPost(): void;
  onBack(): void;
  onReviewAgain(): void;
}

/**
 * What posting would do, before it is done: every event that would be
 * appended (grouped; long runs collapsed with a count) and every figure that
 * changes today and on each date the correction touches. Focus moves here
 * when it opens; Escape goes back to editing.
 */
export function ReviewPanel(props: ReviewPanelProps) {
  const { review, pending, conflict } = props;
  const headingId = useId();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <section
      ref={ref}
      className={styles.panel}
      aria-labelledby={headingId}
      tabIndex={-1}
      data-testid="review-panel"
      onKeyDown={(e) => {
        if (e.key === "Escape" && !pending) {
          e.preventDefault();
          props.onBack();
        }
      }}
    >
      <h3 id={headingId} className={styles.heading}>
        Review: {props.title}
      </h3>
      <p className={styles.headline}>{review.headline}</p>
      {review.restatement ? (
        <p className={styles.restatement} data-testid="review-restatement">
          <span className={styles.tag}>Correction</span> This changes what later events on the loan
          did, so they are restated in the same transaction, each event tagged with the cause,{" "}
          {review.restatement.causeLabel}.
        </p>
      ) : null}
      {review.warnings.length > 0 ? (
        <div className={styles.warnings} data-testid="review-warnings">
          <h4 className={styles.subheading}>Check before posting</h4>
          <ul>
            {review.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <p className="muted small">
        Computed from the loan as of event #{review.lastSequence}
        {review.lastSequence !== props.pageSequence
          ? ` (the page shows event #${props.pageSequence}: the loan has changed since it was loaded)`
          : ""}
        . Nothing has been recorded yet.
      </p>
      {review.groups.map((g) => (
        <ReviewGroupView key={g.key} group={g} />
      ))}
      {review.dates.length > 0 ? (
        <div className={styles.figures}>
          <h4 className={styles.subheading}>Figures that change</h4>
          {review.dates.map((d) => (
            <FiguresOnDate key={`${d.kind}-${d.date}`} date={d} />
          ))}
        </div>
      ) : null}
      {conflict ? (
        <div className="form-status failure" role="alert">
          <p>{conflict}</p>
          <p>
            <button type="button" onClick={props.onReviewAgain} disabled={pending}>
              Review again
            </button>
          </p>
        </div>
      ) : null}
      <div className={styles.actions}>
        <button
          type="button"
          className="primary"
          onClick={props.onPost}
          disabled={pending || review.empty || conflict !== null}
        >
          {pending ? "Posting…" : review.warnings.length > 0 ? "Post anyway" : "Post"}
        </button>
        <button type="button" onClick={props.onBack} disabled={pending}>
          Back to edit
        </button>
      </div>
    </section>
  );
}

function ReviewGroupView({ group }: { group: ReviewGroup }) {
  const list = (
    <ol className={styles.events} aria-label={group.title}>
      {group.events.map((e) => (
        <li key={e.sequenceNumber}>
          <span className={styles.seq}>#{e.sequenceNumber}</span>{" "}
          <span className={styles.date}>{e.effectiveDate}</span> <strong>{e.typeLabel}</strong>
          {e.amount ? (
            <>
              {" "}
              <Money value={e.amount} />
            </>
          ) : null}
          <span className={styles.summary}>{e.summary}</span>
          {e.allocationChange ? <span className={styles.change}>{e.allocationChange}</span> : null}
        </li>
      ))}
    </ol>
  );
  const total = group.total ? (
    <>
      {" "}
      · net <Money value={group.total} />
    </>
  ) : null;
  if (group.collapsed) {
    return (
      <details className={styles.group} data-group={group.key}>
        <summary>
          <strong>{group.title}</strong>
          {total}
        </summary>
        {group.note ? <p className="muted small">{group.note}</p> : null}
        {list}
      </details>
    );
  }
  return (
    <div className={styles.group} data-group={group.key}>
      <h4 className={styles.subheading}>
        {group.title}
        {total}
      </h4>
      {group.note ? <p className="muted small">{group.note}</p> : null}
      {list}
    </div>
  );
}

function FiguresOnDate({ date }: { date: ReviewDate }) {
  const headingId = useId();
  return (
    <div className={styles.onDate}>
      <p id={headingId} className={styles.dateHeading}>
        {date.heading}
      </p>
      <TableScroll label={`Figures ${date.heading}`} className={styles.tableWrap}>
        <table
          className={styles.table}
          aria-labelledby={headingId}
          data-testid={
            date.kind === "today" ? "review-figures-today" : `review-figures-${date.date}`
          }
        >
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col" className="num">
                Before
              </th>
              <th scope="col" className="num">
                After
              </th>
              <th scope="col" className="num">
                Change
              </th>
            </tr>
          </thead>
          <tbody>
            {date.changes.length === 0 ? (
              <tr>
                <td colSpan={4} className="muted">
                  No figure changes on this date.
                </td>
              </tr>
            ) : (
              date.changes.map((c) => (
                <tr key={c.field} data-field={c.field}>
                  <th scope="row">{c.label}</th>
                  <td className="num">
                    <FigureValue value={c.before} format={c.format} />
                  </td>
                  <td className="num">
                    <FigureValue value={c.after} format={c.format} />
                  </td>
                  <td className="num">
                    {c.delta ? formatCurrencyChange(c.delta) : <span className="muted">—</span>}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
