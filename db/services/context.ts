import { sql } from "drizzle-orm";
import type { Database } from "../client";

/** The system clock, passed in so tests and the seed generator can fix "now". */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** What every write needs: where, who, and when. */
export interface WriteContext {
  db: Database;
  /** Who appends the events (recorded_by). */
  actor: string;
  clock?: Clock;
}

/** Today's business date in UTC (YYYY-MM-DD). */
export function businessDate(clock: Clock = systemClock): string {
  return clock().toISOString().slice(0, 10);
}

/**
 * Name the acting user for the row-level history triggers, for the rest of
 * the transaction (set_config(..., true) is transaction-local).
 */
export async function setActor(tx: Pick<Database, "execute">, actor: string): Promise<void> {
  await tx.execute(sql`select set_config('app.actor', ${actor}, true)`);
}
