/**
 * Signed checkpoints of the chain of custody, kept outside the database:
 * every loan's chain head (last sequence number and its hash) and the
 * store's high-water mark, signed with the chain's key and written as one
 * JSON file per checkpoint to a directory (LOAN_REPLAY_CHECKPOINT_DIR,
 * default .data/checkpoints; ship them to write-once storage, README "Audit
 * and reporting"). Taken by the nightly accrual and by `cli checkpoint`;
 * `cli verify` compares the store with the latest one, which is what catches
 * a deleted last event or a chain rewritten with recomputed hashes.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { asc, gt, max, sql } from "drizzle-orm";
import {
  CHECKPOINT_FORMAT,
  type CheckpointBody,
  type CheckpointCheck,
  type CheckpointHead,
  signCheckpoint,
  verifyCheckpoint,
} from "../../lib/chain/signing";
import type { Database } from "../client";
import { eventCount, highWaterMark, readHeads } from "../event-store/read";
import { type Reader, resultRows } from "../event-store/rows";
import { loans } from "../schema";
import { checkpointDir, currentKey, signingKeys } from "../signing-key";

export interface CheckpointWritten {
  file: string;
  loans: number;
  highWater: CheckpointBody["highWater"];
}

/** Every loan's head and the high-water mark, as of one read (batches of `batchSize` loans). */
async function readCheckpointBody(
  db: Database,
  options: { takenBy: string; now?: Date; batchSize?: number },
): Promise<CheckpointBody> {
  return db.transaction(
    async (tx) => {
      const database = await databaseName(tx);
      const hw = await highWaterMark(tx);
      const events = await eventCount(tx);
      const [lw] = await tx.select({ loanId: max(loans.id) }).from(loans);
      const heads: CheckpointHead[] = [];
      let afterId = 0;
      for (;;) {
        const batch = await tx
          .select({ id: loans.id, loanNumber: loans.loanNumber })
          .from(loans)
          .where(gt(loans.id, afterId))
          .orderBy(asc(loans.id))
          .limit(options.batchSize ?? 1000);
        if (batch.length === 0) break;
        afterId = batch.at(-1)?.id ?? afterId;
        const byLoan = await readHeads(
          tx,
          batch.map((l) => l.id),
        );
        for (const l of batch) {
          const head = byLoan.get(l.id);
          heads.push({
            loanId: l.id,
            loanNumber: l.loanNumber,
            sequence: head?.sequenceNumber ?? 0,
            hash: head?.hash ?? null,
          });
        }
      }
      return {
        format: CHECKPOINT_FORMAT,
        takenAt: (options.now ?? new Date()).toISOString(),
        takenBy: options.takenBy,
        database,
        highWater: {
          eventId: Number(hw.eventId),
          loanId: Number(lw?.loanId ?? 0),
          events,
        },
        loans: heads,
      };
    },
    // One consistent view of every head (Postgres; PGlite has one connection anyway).
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

/** The name of the database a reader is connected to (a checkpoint says which it is of). */
export async function databaseName(db: Reader): Promise<string> {
  const [row] = resultRows<{ name: string }>(
    await db.execute(sql`select current_database() as name`),
  );
  return row?.name ?? "";
}

/** Take a checkpoint and write it (a new file, never overwriting one) to `dir`. */
export async function writeCheckpoint(
  db: Database,
  options: { takenBy: string; dir?: string; now?: Date },
): Promise<CheckpointWritten> {
  const body = await readCheckpointBody(db, options);
  const signed = signCheckpoint(currentKey(), body);
  const dir = options.dir ?? checkpointDir();
  mkdirSync(dir, { recursive: true });
  const stamp = body.takenAt.replace(/[-:.]/g, "");
  const file = path.join(dir, `checkpoint-${stamp}-${body.highWater.eventId}.json`);
  writeFileSync(file, `${JSON.stringify(signed, null, 2)}\n`, { flag: "wx" });
  return { file, loans: body.loans.length, highWater: body.highWater };
}

/** The newest checkpoint file in `dir` (names sort by time), or null. */
export function latestCheckpointFile(dir: string = checkpointDir()): string | null {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^checkpoint-.*\.json$/.test(n));
  } catch {
    return null;
  }
  const last = names.sort().at(-1);
  return last ? path.join(dir, last) : null;
}

/** Read and check a checkpoint file with every public key this server knows. */
export function readCheckpointFile(file: string): CheckpointCheck {
  return verifyCheckpoint(readFileSync(file, "utf8"), [...signingKeys().publicKeys.values()]);
}
