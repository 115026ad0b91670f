import { type SQL, sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import { EVENT_TYPES } from "../lib/events/event-types";

export const eventTypeEnum = pgEnum("event_type", EVENT_TYPES);

/**
 * The loans list's search key of a name (SQL, so an expression index serves
 * it): Unicode-decomposed, combining accents and apostrophes removed, lower
 * case ("Müller" -> "muller", "O'Brien" -> "obrien"). Immutable functions
 * only, built into Postgres and PGlite alike (no unaccent or pg_trgm).
 */
export function nameSearchKey(name: SQL | AnyPgColumn): SQL {
  return sql`lower(regexp_replace(normalize(${name}, NFD), '[\\u0027\\u2019\\u0300-\\u036f]', '', 'g'))`;
}

/** The words of a name for the loans list's search: `to_tsvector('simple', key)` (GIN-indexed). */
export function nameSearchVector(name: SQL | AnyPgColumn): SQL {
  return sql`to_tsvector('simple', ${nameSearchKey(name)})`;
}

/** The number part of a loan number ("LN-000013" -> 13), as numeric so no length overflows. */
export function loanNumberValue(loanNumber: SQL | AnyPgColumn): SQL {
  return sql`(substring(${loanNumber} from 4)::numeric)`;
}

export const borrowers = pgTable(
  "borrowers",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    name: text().notNull(),
    email: text(),
    phone: text(),
    address: text(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string" })
      .notNull()
      .defaultNow(),
  },
  (t) => [index("borrowers_name_search_idx").using("gin", nameSearchVector(t.name))],
);

export const loans = pgTable(
  "loans",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    loanNumber: text("loan_number").notNull().unique(),
    borrowerId: bigint("borrower_id", { mode: "number" })
      .notNull()
      .references(() => borrowers.id, { onDelete: "restrict" }),
    product: text().notNull().default("standard"),
    notes: text(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string" })
      .notNull()
      .defaultNow(),
  },
  (t) => [
    check("loans_loan_number_format", sql`${t.loanNumber} ~ '^LN-[0-9]{6,}$'`),
    index("loans_borrower_id_idx").on(t.borrowerId),
    // The loans list finds "13", "ln-13" and "LN000013" by the number part.
    index("loans_number_value_idx").on(loanNumberValue(t.loanNumber)),
  ],
);

/**
 * The event store. Rows are immutable: migration 0001 installs triggers that
 * reject UPDATE, DELETE and TRUNCATE, so corrections must be new events.
 */
export const loanEvents = pgTable(
  "loan_events",
  {
    id: bigint({ mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    loanId: bigint("loan_id", { mode: "number" })
      .notNull()
      .references(() => loans.id, { onDelete: "restrict" }),
    sequenceNumber: integer("sequence_number").notNull(),
    eventType: eventTypeEnum("event_type").notNull(),
    eventData: jsonb("event_data").$type<Record<string, unknown>>().notNull(),
    effectiveDate: date("effective_date", { mode: "string" }).notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true, mode: "string", precision: 3 })
      .notNull()
      .defaultNow(),
    recordedBy: text("recorded_by").notNull(),
    /** Hash of the previous event of the same loan (null for the first). */
    prevHash: text("prev_hash"),
    /** sha256 over the canonical event and prevHash: the chain of custody (db/chain.ts). */
    hash: text("hash"),
    /**
     * The id of the key that signed `hash` (lib/chain/signing.ts: the first 16
     * hex digits of the sha256 of its Ed25519 public key); null only on rows
     * not yet sealed.
     */
    keyId: text("key_id"),
    /** Ed25519 signature (base64) of the chain message of `hash` with the key `key_id`. */
    signature: text(),
  },
  (t) => [
    // Hash-partitioned by loan_id (migration 0018, 16 partitions; drizzle does
    // not declare partitions): every unique key holds loan_id. A row is known
    // by (loan_id, sequence_number), which the unique index below enforces; the
    // primary key (loan_id, id) that 0018 added served no query and cost every
    // append one more index to write into (migration 0022 drops it).
    // By id alone (the high-water mark, events after an id, sealing one row).
    index("loan_events_id_idx").on(t.id),
    // The unique index on (loan_id, sequence_number) also serves
    // "this loan's events in sequence order".
    unique("loan_events_loan_sequence_unique").on(t.loanId, t.sequenceNumber),
    check("loan_events_sequence_positive", sql`${t.sequenceNumber} > 0`),
    check("loan_events_data_is_object", sql`jsonb_typeof(${t.eventData}) = 'object'`),
    index("loan_events_effective_date_idx").on(t.effectiveDate),
    index("loan_events_recorded_at_idx").on(t.recordedAt),
    // As-of replays that start from a snapshot read "this loan's events effective after D".
    index("loan_events_loan_effective_idx").on(t.loanId, t.effectiveDate, t.sequenceNumber),
    index("loan_events_unsealed_idx").on(t.loanId, t.sequenceNumber).where(sql`${t.hash} IS NULL`),
  ],
);

/**
 * Replay snapshots: a cache of a loan's engine state at month ends
 * (lib/replay/snapshot.ts says when one is exact). Never a source of truth:
 * rows may be deleted and rebuilt at any time. The write path marks a
 * snapshot invalidated when a backdated event lands on or before its date.
 */
export const loanSnapshots = pgTable(
  "loan_snapshots",
  {
    id: bigint({ mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    loanId: bigint("loan_id", { mode: "number" })
      .notNull()
      .references(() => loans.id, { onDelete: "cascade" }),
    asOfDate: date("as_of_date", { mode: "string" }).notNull(),
    throughSequence: integer("through_sequence").notNull(),
    maxRecordedAt: timestamp("max_recorded_at", {
      withTimezone: true,
      mode: "string",
      precision: 3,
    }),
    state: jsonb().notNull(),
    /** The due basis as of the snapshot (lib/delinquency/basis.ts); null for snapshots taken before it existed. */
    dueBasis: jsonb("due_basis"),
    /** The hash of event #through_sequence: the last event the snapshot covers. */
    lastHash: text("last_hash"),
    /**
     * A MAC over what the row holds (db/cache-seal.ts) with a key outside the
     * database: a read that finds it wrong replays the events instead.
     */
    seal: text(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string", precision: 3 })
      .notNull()
      .defaultNow(),
    invalidatedAt: timestamp("invalidated_at", {
      withTimezone: true,
      mode: "string",
      precision: 3,
    }),
  },
  (t) => [
    // Hash-partitioned by loan_id like loan_events (migration 0018).
    primaryKey({ columns: [t.loanId, t.id] }),
    index("loan_snapshots_id_idx").on(t.id),
    index("loan_snapshots_lookup_idx").on(t.loanId, t.asOfDate),
  ],
);

/**
 * The live projection: each loan's current figures and the engine state the
 * decider starts from (the fold of every event in sequence order), written by
 * the event store in the same transaction as every append. A cache of the
 * events: `through_sequence` and `last_hash` say exactly what it covers, so it
 * can be checked against the chain and rebuilt (`cli projections rebuild`).
 */
// Hash-partitioned by loan_id like loan_events (migration 0018; the primary key is loan_id).
export const loanProjections = pgTable(
  "loan_projections",
  {
    loanId: bigint("loan_id", { mode: "number" })
      .primaryKey()
      .references(() => loans.id, { onDelete: "cascade" }),
    status: text().notNull(),
    principal: numeric({ precision: 24, scale: 6 }).notNull(),
    interest: numeric({ precision: 24, scale: 6 }).notNull(),
    fees: numeric({ precision: 24, scale: 6 }).notNull(),
    totalOutstanding: numeric("total_outstanding", { precision: 24, scale: 6 }).notNull(),
    /** The latest effective date among the loan's events. */
    lastEventDate: date("last_event_date", { mode: "string" }),
    throughSequence: integer("through_sequence").notNull(),
    lastHash: text("last_hash"),
    /** The latest recorded_at among the events folded. */
    maxRecordedAt: timestamp("max_recorded_at", {
      withTimezone: true,
      mode: "string",
      precision: 3,
    }),
    /** SerializedCore (lib/replay/snapshot.ts): the state without its payment log. */
    state: jsonb().notNull(),
    /**
     * SerializedPayments: the payment log and reversals, apart so a write that
     * only accrues neither reads nor rewrites it (null only before it is written).
     */
    payments: jsonb(),
    /**
     * The due basis (lib/delinquency/basis.ts): what days past due, the
     * bucket and late fees are read from (null only before it is written).
     * Covered by through_sequence and last_hash like the rest of the row.
     */
    dueBasis: jsonb("due_basis"),
    /**
     * The basis's `since`: the due date of the oldest installment not paid
     * within the tolerance (null: none). Days past due as of any date D on or
     * after last_event_date are D - delinquent_since when that is positive.
     */
    delinquentSince: date("delinquent_since", { mode: "string" }),
    /**
     * A MAC (db/cache-seal.ts, key outside the database) over the figures, the
     * state, the due basis, through_sequence and last_hash: a read that finds
     * it wrong rebuilds the row from the events and reports it.
     */
    seal: text(),
    /** The same over `payments` (written only when the payment log is). */
    paymentsSeal: text("payments_seal"),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "string", precision: 3 })
      .notNull()
      .defaultNow(),
  },
  (t) => [
    index("loan_projections_status_idx").on(t.status),
    // The list's money sorts: a page is read along one of these (db/queries/portfolio.ts pageEdge).
    index("loan_projections_principal_idx").on(t.principal),
    index("loan_projections_interest_idx").on(t.interest),
    index("loan_projections_fees_idx").on(t.fees),
    index("loan_projections_total_idx").on(t.totalOutstanding),
    index("loan_projections_last_event_idx").on(t.lastEventDate),
    index("loan_projections_delinquent_since_idx").on(t.delinquentSince),
  ],
);

/**
 * The loans list for past dates (db/queries/portfolio.ts, docs/loans-list.md):
 * the dates whose figures are kept, each with when it was last used (the
 * least recently used are dropped beyond a fixed number of dates).
 */
export const loanListDates = pgTable("loan_list_dates", {
  asOf: date("as_of", { mode: "string" }).primaryKey(),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "string", precision: 3 })
    .notNull()
    .defaultNow(),
  usedAt: timestamp("used_at", { withTimezone: true, mode: "string", precision: 3 })
    .notNull()
    .defaultNow(),
});

