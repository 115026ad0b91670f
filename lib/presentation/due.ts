/**
 * How the loan page shows what the borrower owes (lib/due): the words of a
 * delinquency bucket, the Due panel's headline, the installments table's
 * sorting and CSV, the payoff quote's date bounds, quick picks and CSV, the
 * interest-accrued period's presets, and reading those choices from the URL.
 * Pure: no I/O, no React.
 */

import { csvCell, csvNumber, csvRow } from "../csv";
import { addDays, daysInMonth, endOfMonth, formatIsoDate, isIsoDate, parseIsoDate } from "../dates";
import type { DelinquencyBucket, DueView, InstallmentView, PayoffQuote } from "../due";
import type { DelinquencySeries } from "./due-series";

// ---------------------------------------------------------------------------
// What the page's server side hands the browser (app/loans/[loanNumber]/_server/due.ts)

/** A payoff quote, or why there is none (a closed loan, a date out of range) in words. */
export type PayoffResult =
  | { ok: true; quote: PayoffQuote }
  | { ok: false; on: string; asOf: string; error: string };

/** The Due panel and the payoff quote as of a date. */
export interface DueSection {
  due: DueView;
  payoff: PayoffResult;
  /** The charge-off's date, when the loan is charged off as of the date. */
  chargeOffDate: string | null;
}

/** Interest accrued in a period. */
export interface InterestAccrued {
  from: string;
  to: string;
  knownAt: string | null;
  /** Interest accrued on the days from `from` through `to` (6 places: accruals carry fractions of a cent). */
  accrued: string;
  /** Accrued since origination through the day before `from`, and through `to`. */
  accruedBefore: string;
  accruedThrough: string;
}

/** The period's figure, or why it could not be computed. */
export type InterestResult = InterestAccrued | { error: string; from: string; to: string };

/** Everything due-related the loan page renders. */
export interface DuePageData {
  section: DueSection;
  interest: InterestResult;
  delinquency: DelinquencySeries;
}

// ---------------------------------------------------------------------------
// Buckets and the headline

const BUCKET_LABELS: Record<DelinquencyBucket, string> = {
  current: "Current",
  "1-29": "1–29 days past due",
  "30-59": "30–59 days past due",
  "60-89": "60–89 days past due",
  "90-119": "90–119 days past due",
  "120+": "120+ days past due",
};

/** "Current", "30–59 days past due": the bucket in words (never colour alone). */
export function bucketLabel(bucket: DelinquencyBucket): string {
  return BUCKET_LABELS[bucket];
}

/** How serious a bucket is, for the badge's style: 0 current … 3 ninety days or more. */
export function bucketSeverity(bucket: DelinquencyBucket): 0 | 1 | 2 | 3 {
  switch (bucket) {
    case "current":
      return 0;
    case "1-29":
      return 1;
    case "30-59":
    case "60-89":
      return 2;
    default:
      return 3;
  }
}

/** "1 day", "12 days". */
export function dayCount(days: number): string {
  return `${days} ${days === 1 ? "day" : "days"}`;
}

/** Why a loan has nothing due (paid off, charged off, not disbursed), or null when it is open. */
export function closedReason(
  due: Pick<DueView, "status" | "asOf">,
  chargeOffDate?: string | null,
): string | null {
  switch (due.status) {
    case "active":
    case "forbearance":
      return null;
    case "paid_off":
      return `Paid off: nothing is due as of ${due.asOf}.`;
    case "charged_off":
      return `Charged off${chargeOffDate ? ` on ${chargeOffDate}` : ""}: no installments are due; a payment now is a recovery.`;
    case "originated":
      return `Not disbursed yet as of ${due.asOf}: nothing is due.`;
    default:
      return `There is no loan as of ${due.asOf}.`;
  }
}

function isZeroMoney(value: string): boolean {
  return /^-?0(\.0+)?$/.test(value);
}

/** The one sentence an agent reads out: what makes the loan current, and how late it is. */
export function dueHeadline(due: DueView): string {
  if (closedReason(due) !== null) return closedReason(due) as string;
  if (isZeroMoney(due.amountDue)) {
    return due.nextDueDate
      ? `Current: nothing to pay to be current as of ${due.asOf}.`
      : `Current: every installment is paid as of ${due.asOf}.`;
  }
  if (due.daysPastDue === 0) {
    return isZeroMoney(due.amountPastDue)
      ? "The installment due today makes the loan current once paid."
      : "A shortfall within the product's tolerance is owed; it does not count as late.";
  }
  const since = addDays(due.asOf, -due.daysPastDue);
  return `${dayCount(due.daysPastDue)} past due: the installment due ${since} is not fully paid.`;
}

