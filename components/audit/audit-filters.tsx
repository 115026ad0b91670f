"use client";
import { type FormEvent, useId, useState } from "react";
import {
  AUDIT_PAGE_SIZES,
  type AuditDateField,
  type AuditOrder,
  type AuditQuery,
} from "@/app/audit/_lib/audit-url";
import type { EventType } from "@/lib/events/event-types";
import styles from "./audit.module.css";
import { EventTypeChoices } from "./event-type-choices";

interface AuditFiltersProps {
  query: AuditQuery;
  recorders: readonly string[];
  pending: boolean;
  onApply(query: AuditQuery): void;
  onReset(): void;
}

/** The filter form: edits stay local until "Apply filters" writes them to the URL. */
export function AuditFilters({ query, recorders, pending, onApply, onReset }: AuditFiltersProps) {
  const id = useId();
  const f = query.filter;
  const [dateField, setDateField] = useState<AuditDateField>(f.dateField);
  const [from, setFrom] = useState(f.from ?? "");
  const [to, setTo] = useState(f.to ?? "");
  const [types, setTypes] = useState<EventType[]>(f.eventTypes);
  const [loanNumber, setLoanNumber] = useState(f.loanNumber ?? "");
  const [recordedBy, setRecordedBy] = useState(f.recordedBy ?? "");
  const [order, setOrder] = useState<AuditOrder>(query.order);
  const [pageSize, setPageSize] = useState(query.pageSize);
  const rangeError = from && to && from > to ? "The start date is after the end date." : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (rangeError) return;
    onApply({
      filter: {
        dateField,
        eventTypes: types,
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        ...(loanNumber.trim() ? { loanNumber: loanNumber.trim().toUpperCase() } : {}),
        ...(recordedBy ? { recordedBy } : {}),
      },
      order,
      pageSize,
    });
  };

  const recorderChoices =
    f.recordedBy && !recorders.includes(f.recordedBy) ? [f.recordedBy, ...recorders] : recorders;

  return (
    <form className={`panel ${styles.filters}`} aria-label="Audit log filters" onSubmit={submit}>
      <fieldset className={styles.group}>
        <legend>Date range</legend>
        <div className={styles.radios} role="radiogroup" aria-label="The range applies to">
          <label>
            <input
              type="radio"
              name="dates"
              value="effective"
              checked={dateField === "effective"}
              onChange={() => setDateField("effective")}
            />{" "}
            Effective date
          </label>
          <label>
            <input
              type="radio"
              name="dates"
              value="recorded"
              checked={dateField === "recorded"}
              onChange={() => setDateField("recorded")}
            />{" "}
            Recorded date (UTC)
          </label>
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>From</label>
          <input
            id={`${id}-from`}
            type="date"
            value={from}
            max="9999-12-31"
            aria-invalid={rangeError ? true : undefined}
            aria-describedby={rangeError ? `${id}-range` : undefined}
            onChange={(e) => setFrom(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>To</label>
          <input
            id={`${id}-to`}
            type="date"
            value={to}
            max="9999-12-31"
            onChange={(e) => setTo(e.target.value)}
          />
        </div>
        {rangeError ? (
          <p id={`${id}-range`} className="field-error" role="alert">
            {rangeError}
          </p>
        ) : null}
      </fieldset>
      <EventTypeChoices selected={types} onChange={setTypes} />
      <div className={styles.row}>
        <div className="field">
          <label htmlFor={`${id}-loan`}>Loan number</label>
          <input
            id={`${id}-loan`}
            type="search"
            value={loanNumber}
            placeholder="LN-000123"
            pattern="[Ll][Nn]-[0-9]{6,}"
            title="A loan number such as LN-000123"
            autoComplete="off"
            onChange={(e) => setLoanNumber(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-by`}>Recorded by</label>
          <select
            id={`${id}-by`}
            value={recordedBy}
            onChange={(e) => setRecordedBy(e.target.value)}
          >
            <option value="">Anyone</option>
            {recorderChoices.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-order`}>Order</label>
          <select
            id={`${id}-order`}
            value={order}
            onChange={(e) => setOrder(e.target.value === "oldest" ? "oldest" : "newest")}
          >
            <option value="newest">Newest first</option>
            <option value="oldest">Oldest first</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-size`}>Rows per page</label>
          <select
            id={`${id}-size`}
            value={pageSize}
            onChange={(e) => setPageSize(Number(e.target.value))}
          >
            {AUDIT_PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </div>
        <div className={styles.actions}>
          {pending ? (
            <span className="pending" role="status">
              <span className="spinner" aria-hidden="true" /> Loading…
            </span>
          ) : null}
          <button type="button" onClick={onReset} disabled={pending}>
            Clear filters
          </button>
          <button type="submit" className="primary" disabled={pending || Boolean(rangeError)}>
            Apply filters
          </button>
        </div>
      </div>
    </form>
  );
}
