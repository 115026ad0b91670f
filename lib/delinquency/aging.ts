/**
 * The aging table of a portfolio: per delinquency bucket (lib/due buckets),
 * how many open loans are in it, their principal and their total outstanding,
 * as exact decimal sums. Open loans are those with installments due (active or
 * in forbearance); a paid-off or charged-off loan has none and is left out.
 */
import {
  DELINQUENCY_BUCKETS,
  type DelinquencyBucket,
  hasInstallmentsDue,
  isDelinquencyBucket,
} from "../due";
import { Dec, moneyString } from "../money";
import type { LoanStatus } from "../replay/state";

export interface AgingRow {
  bucket: DelinquencyBucket;
  count: number;
  principal: string;
  totalOutstanding: string;
}

export interface AgedLoan {
  status: LoanStatus;
  bucket?: DelinquencyBucket;
  principal: string;
  totalOutstanding: string;
}

/** One row per bucket, in bucket order (empty buckets included), over the open loans. */
export function agingTable(loans: Iterable<AgedLoan>): AgingRow[] {
  const sums = new Map(
    DELINQUENCY_BUCKETS.map((b) => [b, { count: 0, principal: new Dec(0), total: new Dec(0) }]),
  );
  for (const loan of loans) {
    if (!hasInstallmentsDue(loan.status) || !isDelinquencyBucket(loan.bucket)) continue;
    const s = sums.get(loan.bucket);
    if (!s) continue;
    s.count += 1;
    s.principal = s.principal.plus(loan.principal);
    s.total = s.total.plus(loan.totalOutstanding);
  }
  return DELINQUENCY_BUCKETS.map((bucket) => {
    const s = sums.get(bucket) as { count: number; principal: Dec; total: Dec };
    return {
      bucket,
      count: s.count,
      principal: moneyString(s.principal),
      totalOutstanding: moneyString(s.total),
    };
  });
}

/** The sum of an aging table's rows (every open loan). */
export function agingTotal(rows: readonly AgingRow[]): Omit<AgingRow, "bucket"> {
  let count = 0;
  let principal = new Dec(0);
  let total = new Dec(0);
  for (const r of rows) {
    count += r.count;
    principal = principal.plus(r.principal);
    total = total.plus(r.totalOutstanding);
  }
  return { count, principal: moneyString(principal), totalOutstanding: moneyString(total) };
}