/** Past its maturity date as of the as-of date (the whole balance is due): the maturity date, else null. */
export function pastMaturity(
  due: Pick<DueView, "asOf" | "maturityDate" | "status">,
): string | null {
  if (closedReason(due) !== null || due.maturityDate === null) return null;
  return due.maturityDate < due.asOf ? due.maturityDate : null;
}

// ---------------------------------------------------------------------------
// Installments table

const INSTALLMENT_COLUMNS = [
  "number",
  "dueDate",
  "amount",
  "paid",
  "unpaid",
  "paidDate",
  "daysLate",
  "kind",
] as const;
export type InstallmentColumn = (typeof INSTALLMENT_COLUMNS)[number];

export const INSTALLMENT_HEADERS: Record<InstallmentColumn, string> = {
  number: "No.",
  dueDate: "Due date",
  amount: "Amount due",
  paid: "Paid",
  unpaid: "Unpaid",
  paidDate: "Date paid",
  daysLate: "Days late",
  kind: "Kind",
};

const KIND_LABELS: Record<InstallmentView["kind"], string> = {
  regular: "Regular",
  reduced: "Reduced (forbearance)",
  suspended: "Suspended (forbearance)",
  final: "Final",
};

export function kindLabel(kind: InstallmentView["kind"]): string {
  return KIND_LABELS[kind];
}

/** Where an installment stands on the as-of date, in words. */
export function installmentStatus(row: InstallmentView, asOf: string): string {
  if (row.dueDate > asOf) return isZeroMoney(row.paid) ? "Not yet due" : "Paid ahead";
  if (isZeroMoney(row.unpaid)) return row.daysLate > 0 ? "Paid late" : "Paid";
  return isZeroMoney(row.paid) ? "Unpaid" : "Partly paid";
}

function compareMoney(a: string, b: string): number {
  // Two-place decimal strings of the same sign compare as numbers of cents.
  const cents = (v: string) => {
    const negative = v.startsWith("-");
    const [whole = "0", frac = ""] = (negative ? v.slice(1) : v).split(".");
    const value = BigInt(whole) * 100n + BigInt(`${frac}00`.slice(0, 2));
    return negative ? -value : value;
  };
  const d = cents(a) - cents(b);
  return d === 0n ? 0 : d < 0n ? -1 : 1;
}

function compareText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1; // blanks last
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** The installments sorted by a column (ties by number); blanks (no date paid) sort last. */
export function sortInstallments(
  rows: readonly InstallmentView[],
  column: InstallmentColumn,
  direction: "asc" | "desc",
): InstallmentView[] {
  const sign = direction === "asc" ? 1 : -1;
  const by = (a: InstallmentView, b: InstallmentView): number => {
    switch (column) {
      case "number":
        return a.number - b.number;
      case "daysLate":
        return a.daysLate - b.daysLate;
      case "amount":
      case "paid":
      case "unpaid":
        return compareMoney(a[column], b[column]);
      case "paidDate": {
        if (a.paidDate === null || b.paidDate === null) return 0; // handled below
        return compareText(a.paidDate, b.paidDate);
      }
      case "dueDate":
        return compareText(a.dueDate, b.dueDate);
      case "kind":
        return compareText(a.kind, b.kind);
    }
  };
  return [...rows].sort((a, b) => {
    if (column === "paidDate" && (a.paidDate === null) !== (b.paidDate === null)) {
      return a.paidDate === null ? 1 : -1; // blanks last in both directions
    }
    return sign * by(a, b) || a.number - b.number;
  });
}

