import { asc, inArray, sql } from "drizzle-orm";
import { signEventHash } from "../../lib/chain/signing";
import type { Database } from "../client";
import { loanEvents, loans } from "../schema";
import { currentKey } from "../signing-key";
import { readChainRowsByLoan } from "./chain-rows";
import { checkStoredRow } from "./integrity";
import { resultRows, storedRowHash } from "./rows";

export interface SealedRow {
  loanNumber: string;
  sequenceNumber: number;
  /** "hashed and signed" (it had no hash) or "signed" (its hash verified). */
  action: "hashed and signed" | "signed";
}

interface RefusedLoan {
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
  options: { onSealed?: (row: SealedRow) => void; batchSize?: number } = {},
): Promise<SealReport> {
  const report: SealReport = { sealed: 0, rows: [], refused: [] };
  const pending = resultRows<{ loan_id: number | string }>(
    await db.execute(
      sql`select distinct loan_id from ${loanEvents} where signature is null order by loan_id`,
    ),
  ).map((r) => Number(r.loan_id));
  const batchSize = options.batchSize ?? 200;
  for (let i = 0; i < pending.length; i += batchSize) {
    await sealLoans(db, pending.slice(i, i + batchSize), report, options.onSealed);
  }
  return report;
}

/** The number of rows sealed (see sealEvents). */
export async function sealUnhashedEvents(db: Database): Promise<number> {
  return (await sealEvents(db)).sealed;
}

/** Seal a batch of loans in one transaction: their rows read in one query, written in one. */
async function sealLoans(
  db: Database,
  loanIds: readonly number[],
  report: SealReport,
  onSealed: ((row: SealedRow) => void) | undefined,
): Promise<void> {
  const key = currentKey();
  await db.transaction(async (tx) => {
    const locked = await tx
      .select({ id: loans.id, loanNumber: loans.loanNumber })
      .from(loans)
      .where(inArray(loans.id, [...loanIds]))
      .orderBy(asc(loans.id))
      .for("update");
    const byLoan = await readChainRowsByLoan(tx, loanIds);
    const updates: {
      id: number;
      loan_id: number;
      prev_hash: string | null;
      hash: string;
      signature: string;
    }[] = [];
    const sealedRows: SealedRow[] = [];
    for (const { id: loanId, loanNumber } of locked) {
      const rows = byLoan.get(loanId) ?? [];
      let prevHash: string | null = null;
      for (const [i, row] of rows.entries()) {
        const refuse = (reason: string) => {
          report.refused.push({ loanNumber, sequenceNumber: row.sequenceNumber, reason });
          return false;
        };
        if (row.sequenceNumber !== i + 1) {
          refuse(`sequence gap (expected #${i + 1})`);
          break;
        }
        if (row.signature !== null) {
          const problem = checkStoredRow(row);
          if (problem) refuse(problem.problem);
          else if (row.prevHash !== prevHash) refuse("prev_hash does not match");
          else {
            prevHash = row.hash;
            continue;
          }
          break;
        }
        let hash = row.hash;
        let action: SealedRow["action"] = "signed";
        if (hash === null) {
          if (row.prevHash !== null) {
            refuse("prev_hash without a hash");
            break;
          }
          hash = storedRowHash({ ...row, loanId }, prevHash);
          action = "hashed and signed";
        } else if (row.prevHash !== prevHash) {
          refuse("prev_hash does not match");
          break;
        } else if (storedRowHash(row, prevHash) !== hash) {
          refuse("hash does not match the row");
          break;
        }
        updates.push({
          id: row.id,
          loan_id: loanId,
          prev_hash: prevHash,
          hash,
          signature: signEventHash(key, hash),
        });
        sealedRows.push({ loanNumber, sequenceNumber: row.sequenceNumber, action });
        prevHash = hash;
      }
    }
    for (let i = 0; i < updates.length; i += 5000) {
      await tx.execute(sql`
        update ${loanEvents} e
        set prev_hash = u.prev_hash, hash = u.hash, key_id = ${key.keyId}, signature = u.signature
        from jsonb_to_recordset(${JSON.stringify(updates.slice(i, i + 5000))}::jsonb)
          as u(id bigint, loan_id bigint, prev_hash text, hash text, signature text)
        where e.loan_id = u.loan_id and e.id = u.id and e.signature is null`);
    }
    for (const row of sealedRows) {
      report.rows.push(row);
      report.sealed++;
      onSealed?.(row);
    }
  });
}
