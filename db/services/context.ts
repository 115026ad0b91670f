import { sql } from "drizzle-orm";
import type { Database } from "../client";
import { readBusinessDateEnv } from "../env";

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

/**
 * The business date (YYYY-MM-DD), the one definition the server, the forms,
 * the command line, the accrual job and the seed share: no event may take
 * effect after it (see lib/servicing/business-date.ts). LOAN_REPLAY_BUSINESS_DATE
 * sets it (validated with the rest of the environment at start-up, see
 * db/env.ts); unset, it is the UTC date of `clock` (injectable: tests fix it).
 */
export function businessDate(clock: Clock = systemClock): string {
  return configuredBusinessDate() ?? clock().toISOString().slice(0, 10);
}

/** The business date of a write recorded at `recordedAt` (an ISO timestamp from its clock). */
export function businessDateAt(recordedAt: string): string {
  return configuredBusinessDate() ?? new Date(recordedAt).toISOString().slice(0, 10);
}

let cached: { raw: string | undefined; date: string | null } | null = null;

/** LOAN_REPLAY_BUSINESS_DATE, parsed once per value (null when unset). */
function configuredBusinessDate(): string | null {
  const raw = process.env.LOAN_REPLAY_BUSINESS_DATE;
  if (cached === null || cached.raw !== raw)
    cached = { raw, date: readBusinessDateEnv({ LOAN_REPLAY_BUSINESS_DATE: raw }) };
  return cached.date;
}

/**
 * Name the acting user for the row-level history triggers, for the rest of
 * the transaction (set_config(..., true) is transaction-local).
 */
export async function setActor(tx: Pick<Database, "execute">, actor: string): Promise<void> {
  await tx.execute(sql`select set_config('app.actor', ${actor}, true)`);
}