/** The installments as CSV (money as decimal strings), one header row. */
export function installmentsCsv(loanNumber: string, due: DueView): string {
  let out = csvRow([
    "loan_number",
    "as_of",
    "known_at",
    "number",
    "due_date",
    "amount",
    "paid",
    "unpaid",
    "paid_date",
    "days_late",
    "kind",
  ]);
  for (const r of due.installments) {
    out += csvRow([
      csvCell(loanNumber),
      csvCell(due.asOf),
      csvCell(due.knownAt ?? ""),
      String(r.number),
      csvCell(r.dueDate),
      csvNumber(r.amount),
      csvNumber(r.paid),
      csvNumber(r.unpaid),
      csvCell(r.paidDate ?? ""),
      String(r.daysLate),
      csvCell(r.kind),
    ]);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Payoff quote

/** The payoff dates a quote may be asked for: from the as-of date to maturity (or the as-of date, past it). */
export function payoffBounds(
  asOf: string,
  maturityDate: string | null,
): { min: string; max: string | null } {
  if (maturityDate === null) return { min: asOf, max: null };
  return { min: asOf, max: maturityDate < asOf ? asOf : maturityDate };
}

/** The first day-of-month `day` on or after `from` (clamped to short months: the 31st of April is the 30th). */
export function nextDayOfMonth(from: string, day: number): string {
  const { year, month } = parseIsoDate(from);
  const inMonth = (y: number, m: number) => formatIsoDate(y, m, Math.min(day, daysInMonth(y, m)));
  const here = inMonth(year, month);
  if (here >= from) return here;
  return month === 12 ? inMonth(year + 1, 1) : inMonth(year, month + 1);
}

export interface PayoffPick {
  label: string;
  date: string;
}

/** Quick payoff dates: the as-of date, the next 1st and 15th, the next due date, the end of the month; within bounds, no repeats. */
export function payoffQuickPicks(
  asOf: string,
  maturityDate: string | null,
  nextDueDate: string | null,
): PayoffPick[] {
  const { min, max } = payoffBounds(asOf, maturityDate);
  const candidates: PayoffPick[] = [
    { label: "As-of date", date: asOf },
    { label: "Next 15th", date: nextDayOfMonth(asOf, 15) },
    { label: "End of month", date: endOfMonth(asOf) },
    ...(nextDueDate ? [{ label: "Next due date", date: nextDueDate }] : []),
  ];
  const seen = new Set<string>();
  return candidates.filter((p) => {
    if (p.date < min || (max !== null && p.date > max) || seen.has(p.date)) return false;
    seen.add(p.date);
    return true;
  });
}

/** The payoff quote as CSV: one header row and one row, money as decimal strings. */
export function payoffCsv(loanNumber: string, quote: PayoffQuote): string {
  const fields: [string, string, boolean][] = [
    ["loan_number", loanNumber, false],
    ["as_of", quote.asOf, false],
    ["known_at", quote.knownAt ?? "", false],
    ["payoff_date", quote.on, false],
    ["good_through", quote.goodThrough, false],
    ["principal", quote.principal, true],
    ["interest", quote.interest, true],
    ["interest_through", quote.interestThrough, false],
    ["fees", quote.fees, true],
    ["payoff_amount", quote.payoffAmount, true],
    ["per_diem", quote.perDiem, true],
    ["unaccrued_interest", quote.unaccruedInterest, true],
    ["residual", quote.residual, true],
    ["maturity_date", quote.maturityDate, false],
  ];
  return (
    csvRow(fields.map(([name]) => csvCell(name))) +
    csvRow(fields.map(([, value, money]) => (money ? csvNumber(value) : csvCell(value))))
  );
}

/** The file name of a download: "LN-000001-payoff-2026-12-15.csv". */
export function downloadName(loanNumber: string, what: string, date: string, ext: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9-]/g, "");
  return `${safe(loanNumber)}-${safe(what)}-${safe(date)}.${ext}`;
}

// ---------------------------------------------------------------------------
// Interest accrued in a period

export interface PeriodPick {
  label: string;
  from: string;
  to: string;
}

/** Year to date and the quarters of the as-of date's year that have begun (each ending no later than `latest`). */
export function interestPeriodPicks(asOf: string, latest: string): PeriodPick[] {
  const { year } = parseIsoDate(asOf);
  const cap = (d: string) => (d > latest ? latest : d);
  const picks: PeriodPick[] = [
    { label: "Year to date", from: formatIsoDate(year, 1, 1), to: cap(asOf) },
  ];
  for (let q = 1; q <= 4; q++) {
    const from = formatIsoDate(year, (q - 1) * 3 + 1, 1);
    if (from > latest) break;
    const to = endOfMonth(formatIsoDate(year, q * 3, 1));
    picks.push({ label: `Q${q} ${year}`, from, to: cap(to) });
  }
  picks.push({
    label: `${year - 1}`,
    from: formatIsoDate(year - 1, 1, 1),
    to: cap(formatIsoDate(year - 1, 12, 31)),
  });
  return picks;
}

/** The default period: the as-of date's year to date. */
export function defaultInterestPeriod(asOf: string, latest: string): { from: string; to: string } {
  const pick = interestPeriodPicks(asOf, latest)[0] as PeriodPick;
  return { from: pick.from, to: pick.to };
}

// ---------------------------------------------------------------------------
// The URL

type Params = Record<string, string | string[] | undefined>;

function first(params: Params, name: string): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `?payoff=YYYY-MM-DD`: the chosen payoff date, or null when absent or not a date. */
export function payoffParam(params: Params): string | null {
  const value = first(params, "payoff");
  return value && isIsoDate(value) ? value : null;
}

/** `?accruedFrom=…&accruedTo=…`: the interest period, or null unless both are dates in order. */
export function interestPeriodParam(params: Params): { from: string; to: string } | null {
  const from = first(params, "accruedFrom");
  const to = first(params, "accruedTo");
  if (!from || !to || !isIsoDate(from) || !isIsoDate(to) || from > to) return null;
  return { from, to };
}
