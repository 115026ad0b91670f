/**
 * The limits on counts of months, one set for the event schemas (what history
 * may hold) and the servicing commands (what a servicer may ask for).
 */
export const LIMITS = {
  /** A loan's term: 50 years. */
  termMonths: { min: 1, max: 600 },
  /** One forbearance's term extension: 10 years. */
  extendedMonths: { min: 1, max: 120 },
  /** Payments one deferment moves out: 5 years. */
  defermentPeriods: { min: 1, max: 60 },
} as const;

/** How a payment can be received (the form's choices and the command's). */
export const PAYMENT_METHODS = ["ach", "check", "card", "wire", "cash"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
