import { and, asc, gte, inArray, lte } from "drizzle-orm";
import { AppError } from "../../lib/app-error";
import { addDays, isIsoDate } from "../../lib/dates";
import { unpaidInstallments } from "../../lib/delinquency/basis";
import {
  graceEndedFor,
  type LateFeeDue,
  lateFeePayload,
  lateFeeRuleFor,
  lateFeesDue,
} from "../../lib/due/late-fees";
import { decide, type EventInput, earliestDateRead } from "../../lib/servicing/decide";
import type { Database } from "../client";
import {
  type LoanForWrite,
  lockLoansForWrite,
  type PreparedAppend,
  prepareAppend,
  writePrepared,
} from "../event-store/append";
import { loans } from "../schema";
import { businessDate, systemClock, type WriteContext } from "./context";

/**
 * Batches in flight for an engine: on a Postgres server two (a connection
 * each; one is decided and signed here while the other is written), on PGlite
 * one (a single connection). The workers, `cli accrue` and the benchmarks use it.
 */
export function accrualLanes(engine: "pglite" | "postgres" | undefined): number {
  return engine === "postgres" ? 2 : 1;
}

export interface AccrueOptions extends WriteContext {
  /**
   * Accrue every day up to and including this date: never after the business
   * date (refused); default the day before it.
   */
  through?: string;
  /** Only these loans (default: the whole book). */
  loanNumbers?: readonly string[];
  /** Only the loans whose id is in this range, inclusive (a shard of the nightly batch). */
  loanIds?: { from: number; to: number };
  /** Loans per transaction (default 200). */
  batchSize?: number;
  /**
   * Batches in flight at once, each its own transaction on its own
   * connection, on disjoint loans (default 1). Only on the Postgres server:
   * PGlite has one connection.
   */
  inFlight?: number;
  /**
   * Called inside each batch's transaction after its events are written, with
   * the loans done so far and what this batch appended: what it writes (a
   * shard's progress and tally) commits with the accruals or not at all.
   */
  inBatch?: (tx: Transaction, done: number, total: number, batch: BatchTally) => Promise<void>;
  /** Assess late fees by the product rule (lib/due/late-fees.ts); default true. */
  lateFees?: boolean;
  onProgress?: (done: number, total: number) => void;
}

type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** What one batch's transaction appended (its share of an AccrueResult). */
interface BatchTally {
  loansAccrued: number;
  eventsAppended: number;
  lateFeesAssessed: number;
}

export interface AccrueResult {
  through: string;
  loansScanned: number;
  loansAccrued: number;
  /** Every event appended: the accruals and the late fees. */
  eventsAppended: number;
  lateFeesAssessed: number;
  /**
   * Loans not accrued because their history does not verify (appends to them
   * are refused: run `cli verify`); absent when there are none.
   */
  refused?: { loanNumber: string; reason: string }[];
}

/**
 * The last day an accrual may reach: a real date, not after the business date
 * `today` (the accrual job and the nightly batch both check it before any work).
 */
export function checkAccrualThrough(through: string, today: string): void {
  if (!isIsoDate(through)) {
    throw new AppError(
      "invalid_input",
      `--through must be a real date YYYY-MM-DD, got ${JSON.stringify(through)}.`,
    );
  }
  if (through > today) {
    throw new AppError(
      "rule_violation",
      `Accrual through ${through} is after the business date ${today}; interest never accrues ahead of the business date.`,
      { field: "through", businessDate: today },
    );
  }
}

/**
 * The daily interest accrual job. For each loan that accrues, appends one
 * interest_accrual per day not yet accrued, up to `through` (by default the
 * day before the business date, never after it; see lib/servicing/accrual.ts
 * for which days accrue and how). Idempotent: days
 * already accrued are skipped, so re-running appends nothing.
 *
 * Decided from state: each batch of loans is locked, their live projections
 * read in one query (a base snapshot only for a loan with events dated after
 * its last accrual), and the accruals, projections and snapshots written with
 * a few multi-row statements: the cost does not grow with the histories.
 *
 * Late fees (lib/due/late-fees.ts): for a product with a rule, each
 * installment still unpaid `graceDays` after its due date gets one
 * fee_assessment (feeType "late", the installment's dueDate in the payload),
 * in the same append as the accruals, effective when the grace ended or at
 * the loan's latest event if later, never after `through`. Read from the
 * projection's due basis (which installments are unpaid, which have had a
 * late fee): a loan whose oldest unpaid installment is still within its grace
 * costs nothing more. Under the batch's lock, so a re-run or a second worker
 * finds the fee in the basis and assesses nothing twice.
 */
