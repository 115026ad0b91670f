/** The twelve event types, named exactly as DOMAIN.md fixes them. The database enum is built from this list. */
export const EVENT_TYPES = [
  "origination",
  "disbursement",
  "payment",
  "interest_accrual",
  "fee_assessment",
  "fee_waiver",
  "modification",
  "forbearance_start",
  "forbearance_end",
  "deferment",
  "charge_off",
  "reversal",
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(value: unknown): value is EventType {
  return typeof value === "string" && (EVENT_TYPES as readonly string[]).includes(value);
}
