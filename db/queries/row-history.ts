import { and, asc, eq, or } from "drizzle-orm";
import type { Database } from "../client";
import { toIsoTimestamp } from "../event-store/rows";
import { rowHistory } from "../schema";

export interface RowChange {
  id: number;
  tableName: string;
  operation: string;
  changedAt: string;
  actor: string;
  /** Fields whose value differs between the old and new row (all fields for an insert). */
  changes: { field: string; before: unknown; after: unknown }[];
}

/** "Show me all changes to this loan": the loan row and its borrower's row, oldest first. */
export async function listLoanChanges(
  db: Database,
  loan: { id: number; borrowerId: number },
): Promise<RowChange[]> {
  const rows = await db
    .select()
    .from(rowHistory)
    .where(
      or(
        and(eq(rowHistory.tableName, "loans"), eq(rowHistory.rowId, loan.id)),
        and(eq(rowHistory.tableName, "borrowers"), eq(rowHistory.rowId, loan.borrowerId)),
      ),
    )
    .orderBy(asc(rowHistory.id));
  return rows.map((r) => ({
    id: r.id,
    tableName: r.tableName,
    operation: r.operation,
    changedAt: toIsoTimestamp(r.changedAt),
    actor: r.actor,
    changes: diffRows(r.oldRow ?? {}, r.newRow ?? {}),
  }));
}

function diffRows(before: Record<string, unknown>, after: Record<string, unknown>) {
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changes: RowChange["changes"] = [];
  for (const field of fields) {
    const a = before[field] ?? null;
    const b = after[field] ?? null;
    if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ field, before: a, after: b });
  }
  return changes;
}