export async function accrueInterest(options: AccrueOptions): Promise<AccrueResult> {
  const clock = options.clock ?? systemClock;
  const today = businessDate(clock);
  const through = options.through ?? addDays(today, -1);
  checkAccrualThrough(through, today);
  const { db } = options;
  const all = await db
    .select({ id: loans.id })
    .from(loans)
    .where(
      and(
        options.loanNumbers ? inArray(loans.loanNumber, [...options.loanNumbers]) : undefined,
        options.loanIds ? gte(loans.id, options.loanIds.from) : undefined,
        options.loanIds ? lte(loans.id, options.loanIds.to) : undefined,
      ),
    )
    .orderBy(asc(loans.id));
  const batchSize = options.batchSize ?? 200;
  const command = { type: "accrue", through } as const;
  const result: AccrueResult = {
    through,
    loansScanned: all.length,
    loansAccrued: 0,
    eventsAppended: 0,
    lateFeesAssessed: 0,
  };
  // Loans whose batch has committed (progress is counted, never an index:
  // with batches in flight they commit in any order).
  let committed = 0;
  const accrueBatch = async (batch: readonly { id: number }[]) => {
    const tally: BatchTally = { loansAccrued: 0, eventsAppended: 0, lateFeesAssessed: 0 };
    await db.transaction(async (tx) => {
      // Accruals never touch the payment log: read and write the states without it.
      const targets = await lockLoansForWrite(
        tx,
        batch.map((l) => l.id),
        {
          withPayments: false,
          // One loan whose chain does not verify must not stop the others' accrual.
          onRefused: (loanNumber, error) => {
            result.refused ??= [];
            result.refused.push({ loanNumber, reason: error.message });
            console.warn(`[accrual] ${error.message}`);
          },
        },
      );
      const recordedAt = clock().toISOString();
      const prepared: PreparedAppend[] = [];
      for (const target of targets.values()) {
        const model = await target.modelFor(earliestDateRead(target.projection.state, command));
        const accruals = decide(model, command, { today, actor: options.actor });
        const fees = options.lateFees === false ? [] : lateFeesFor(target, through);
        const events = fees.length > 0 ? withLateFees(accruals, fees) : accruals;
        if (events.length === 0) continue;
        tally.lateFeesAssessed += fees.length;
        prepared.push(
          prepareAppend(target, model, {
            actor: options.actor,
            recordedAt,
            businessDate: today,
            events,
          }),
        );
        tally.loansAccrued += 1;
        tally.eventsAppended += events.length;
      }
      await writePrepared(tx, prepared);
      await options.inBatch?.(tx, committed + batch.length, all.length, tally);
    });
    // Counted once the batch has committed (a rolled-back batch appended nothing).
    committed += batch.length;
    result.loansAccrued += tally.loansAccrued;
    result.eventsAppended += tally.eventsAppended;
    result.lateFeesAssessed += tally.lateFeesAssessed;
    options.onProgress?.(committed, all.length);
  };
  // `inFlight` lanes take the next batch in id order as each finishes: while
  // one transaction waits on the database, another is decided and signed here.
  // A failed batch stops the other lanes from starting more (the caller has its error).
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (next < all.length && !failed) {
      const batch = all.slice(next, next + batchSize);
      next += batchSize;
      try {
        await accrueBatch(batch);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  // Every lane settles before an error is rethrown: no batch is still writing when the caller sees it.
  const lanes = await Promise.allSettled(
    Array.from({ length: Math.max(1, options.inFlight ?? 1) }, lane),
  );
  const failure = lanes.find((l): l is PromiseRejectedResult => l.status === "rejected");
  if (failure) throw failure.reason;
  return result;
}

/**
 * The late fees a loan owes by `through`, from its projection (state and due
 * basis, read under the lock): none unless its product has a rule and its
 * oldest unpaid installment's grace period ended by then.
 */
function lateFeesFor(target: LoanForWrite, through: string): LateFeeDue[] {
  const rule = lateFeeRuleFor(target.loan.product);
  const { state, due } = target.projection;
  if (!rule || due.since === null) return [];
  const dueBy = graceEndedFor(rule, through);
  if (due.since > dueBy) return [];
  return lateFeesDue(unpaidInstallments(due, state, dueBy), {
    rule,
    through,
    notBefore: state.facts.lastEffectiveDate,
    assessed: due.lateFees,
  });
}

/** The accruals (in date order) with each late fee after the accruals of its date and before later ones. */
function withLateFees(accruals: readonly EventInput[], fees: readonly LateFeeDue[]): EventInput[] {
  const ordered = [...fees].sort((a, b) =>
    a.effectiveDate === b.effectiveDate
      ? a.dueDate.localeCompare(b.dueDate)
      : a.effectiveDate.localeCompare(b.effectiveDate),
  );
  const out: EventInput[] = [];
  let next = 0;
  const fee = (f: LateFeeDue): EventInput => ({
    eventType: "fee_assessment",
    effectiveDate: f.effectiveDate,
    eventData: lateFeePayload(f),
  });
  for (const a of accruals) {
    while (next < ordered.length && (ordered[next] as LateFeeDue).effectiveDate < a.effectiveDate) {
      out.push(fee(ordered[next++] as LateFeeDue));
    }
    out.push(a);
  }
  while (next < ordered.length) out.push(fee(ordered[next++] as LateFeeDue));
  return out;
}
