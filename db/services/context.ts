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
