import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../client";
import { loanEvents } from "../schema";
import { storedRowHash } from "./rows";

/**
 * Give events loaded before the hash chain existed (or by bulk SQL) their
 * prev_hash and hash, loan by loan in sequence order, continuing any chain
 * already there. An operator's explicit step (`cli seal`), never run
 * when a database is opened: sealing whatever is unsealed on start would
 * also seal a forged row, which `verify` must report instead. The
 * immutability trigger allows exactly this one change: filling hash and
 * prev_hash once.
 */
export async function sealUnhashedEvents(db: Database): Promise<number> {
  let sealed = 0;
  for (;;) {
    const [next] = await db
      .select({ loanId: loanEvents.loanId })
      .from(loanEvents)
      .where(isNull(loanEvents.hash))
      .orderBy(asc(loanEvents.loanId), asc(loanEvents.sequenceNumber))
      .limit(1);
    if (!next) return sealed;
    sealed += await sealLoan(db, next.loanId);
  }
}

async function sealLoan(db: Database, loanId: number): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select 1 from loans where id = ${loanId} for update`);
    const rows = await tx
      .select()
      .from(loanEvents)
      .where(eq(loanEvents.loanId, loanId))
      .orderBy(asc(loanEvents.sequenceNumber));
    let prevHash: string | null = null;
    let count = 0;
    for (const row of rows) {
      if (row.hash !== null) {
        prevHash = row.hash;
        continue;
      }
      const hash = storedRowHash({ ...row, loanId }, prevHash);
      await tx
        .update(loanEvents)
        .set({ prevHash, hash })
        .where(and(eq(loanEvents.id, row.id), isNull(loanEvents.hash)));
      prevHash = hash;
      count++;
    }
    return count;
  });
}
