import { asc, inArray } from "drizzle-orm";
import { AppError } from "../../lib/app-error";
import { addDays, isIsoDate } from "../../lib/dates";
import { decide, earliestDateRead } from "../../lib/servicing/decide";
import {
  lockLoansForWrite,
  type PreparedAppend,
  prepareAppend,
  writePrepared,
} from "../event-store/append";
import { loans } from "../schema";
import { businessDate, systemClock, type WriteContext } from "./context";

export interface AccrueOptions extends WriteContext {
  /**
   * Accrue every day up to and including this date: never after the business
   * date (refused); default the day before it.
   */
  through?: string;
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
 * interest_accrual per day not yet accrued, up to `through` (by default the
 * day before the business date, never after it; see lib/servicing/accrual.ts
 * for which days accrue and how). Idempotent: days
 * already accrued are skipped, so re-running appends nothing.
 *
 * Decided from state: each batch of loans is locked, their live projections
 * read in one query (a base snapshot only for a loan with events dated after
 * its last accrual), and the accruals, projections and snapshots written with
 * a few multi-row statements: the cost does not grow with the histories.
 */
export async function accrueInterest(options: AccrueOptions): Promise<AccrueResult> {
  const clock = options.clock ?? systemClock;
  const today = businessDate(clock);
  const through = options.through ?? addDays(today, -1);
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
  const { db } = options;
  const all = await db
    .select({ id: loans.id })
    .from(loans)
    .where(options.loanNumbers ? inArray(loans.loanNumber, [...options.loanNumbers]) : undefined)
    .orderBy(asc(loans.id));
  const batchSize = options.batchSize ?? 200;
  const command = { type: "accrue", through } as const;
  const result: AccrueResult = {
    through,
    loansScanned: all.length,
    loansAccrued: 0,
    eventsAppended: 0,
  };
  for (let i = 0; i < all.length; i += batchSize) {
    const batch = all.slice(i, i + batchSize);
    await db.transaction(async (tx) => {
      // Accruals never touch the payment log: read and write the states without it.
      const targets = await lockLoansForWrite(
        tx,
        batch.map((l) => l.id),
        { withPayments: false },
      );
      const recordedAt = clock().toISOString();
      const prepared: PreparedAppend[] = [];
      for (const target of targets.values()) {
        const model = await target.modelFor(earliestDateRead(target.projection.state, command));
        const events = decide(model, command, { today, actor: options.actor });
        if (events.length === 0) continue;
        prepared.push(
          prepareAppend(target, model, {
            actor: options.actor,
            recordedAt,
            businessDate: today,
            events,
          }),
        );
        result.loansAccrued += 1;
        result.eventsAppended += events.length;
      }
      await writePrepared(tx, prepared);
    });
    options.onProgress?.(Math.min(i + batchSize, all.length), all.length);
  }
  return result;
}
