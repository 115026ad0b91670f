/**
 * Chain-of-custody check for the audit page: one loan (the one filtered on) or
 * the whole book, with a summary count, the latest checkpoint's status and the
 * caches' problems (db/services/verify-store.ts: it only reads). A function of
 * the database; the server action binds the app's.
 */
import type { Database } from "@/db/client";
import type { ChainReport } from "@/db/services/verify-chain";
import { type CacheProblem, type CheckpointStatus, verifyStore } from "@/db/services/verify-store";
import { checkpointDir } from "@/db/signing-key";
import { AppError } from "@/lib/app-error";

export interface ChainCheckResult {
  scope: "loan" | "book";
  loans: number;
  events: number;
  verified: number;
  broken: number;
  /** Broken chains first, then loan number order. */
  reports: ChainReport[];
  /** The latest signed checkpoint (outside the database) the store was compared with. */
  checkpoint: CheckpointStatus;
  /** Projections and snapshots that do not match their seal or the chain. */
  cacheProblems: CacheProblem[];
  checkedAt: string;
}

export async function runChainCheck(
  db: Database,
  input: { loanNumber?: string },
  now: () => Date = () => new Date(),
): Promise<ChainCheckResult> {
  const loanNumber = input.loanNumber?.toUpperCase();
  const store = await verifyStore({
    db,
    loanNumbers: loanNumber ? [loanNumber] : undefined,
    checkpointDir: checkpointDir(),
    withVerified: true,
  });
  const reports = store.reports ?? [];
  if (loanNumber && reports.length === 0) throw new AppError("not_found", `No loan ${loanNumber}.`);
  const broken = reports.filter((r) => r.status === "broken");
  const byNumber = (a: ChainReport, b: ChainReport) => a.loanNumber.localeCompare(b.loanNumber);
  return {
    scope: loanNumber ? "loan" : "book",
    loans: reports.length,
    events: reports.reduce((sum, r) => sum + r.events, 0),
    verified: reports.length - broken.length,
    broken: broken.length,
    reports: [
      ...broken.sort(byNumber),
      ...reports.filter((r) => r.status !== "broken").sort(byNumber),
    ],
    checkpoint: store.checkpoint,
    cacheProblems: store.caches.problems,
    checkedAt: now().toISOString(),
  };
}
