/**
 * The business date rule: no event takes effect after the business date (the
 * service's "today", see db/services/context.ts `businessDate`). What lies in
 * the future (a payoff on the 15th, the next installment) is a projection
 * computed on request, never an event. Pure: the append path
 * (db/event-store/append.ts `prepareAppend`, which every write goes through)
 * calls it with the write's business date and refuses the whole append, so
 * nothing is written.
 */

export interface FutureDated {
  /** Position of the event in the list checked. */
  index: number;
  eventType: string;
  effectiveDate: string;
  message: string;
}

/** "Payment effective 2030-01-01 is after the business date 2026-12-01; events cannot take effect in the future." */
export function futureDateMessage(
  eventType: string,
  effectiveDate: string,
  businessDate: string,
): string {
  return `${label(eventType)} effective ${effectiveDate} is after the business date ${businessDate}; events cannot take effect in the future.`;
}

/** The events effective after `businessDate` (none: an empty list). Dates are YYYY-MM-DD. */
export function futureDated(
  events: ReadonlyArray<{ eventType: string; effectiveDate: string }>,
  businessDate: string,
): FutureDated[] {
  const problems: FutureDated[] = [];
  events.forEach((e, index) => {
    if (e.effectiveDate > businessDate) {
      problems.push({
        index,
        eventType: e.eventType,
        effectiveDate: e.effectiveDate,
        message: futureDateMessage(e.eventType, e.effectiveDate, businessDate),
      });
    }
  });
  return problems;
}

/**
 * The problem to tell the person about: the first event they asked for (a
 * payment, a fee...) rather than the interest catch-up the service planned in
 * front of it, which is future-dated only because the event is.
 */
export function mainProblem(problems: readonly FutureDated[]): FutureDated | undefined {
  return problems.find((p) => p.eventType !== "interest_accrual") ?? problems[0];
}

function label(eventType: string): string {
  const words = eventType.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The event type a servicing command is about (what a refusal names). */
const COMMAND_EVENT: Readonly<Record<string, string>> = {
  record_payment: "payment",
  assess_fee: "fee_assessment",
  waive_fee: "fee_waiver",
  reverse_payment: "reversal",
  reverse_event: "reversal",
  modify_terms: "modification",
  start_forbearance: "forbearance_start",
  end_forbearance: "forbearance_end",
  defer: "deferment",
  charge_off: "charge_off",
};

/**
 * A command dated after the business date, refused before anything is
 * decided (a payment dated 2199 would otherwise plan 63,000 accruals first).
 */
export function futureCommand(
  command: { type: string; effectiveDate?: string },
  businessDate: string,
): string | null {
  const date = command.effectiveDate;
  const eventType = COMMAND_EVENT[command.type];
  if (date === undefined || eventType === undefined || date <= businessDate) return null;
  return futureDateMessage(eventType, date, businessDate);
}