/**
 * Each loan's list figures as of a past date (as known now): a cache of the
 * replay, never a source of truth. `through_sequence` is the loan's stream
 * length the row was computed from; a row whose loan has moved on (its live
 * projection's through_sequence differs) is stale and is recomputed, alone,
 * on the next read of that date. `seal` makes an edited row detectable.
 */
export const loanListFigures = pgTable(
  "loan_list_figures",
  {
    asOf: date("as_of", { mode: "string" })
      .notNull()
      .references(() => loanListDates.asOf, { onDelete: "cascade" }),
    loanId: bigint("loan_id", { mode: "number" })
      .notNull()
      .references(() => loans.id, { onDelete: "cascade" }),
    throughSequence: integer("through_sequence").notNull(),
    status: text().notNull(),
    principal: numeric({ precision: 24, scale: 6 }).notNull(),
    interest: numeric({ precision: 24, scale: 6 }).notNull(),
    fees: numeric({ precision: 24, scale: 6 }).notNull(),
    totalOutstanding: numeric("total_outstanding", { precision: 24, scale: 6 }).notNull(),
    /** The latest effective date among the loan's events on or before as_of. */
    lastEventDate: date("last_event_date", { mode: "string" }),
    /** Days past due as of as_of (lib/due; the bucket follows from it). */
    daysPastDue: integer("days_past_due").notNull().default(0),
    computedAt: timestamp("computed_at", { withTimezone: true, mode: "string", precision: 3 })
      .notNull()
      .defaultNow(),
    /**
     * An HMAC over the row's figures and what it covers
     * (db/event-store/integrity.ts sealListFigures; issue 14): a row whose
     * seal is missing or does not hold is not shown, it is replayed.
     */
    seal: text(),
  },
  (t) => [
    primaryKey({ columns: [t.asOf, t.loanId] }),
    index("loan_list_figures_status_idx").on(t.asOf, t.status),
    index("loan_list_figures_total_idx").on(t.asOf, t.totalOutstanding),
    index("loan_list_figures_days_past_due_idx").on(t.asOf, t.daysPastDue),
  ],
);

