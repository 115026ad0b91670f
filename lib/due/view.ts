/**
 * The events in view "as of D, as known at T", chosen exactly as replay
 * chooses them (lib/replay/replay.ts, DOMAIN.md "Replay algorithm" step 3):
 * ordered by sequence number (orderEvents: stable, duplicates dropped), those
 * with effectiveDate <= D and, when T is given, recordedAt <= T (an event
 * without a recordedAt, or with one that does not parse, is always known).
 * Folding them with foldEvents gives replay's state (less its stream warnings);
 * tests/unit/due/view.test.ts checks the two agree.
 */
import { AppError } from "../app-error";
import { type Instant, isIsoDate, parseTimestamp } from "../dates";
import type { LoanEvent } from "../events/types";
import { inView, orderEvents } from "../replay/replay";

export interface ViewOptions {
  /** As of this business date (YYYY-MM-DD). */
  asOf: string;
  /** As known at this instant (ISO timestamp); null or absent: everything recorded. */
  knownAt?: string | null;
}

export function checkAsOf(asOf: string, what = "as-of date"): void {
  if (!isIsoDate(asOf)) {
    throw new AppError(
      "invalid_input",
      `The ${what} must be a valid date YYYY-MM-DD, got ${JSON.stringify(asOf)}.`,
      { field: "asOf", value: asOf },
    );
  }
}

function knownAtInstant(knownAt: string | null | undefined): Instant | null {
  if (knownAt === null || knownAt === undefined) return null;
  const at = parseTimestamp(knownAt);
  if (!at) {
    throw new AppError(
      "invalid_input",
      `The known-at time must be an ISO timestamp such as 2025-03-01T12:00:00Z, got ${JSON.stringify(knownAt)}.`,
      { field: "knownAt", value: knownAt },
    );
  }
  return at;
}

/** The events replay as of `asOf` (as known at `knownAt`) applies, in the order it applies them. */
export function eventsInView(events: readonly LoanEvent[], options: ViewOptions): LoanEvent[] {
  checkAsOf(options.asOf);
  return orderEvents(events).ordered.filter(inView(options.asOf, knownAtInstant(options.knownAt)));
}
