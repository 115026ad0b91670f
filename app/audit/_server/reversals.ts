/**
 * What later events did to the events on an audit page (a reversed payment
 * never reads "applied"): the reversals of each loan on the page, from the
 * loans' live projections (one statement for the loan ids, one for the
 * projections, whatever the page size; only loans with a payment, fee,
 * waiver, charge-off or reversal on the page are read).
 */
import { inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import type { AuditRow } from "@/db/event-store/audit-log";
import { loadProjections } from "@/db/event-store/projection";
import { loans } from "@/db/schema";
import type { EventType } from "@/lib/events/event-types";
import { type ReversalFacts, reversalFacts } from "@/lib/presentation/corrections";

const REVERSIBLE_OR_REVERSAL: ReadonlySet<EventType> = new Set([
  "payment",
  "fee_assessment",
  "fee_waiver",
  "charge_off",
  "reversal",
]);

/** Each loan number on the page whose rows a reversal concerns, with its reversal facts. */
export async function reversalsOfRows(
  db: Database,
  rows: readonly AuditRow[],
): Promise<Map<string, ReversalFacts>> {
  const numbers = [
    ...new Set(
      rows.filter((r) => REVERSIBLE_OR_REVERSAL.has(r.eventType)).map((r) => r.loanNumber),
    ),
  ];
  if (numbers.length === 0) return new Map();
  const ids = await db
    .select({ id: loans.id, loanNumber: loans.loanNumber })
    .from(loans)
    .where(inArray(loans.loanNumber, numbers));
  const projections = await loadProjections(
    db,
    ids.map((l) => l.id),
  );
  const out = new Map<string, ReversalFacts>();
  for (const l of ids) {
    const p = projections.get(l.id);
    if (p) out.set(l.loanNumber, reversalFacts(p.state));
  }
  return out;
}