/**
 * The one slot for a book-wide computation behind the loans list (a past
 * date's figures, or rebuilding missing projections): a single row leased
 * by one process at a time, so N users asking for N new dates queue instead
 * of running N replays. A lease that is not renewed expires (a crashed
 * worker), and the next request carries on where it stopped.
 */
export const loanListWorker = pgTable(
  "loan_list_worker",
  {
    id: integer().primaryKey(),
    /** What the holder computes: "projections" or "as_of:YYYY-MM-DD". */
    job: text().notNull(),
    owner: text().notNull(),
    leaseUntil: timestamp("lease_until", {
      withTimezone: true,
      mode: "string",
      precision: 3,
    }).notNull(),
  },
  (t) => [check("loan_list_worker_single_row", sql`${t.id} = 1`)],
);

/**
 * Progress of the portfolio reports being computed now, by any app instance:
 * the page's loading indicator polls it ("412 of 2,000 loans replayed"). A row
 * lives while its report runs; one not touched for a minute is a report whose
 * process died, and is ignored.
 */
export const reportProgress = pgTable("report_progress", {
  key: text().primaryKey(),
  done: integer().notNull(),
  total: integer().notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "string", precision: 3 })
    .notNull()
    .defaultNow(),
});

/**
 * How far the loans list last checked that every loan's live projection
 * covers its stream: the highest event and loan ids it had seen, and when it
 * last checked every loan. Only events and loans after these are checked on
 * a read; every loan again once the sweep is due.
 */
