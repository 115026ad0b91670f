import { count } from "drizzle-orm";
import { addDays } from "../../lib/dates";
import type { Database } from "../client";
import { countEventsNotRecordedBy } from "../event-store/read";
import { loans } from "../schema";
import { businessDate, type Clock } from "../services/context";
import { seedPortfolio } from "./portfolio";

export interface DemoSeedOptions {
  loans: number;
  years: number;
  seed: number;
  /** Last simulated day; defaults to the day before the business date (never after it). */
  through?: string;
}

export interface DemoSeedStatus {
  state: "disabled" | "seeding" | "ready" | "failed";
  done: number;
  total: number;
  error?: string;
}

/** The day before the business date (LOAN_REPLAY_BUSINESS_DATE, else today UTC). */
function yesterday(clock?: Clock): string {
  return addDays(businessDate(clock), -1);
}

/**
 * Load the demo portfolio into a database that holds nothing but (part of) it.
 * The generator is deterministic per loan, so a start interrupted half-way
 * resumes where it stopped; a database with any loan or event written by
 * someone other than the seed is left alone.
 */
export async function ensureDemoPortfolio(
  db: Database,
  options: DemoSeedOptions,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<void> {
  const [existing] = await db.select({ n: count() }).from(loans);
  const present = existing?.n ?? 0;
  if (present >= options.loans) return onProgress(options.loans, options.loans);
  if (present > 0) {
    const foreign = await countEventsNotRecordedBy(db, ["seed:", "system:"]);
    if (foreign > 0) return onProgress(options.loans, options.loans);
  }
  await seedPortfolio({
    db,
    loans: options.loans,
    years: options.years,
    seed: options.seed,
    through: options.through ?? yesterday(),
    startAt: present,
    onProgress,
  });
  // No snapshot rebuild: the appends took the month-end snapshots as they went.
}
