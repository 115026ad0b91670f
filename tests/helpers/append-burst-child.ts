/**
 * A write burst in a process of its own, for tests that SIGKILL it
 * (tests/db/crash-recovery.test.ts): opens the app's database (DATABASE_URL,
 * else PGLITE_DIR), appends $1.00 fees to the loans named in BURST_LOANS
 * (comma separated) from BURST_WRITERS writers per loan until killed, and
 * prints `ack <actor> <sequence>` on stdout once each append has resolved:
 * what was acknowledged, which must survive the kill.
 *
 *   node --import tsx tests/helpers/append-burst-child.ts
 */
import { openDatabase } from "../../db/client";
import { assessFee } from "../../db/services/servicing";

const loanNumbers = (process.env.BURST_LOANS ?? "").split(",").filter(Boolean);
const writers = Number(process.env.BURST_WRITERS ?? 2);
const tag = process.env.BURST_TAG ?? "burst";

const handle = await openDatabase({
  url: process.env.DATABASE_URL || undefined,
  dataDir: process.env.PGLITE_DIR,
  migrate: false,
});
process.stdout.write("ready\n");

async function writer(loanNumber: string, w: number): Promise<never> {
  for (let n = 0; ; n++) {
    const actor = `test:${tag}-${loanNumber}-w${w}-${n}`;
    try {
      const result = await assessFee({
        db: handle.db,
        actor,
        loanNumber,
        amount: "1.00",
        feeType: "other",
        effectiveDate: "2025-01-10",
      });
      process.stdout.write(`ack ${actor} ${result.appended[0]?.sequenceNumber}\n`);
    } catch (error) {
      process.stderr.write(`failed ${actor}: ${(error as Error).message}\n`);
    }
  }
}

await Promise.all(
  loanNumbers.flatMap((loan) => Array.from({ length: writers }, (_, w) => writer(loan, w))),
);