export const loanListCoverage = pgTable(
  "loan_list_coverage",
  {
    id: integer().primaryKey(),
    eventId: bigint("event_id", { mode: "number" }).notNull(),
    loanId: bigint("loan_id", { mode: "number" }).notNull(),
    sweptAt: timestamp("swept_at", { withTimezone: true, mode: "string", precision: 3 }).notNull(),
    /** The periodic check of every loan goes a slice per read: the last loan id it checked (0: from the start). */
    sweepAfter: bigint("sweep_after", { mode: "number" }).notNull().default(0),
  },
  (t) => [check("loan_list_coverage_single_row", sql`${t.id} = 1`)],
);

/**
 * Portfolio reports as filed: the figures an auditor signed off, with what
 * they were computed from (as-of date, knowledge cut-off, engine version,
 * event high-water mark), so they can be re-run and compared later.
 */
export const savedReports = pgTable("saved_reports", {
  id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  asOf: date("as_of", { mode: "string" }).notNull(),
  knownAt: timestamp("known_at", { withTimezone: true, mode: "string", precision: 3 }).notNull(),
  generatedAt: timestamp("generated_at", {
    withTimezone: true,
    mode: "string",
    precision: 3,
  }).notNull(),
  generatedBy: text("generated_by").notNull(),
  engineVersion: text("engine_version").notNull(),
  highWaterEventId: bigint("high_water_event_id", { mode: "number" }).notNull(),
  report: jsonb().notNull(),
});

/**
 * The runs of the sharded jobs (db/jobs): the nightly batch for a date, or a
 * portfolio report fanned out over loan-id ranges. One row per run, keyed so
 * that starting the same run twice (a re-run, a second worker, the cron and a
 * person) finds the first one. `result` is the merged report once every
 * shard is done.
 */
export const batchRuns = pgTable("batch_runs", {
  key: text().primaryKey(),
  kind: text().notNull(),
  /** What the run was asked for (through date, report date and cut-off, ...). */
  params: jsonb().$type<Record<string, unknown>>().notNull(),
  shards: integer().notNull(),
  startedAt: timestamp("started_at", { withTimezone: true, mode: "string", precision: 3 })
    .notNull()
    .defaultNow(),
  finishedAt: timestamp("finished_at", { withTimezone: true, mode: "string", precision: 3 }),
  result: jsonb().$type<Record<string, unknown>>(),
});

/**
 * One shard of a run: a loan-id range, done once its work committed. A shard
 * whose worker died stays not done and is taken again; its work is
 * idempotent (the accrual skips the loan-days already accrued, a report
 * shard overwrites its own rows).
 */
export const batchShards = pgTable(
  "batch_shards",
  {
    runKey: text("run_key")
      .notNull()
      .references(() => batchRuns.key, { onDelete: "cascade" }),
    shard: integer().notNull(),
    fromLoanId: bigint("from_loan_id", { mode: "number" }).notNull(),
    toLoanId: bigint("to_loan_id", { mode: "number" }).notNull(),
    loans: integer().notNull(),
    /** Loans finished so far (progress; committed with each batch of work). */
    loansDone: integer("loans_done").notNull().default(0),
    attempts: integer().notNull().default(0),
    doneAt: timestamp("done_at", { withTimezone: true, mode: "string", precision: 3 }),
    result: jsonb().$type<Record<string, unknown>>(),
  },
  (t) => [primaryKey({ columns: [t.runKey, t.shard] })],
);

/**
 * Row-level change history of the mutable tables (the pghistory counterpart):
 * filled by triggers, never by application code; append-only like loan_events.
 */
export const rowHistory = pgTable(
  "row_history",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    tableName: text("table_name").notNull(),
    rowId: bigint("row_id", { mode: "number" }).notNull(),
    operation: text().notNull(),
    oldRow: jsonb("old_row").$type<Record<string, unknown>>(),
    newRow: jsonb("new_row").$type<Record<string, unknown>>(),
    changedAt: timestamp("changed_at", { withTimezone: true, mode: "string", precision: 3 })
      .notNull()
      .defaultNow(),
    actor: text().notNull(),
  },
  (t) => [
    index("row_history_row_idx").on(t.tableName, t.rowId, t.id),
    check("row_history_operation", sql`${t.operation} in ('INSERT', 'UPDATE', 'DELETE')`),
  ],
);

export type RowHistoryEntry = typeof rowHistory.$inferSelect;
export type Borrower = typeof borrowers.$inferSelect;
export type Loan = typeof loans.$inferSelect;
export type LoanEventRow = typeof loanEvents.$inferSelect;
export type NewLoanEventRow = typeof loanEvents.$inferInsert;
export type LoanProjectionRow = typeof loanProjections.$inferSelect;

export * from "./auth-schema";
export * from "./import-schema";
