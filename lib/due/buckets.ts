/**
 * Delinquency buckets by days past due: 0 is `current`; then 1-29, 30-59,
 * 60-89, 90-119 and 120 or more (both ends of each range included).
 */

export const DELINQUENCY_BUCKETS = ["current", "1-29", "30-59", "60-89", "90-119", "120+"] as const;
export type DelinquencyBucket = (typeof DELINQUENCY_BUCKETS)[number];

export function isDelinquencyBucket(value: unknown): value is DelinquencyBucket {
  return typeof value === "string" && (DELINQUENCY_BUCKETS as readonly string[]).includes(value);
}

/** The bucket of a number of days past due (negative or fractional input is a programming error). */
export function bucketFor(daysPastDue: number): DelinquencyBucket {
  if (!Number.isInteger(daysPastDue) || daysPastDue < 0) {
    throw new RangeError(`days past due must be a whole number >= 0, got ${daysPastDue}`);
  }
  if (daysPastDue === 0) return "current";
  if (daysPastDue < 30) return "1-29";
  if (daysPastDue < 60) return "30-59";
  if (daysPastDue < 90) return "60-89";
  if (daysPastDue < 120) return "90-119";
  return "120+";
}
