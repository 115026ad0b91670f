/**
 * Derived views of a loan (DOMAIN.md "Derived views"): the installment
 * schedule, amounts due and delinquency, and payoff quotes, as of any date
 * and as known at any time. Pure: no I/O. Rules in docs/due.md.
 */
export {
  amountsDue,
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
  dueFromEvents,
  payoffFromEvents,
  writeModelOf,
} from "./from-events";
export { type PayoffQuote, payoffQuote } from "./payoff";
export {
  SCHEDULE_EVENT_TYPES,
  type ScheduleEvent,
  scheduleEvents,
} from "./schedule";
export { toleranceFor } from "./tolerance";
export { eventsInView } from "./view";
