/**
 * The Review step behind the loan page's forms: the same command a form
 * would post, previewed (db/services/servicing.ts previewServicingCommand:
 * every check, nothing written) and put in words for the Review panel
 * (lib/presentation/append-review.ts). The page's expected sequence is not
 * used: the preview is computed from the loan as it is now, and the form
 * posts with the sequence the preview saw, so a change in between is a
 * conflict.
 */
import type { Database } from "@/db/client";
import { loadProjections } from "@/db/event-store/projection";
import { readDescribedEvent } from "@/db/event-store/timeline";
import { previewServicingCommand } from "@/db/services/servicing";
import type { EventType } from "@/lib/events/event-types";
import { moneyString } from "@/lib/money";
import {
  type AppendReview,
  type LoanStanding,
  type OriginalPayment,
  reviewOfPreview,
} from "@/lib/presentation/append-review";
import { requireLoan } from "./loan";
import type { CommandWrite } from "./schemas";

/** Re-applied payments read for "was ... now ..." at most (one indexed read each). */
const MAX_ORIGINALS = 60;

export async function previewCommandForm(
  db: Database,
  input: CommandWrite,
  actor: string,
): Promise<AppendReview> {
  if (!actor) throw new Error("a preview needs the signed-in person's actor");
  const { loanNumber, expectedSequence: _seen, ...command } = input;
  const preview = await previewServicingCommand({ db, actor, loanNumber, command });
  const reapplied = preview.restatement?.reappliedPayments.slice(0, MAX_ORIGINALS) ?? [];
  // The stored events the command's own reversals reverse (their type names them).
  const targets = preview.events.flatMap((e) =>
    e.role === "correction" && e.eventType === "reversal"
      ? [(e.eventData as { reversedSequence: number }).reversedSequence]
      : [],
  );
  let originals: OriginalPayment[] = [];
  const targetTypes = new Map<number, EventType>();
  const pays = preview.events.some((e) => e.role === "correction" && e.eventType === "payment");
  const loan =
    pays || reapplied.length > 0 || targets.length > 0 ? await requireLoan(db, loanNumber) : null;
  // A payment's warnings (paid-off loan, far above the balance) are judged against the loan now.
  const standing = pays && loan ? await standingOf(db, loan.id) : null;
  if (loan && (reapplied.length > 0 || targets.length > 0)) {
    const [payments, reversed] = await Promise.all([
      Promise.all(reapplied.map((seq) => readDescribedEvent(db, loan.id, seq))),
      Promise.all(targets.map((seq) => readDescribedEvent(db, loan.id, seq))),
    ]);
    originals = payments.flatMap((r) =>
      r && r.event.eventType === "payment"
        ? [{ sequenceNumber: r.event.sequenceNumber, eventData: r.event.eventData }]
        : [],
    );
    for (const r of reversed) if (r) targetTypes.set(r.event.sequenceNumber, r.event.eventType);
  }
  return reviewOfPreview(preview, originals, targetTypes, standing);
}

/** The loan's status and what it owes now, from its live projection (one read). */
async function standingOf(db: Database, loanId: number): Promise<LoanStanding | null> {
  const state = (await loadProjections(db, [loanId])).get(loanId)?.state;
  if (!state) return null;
  return {
    status: state.status,
    totalOutstanding: moneyString(state.principal.plus(state.interest).plus(state.fees)),
  };
}
