/**
 * Derived views of a loan (DOMAIN.md "Derived views"): the installment
 * schedule, amounts due and delinquency, and payoff quotes, as of any date
 * and as known at any time. Pure: no I/O. Rules in docs/due.md.
 */
export {
  amountsDue,
  type DueOptions,
  type DueState,
  type DueView,
  hasInstallmentsDue,
  type InstallmentView,
} from "./amounts-due";
export {
  bucketFor,
  DELINQUENCY_BUCKETS,
  type DelinquencyBucket,
  isDelinquencyBucket,
} from "./buckets";
export {
  type DueFromEventsOptions,
  dueFromEvents,
  type PayoffFromEventsOptions,
  payoffFromEvents,
  writeModelOf,
} from "./from-events";
export { countedPayments, payableBalance, payableCents } from "./payable";
export { type PayoffOptions, type PayoffQuote, payoffQuote } from "./payoff";
export {
  dueDates,
  type InstallmentKind,
  installmentSchedule,
  isScheduleEvent,
  SCHEDULE_EVENT_TYPES,
  type ScheduledInstallment,
  type ScheduleEvent,
  scheduleEvents,
} from "./schedule";
export { DEFAULT_TOLERANCE, DELINQUENCY_TOLERANCES, toleranceFor } from "./tolerance";
export { eventsInView, type ViewOptions } from "./view";
