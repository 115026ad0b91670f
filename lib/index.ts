/**
 * loan-replay engine: the public API. Pure TypeScript (no I/O, no Node-only
 * modules), usable from server code, the CLI and the browser.
 */

export * from "./amortization";
export * from "./dates";
export * from "./day-count";
export { EVENT_TYPES, type EventType, isEventType } from "./events/event-types";
export {
  describeIssue,
  EventParseError,
  loanEventSchema,
  parseEvent,
  parseEvents,
  parsePayload,
  type SafeParseEventResult,
  safeParseEvent,
} from "./events/parse";
export * from "./events/schemas";
export type * from "./events/types";
export * from "./money";
export { applyEvent, type Handler, handlers } from "./replay/handlers";
export {
  diffSnapshots,
  type FieldChange,
  type FieldValue,
  foldEvents,
  orderEvents,
  type ReplayOptions,
  type ReplayResult,
  type ReplayStep,
  replay,
  replayState,
} from "./replay/replay";
export {
  type ChargeOffInfo,
  type EngineState,
  emptyState,
  type ForbearanceInfo,
  initialEngineState,
  LOAN_STATUSES,
  type LoanStanding,
  type LoanState,
  type LoanStatus,
  type LoanTerms,
  type LoanTotals,
  type PaymentView,
  toLoanState,
  toStanding,
  type Warning,
} from "./replay/state";
