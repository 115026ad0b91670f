/**
 * Exact fast checks for the payload nearly every stored row carries: a plain
 * daily interest accrual (no `adjusts`, no `restatement`). Reading a book
 * parses millions of them, and zod's general machinery was most of a read's
 * cost. The check accepts exactly what interestAccrualPayload accepts for that
 * shape and returns what it returns; anything else (another type, an
 * adjustment, a restatement tag, any field in doubt) answers null and goes
 * through zod, which also gives the error message. A property test holds the
 * two together (tests/unit/fast-payloads.test.ts).
 */
import { DAY_COUNTS } from "../day-count";
import type { EventType } from "./event-types";
import { INTEREST_RE, isRateInRange, RATE_RE, SIGNED_INTEREST_RE } from "./schemas";
import type { EventPayload } from "./types";

const DAY_COUNT_SET: ReadonlySet<unknown> = new Set(DAY_COUNTS);

function plainAccrual(data: Record<string, unknown>): EventPayload<"interest_accrual"> | null {
  if (data.adjusts !== undefined || data.restatement !== undefined) return null;
  const { amount, rate, dayCount, days, principalBasis } = data;
  if (typeof amount !== "string" || !SIGNED_INTEREST_RE.test(amount) || amount.startsWith("-")) {
    return null;
  }
  if (typeof rate !== "string" || !RATE_RE.test(rate) || !isRateInRange(rate)) return null;
  if (!DAY_COUNT_SET.has(dayCount)) return null;
  if (typeof days !== "number" || !Number.isInteger(days) || days < 0 || days > 36600) return null;
  if (typeof principalBasis !== "string" || !INTEREST_RE.test(principalBasis)) return null;
  // zod's loose object: a new object with every key kept.
  return { ...data } as EventPayload<"interest_accrual">;
}

/** The payload if the fast check can vouch for it, else null (ask the zod schema). */
export function fastPayload<K extends EventType>(
  eventType: K,
  data: unknown,
): EventPayload<K> | null {
  if (eventType !== "interest_accrual") return null;
  if (typeof data !== "object" || data === null || Array.isArray(data)) return null;
  if (Object.getPrototypeOf(data) !== Object.prototype || Object.hasOwn(data, "__proto__")) {
    return null;
  }
  return plainAccrual(data as Record<string, unknown>) as EventPayload<K> | null;
}
