/**
 * The write-path check: would appending `candidate` to `history` produce a
 * warning? DOMAIN.md: "Appending such an event in the first place is refused with a
 * clear error." The service layer calls this before inserting and refuses the
 * event if it returns problems.
 */
import type { LoanEvent } from "../events/types";
import { replay } from "./replay";

export interface AppendProblem {
  sequenceNumber: number;
  message: string;
}

/** An as-of date after every event: replay with the whole history in effect. */
export const END_OF_TIME = "9999-12-31";

/**
 * The warnings replay gives about `candidates` when they are appended after
 * `history` and every event is in effect: what the write path must refuse.
 */
export function replayWarningsFor(
  history: readonly LoanEvent[],
  candidates: readonly LoanEvent[],
): AppendProblem[] {
  const seqs = new Set(candidates.map((c) => c.sequenceNumber));
  const { state } = replay([...history, ...candidates], END_OF_TIME);
  return state.warnings.filter((w) => seqs.has(w.sequenceNumber));
}

/**
 * Problems `candidate` would cause if appended after `history` (empty = acceptable).
 * The history is replayed with every event in effect (as of the end of time), so a
 * backdated candidate is checked against everything recorded so far.
 */
export function validateAppend(
  history: readonly LoanEvent[],
  candidate: LoanEvent,
): AppendProblem[] {
  let last = 0;
  for (const e of history) if (e.sequenceNumber > last) last = e.sequenceNumber;
  if (candidate.sequenceNumber !== last + 1) {
    return [
      {
        sequenceNumber: candidate.sequenceNumber,
        message: `sequence number must be ${last + 1} (the next after #${last})`,
      },
    ];
  }
  return replayWarningsFor(history, [candidate]);
}
