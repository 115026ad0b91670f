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

const END_OF_TIME = "9999-12-31";

/**
 * Problems `candidate` would cause if appended after `history` (empty = acceptable).
 * The history is replayed with every event in effect (as of the end of time), so a
 * backdated candidate is checked against everything recorded so far.
 */
export function validateAppend(
  history: readonly LoanEvent[],
  candidate: LoanEvent,
): AppendProblem[] {
  const problems: AppendProblem[] = [];
  let last = 0;
  for (const e of history) if (e.sequenceNumber > last) last = e.sequenceNumber;
  if (candidate.sequenceNumber !== last + 1) {
    problems.push({
      sequenceNumber: candidate.sequenceNumber,
      message: `sequence number must be ${last + 1} (the next after #${last})`,
    });
    return problems;
  }
  const { state } = replay([...history, candidate], END_OF_TIME);
  for (const w of state.warnings) {
    if (w.sequenceNumber === candidate.sequenceNumber) problems.push(w);
  }
  return problems;
}
