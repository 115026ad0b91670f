import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { signEventHash } from "../../lib/chain/signing";
import type { Database } from "../client";
import { loanEvents, loans } from "../schema";
import { currentKey } from "../signing-key";
import { checkStoredRow } from "./integrity";
import { resultRows, storedRowHash } from "./rows";

export interface SealedRow {
  loanNumber: string;
  sequenceNumber: number;
  /** "hashed and signed" (it had no hash) or "signed" (its hash verified). */
  action: "hashed and signed" | "signed";
}

export interface RefusedLoan {
  loanNumber: string;
  sequenceNumber: number;
  reason: string;
}

export interface SealReport {
  sealed: number;
  rows: SealedRow[];
  /** Loans whose chain is broken before an unsigned row: nothing after the break is signed. */
  refused: RefusedLoan[];
}

/**
 * Sign the events that have no signature yet: rows loaded before the hash
 * chain existed (or by bulk SQL) get their prev_hash and hash, and rows
 * hashed before signing existed are signed once their hash recomputes and
 * links. An operator's explicit, one-time step (`cli seal`, which prints
 * every row it signs), never run when a database is opened: sealing whatever
 * is unsealed on start would also seal a forged row, which `verify` must
 * report instead. A loan whose chain is broken before an unsigned row is
 * left as it is and reported. The immutability trigger allows exactly this
 * one change: filling key_id and signature (and a missing hash) once.
 */
export async function sealEvents(
  db: Database,
  options: { onSealed?: (row: SealedRow) => void } = {},
): Promise<SealReport> {
  const report: SealReport = { sealed: 0, rows: [], refused: [] };
  const pending = resultRows<{ loan_id: number | string }>(
    await db.execute(
      sql`select distinct loan_id from ${loanEvents} where signature is null order by loan_id`,
    ),
  ).map((r) => Number(r.loan_id));
  for (const loanId of pending) await sealLoan(db, loanId, report, options.onSealed);
  return report;
}

/** The number of rows sealed (see sealEvents). */
export async function sealUnhashedEvents(db: Database): Promise<number> {
  return (await sealEvents(db)).sealed;
}

async function sealLoan(
  db: Database,
  loanId: number,
  report: SealReport,
  onSealed: ((row: SealedRow) => void) | undefined,
): Promise<void> {
  const key = currentKey();
  await db.transaction(async (tx) => {
    const [loan] = await tx
      .select({ loanNumber: loans.loanNumber })
      .from(loans)
      .where(eq(loans.id, loanId))
      .for("update");
    const loanNumber = loan?.loanNumber ?? `loan id ${loanId}`;
    const rows = await tx
      .select()
      .from(loanEvents)
      .where(eq(loanEvents.loanId, loanId))
      .orderBy(asc(loanEvents.sequenceNumber));
    let prevHash: string | null = null;
    for (const [i, row] of rows.entries()) {
      const refuse = (reason: string) =>
        report.refused.push({ loanNumber, sequenceNumber: row.sequenceNumber, reason });
      if (row.sequenceNumber !== i + 1) return refuse(`sequence gap (expected #${i + 1})`);
      if (row.signature !== null) {
        const problem = checkStoredRow(row);
        if (problem) return refuse(problem.problem);
        if (row.prevHash !== prevHash) return refuse("prev_hash does not match");
        prevHash = row.hash;
        continue;
      }
      let hash = row.hash;
      let action: SealedRow["action"] = "signed";
      if (hash === null) {
        if (row.prevHash !== null) return refuse("prev_hash without a hash");
        hash = storedRowHash({ ...row, loanId }, prevHash);
        action = "hashed and signed";
      } else {
        if (row.prevHash !== prevHash) return refuse("prev_hash does not match");
        if (storedRowHash(row, prevHash) !== hash) return refuse("hash does not match the row");
      }
      await tx
        .update(loanEvents)
        .set({ prevHash, hash, keyId: key.keyId, signature: signEventHash(key, hash) })
        .where(and(eq(loanEvents.id, row.id), isNull(loanEvents.signature)));
      const sealed = { loanNumber, sequenceNumber: row.sequenceNumber, action };
      report.rows.push(sealed);
      report.sealed++;
      onSealed?.(sealed);
      prevHash = hash;
    }
  });
}
