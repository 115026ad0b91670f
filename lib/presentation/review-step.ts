/**
 * The dispute step-through's wire types: what the browser asks for (where to
 * go) and what the server sends back (one replay step, its place among the
 * events visited, and its neighbours). The step is computed on the server.
 */
import type { EventType } from "../events/event-types";
import type { ReplayStep } from "../replay/replay";
import type { StepMarks } from "./corrections";

/** Where to go: an event (the first visited at or after it), moved `by`; an edge; a date. */
export type ReviewTarget =
  | { at: number; by?: number }
  | { edge: "first" | "last" }
  | { date: string };

export type ReviewStepRequest = {
  loanNumber: string;
  asOf: string;
  knownAt?: string | null;
  /** Step over daily interest accruals (still applied). */
  skipAccruals: boolean;
} & ReviewTarget;

export interface VisitedEvent {
  sequenceNumber: number;
  eventType: EventType;
  effectiveDate: string;
}

export interface ReviewStep {
  step: ReplayStep;
  explanation: string;
  /** 0-based position among the visited events, and how many there are. */
  position: number;
  count: number;
  /** The visited events around it (it included), in sequence order. */
  around: VisitedEvent[];
  skipAccruals: boolean;
  /** Backdated, part of a correction, reversed later, re-applied (lib/presentation/corrections.ts). */
  marks?: StepMarks;
  /** Why this is not the step asked for (an event unknown then, a date after every event); else absent. */
  notice?: string;
}
