import { asc, inArray } from "drizzle-orm";
import { AppError } from "../../lib/app-error";
import { isIsoDate } from "../../lib/dates";
import { planAccruals } from "../../lib/servicing/accrual";
import { loans, type NewLoanEventRow } from "../schema";
import { type EventInput, insertEventRows, prepareAppend } from "./append-events";
import { systemClock, type WriteContext } from "./context";
import { loadChains } from "./loan-history";

export interface AccrueOptions extends WriteContext {
  /** Accrue every day up to and including this date. */
  through: string;
  /** Only these loans (default: the whole book). */
  loanNumbers?: readonly string[];
  /** Loans per transaction (default 200). */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface AccrueResult {
  through: string;
  loansScanned: number;
  loansAccrued: number;
  eventsAppended: number;
}

/**
 * The daily interest accrual job. For each loan that accrues, appends one
 * interest_accrual per day not yet accrued, up to `through` (see
 * lib/servicing/accrual.ts for which days accrue and how). Idempotent: days
 * already accrued are skipped, so re-running appends nothing.
 *
 * Loans are processed in batches: one transaction locks a batch of loans,
 * reads their events with one query and writes the accruals with multi-row
 * inserts, so a run costs a few round trips per batch, not one per event.
 */
export async function accrueInterest(options: AccrueOptions): Promise<AccrueResult> {
  if (!isIsoDate(options.through)) {
    throw new AppError(
      "invalid_input",
      `--through must be a real date YYYY-MM-DD, got ${JSON.stringify(options.through)}.`,
    );
  }
  const { db } = options;
  const all = await db
    .select({ id: loans.id, loanNumber: loans.loanNumber, product: loans.product })
    .from(loans)
    .where(options.loanNumbers ? inArray(loans.loanNumber, [...options.loanNumbers]) : undefined)
    .orderBy(asc(loans.id));
  const batchSize = options.batchSize ?? 200;
  const clock = options.clock ?? systemClock;
  const result: AccrueResult = {
    through: options.through,
    loansScanned: all.length,
    loansAccrued: 0,
    eventsAppended: 0,
  };
  for (let i = 0; i < all.length; i += batchSize) {
    const batch = all.slice(i, i + batchSize);
    await db.transaction(async (tx) => {
      const ids = batch.map((l) => l.id);
      // Lock in id order (the same order every writer uses) to avoid deadlocks.
      await tx
        .select({ id: loans.id })
        .from(loans)
        .where(inArray(loans.id, ids))
        .orderBy(asc(loans.id))
        .for("update");
      const chains = await loadChains(tx, ids);
      const rows: NewLoanEventRow[] = [];
      for (const loan of batch) {
        const { events: history, lastHash } = chains.get(loan.id) ?? { events: [], lastHash: null };
        const plan = planAccruals(history, options.through);
        if (plan.length === 0) continue;
        const inputs: EventInput[] = plan.map((p) => ({ eventType: "interest_accrual", ...p }));
        // Same validation as a single append; rows are inserted per batch, not per loan.
        const prepared = prepareAppend({ ...loan, lastHash }, history, {
          actor: options.actor,
          clock,
          events: inputs,
        });
        rows.push(...prepared.rows);
        result.loansAccrued += 1;
        result.eventsAppended += inputs.length;
      }
      await insertEventRows(tx, rows);
    });
    options.onProgress?.(Math.min(i + batchSize, all.length), all.length);
  }
  return result;
}
