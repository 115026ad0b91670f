/**
 * The figures of a loan snapshot that staff compare before and after an event,
 * in reading order, with how to show each one.
 */
import type { LoanStanding } from "../replay/state";

export type FigureFormat = "money" | "rate" | "status" | "text" | "count";

export interface Figure {
  /** The dotted path diffSnapshots uses ("principal", "totals.paidInterest", ...). */
  field: string;
  label: string;
  format: FigureFormat;
  /** Shown only when non-zero / set in either snapshot. */
  optional?: boolean;
  read(s: LoanStanding): string | number | null;
}

export const BALANCE_FIGURES: readonly Figure[] = [
  { field: "status", label: "Status", format: "status", read: (s) => s.status },
  { field: "principal", label: "Principal", format: "money", read: (s) => s.principal },
  { field: "interest", label: "Interest", format: "money", read: (s) => s.interest },
  { field: "fees", label: "Fees", format: "money", read: (s) => s.fees },
  {
    field: "totalOutstanding",
    label: "Total outstanding",
    format: "money",
    read: (s) => s.totalOutstanding,
  },
  {
    field: "unapplied",
    label: "Unapplied funds",
    format: "money",
    optional: true,
    read: (s) => s.unapplied,
  },
];

const TOTAL_FIGURES: readonly Figure[] = [
  { field: "totals.paid", label: "Paid to date", format: "money", read: (s) => s.totals.paid },
  {
    field: "totals.paidPrincipal",
    label: "Principal paid",
    format: "money",
    read: (s) => s.totals.paidPrincipal,
  },
  {
    field: "totals.paidInterest",
    label: "Interest paid",
    format: "money",
    read: (s) => s.totals.paidInterest,
  },
  { field: "totals.paidFees", label: "Fees paid", format: "money", read: (s) => s.totals.paidFees },
  {
    field: "totals.interestAccrued",
    label: "Interest accrued",
    format: "money",
    read: (s) => s.totals.interestAccrued,
  },
  {
    field: "totals.feesAssessed",
    label: "Fees assessed",
    format: "money",
    read: (s) => s.totals.feesAssessed,
  },
  {
    field: "totals.feesWaived",
    label: "Fees waived",
    format: "money",
    optional: true,
    read: (s) => s.totals.feesWaived,
  },
  {
    field: "totals.reversed",
    label: "Payments reversed",
    format: "money",
    optional: true,
    read: (s) => s.totals.reversed,
  },
  {
    field: "totals.capitalized",
    label: "Interest capitalized",
    format: "money",
    optional: true,
    read: (s) => s.totals.capitalized,
  },
  {
    field: "totals.interestWaived",
    label: "Interest waived",
    format: "money",
    optional: true,
    read: (s) => s.totals.interestWaived,
  },
  {
    field: "totals.chargedOff",
    label: "Charged off",
    format: "money",
    optional: true,
    read: (s) => s.totals.chargedOff,
  },
  {
    field: "totals.recoveries",
    label: "Recoveries",
    format: "money",
    optional: true,
    read: (s) => s.totals.recoveries,
  },
];

const TERM_FIGURES: readonly Figure[] = [
  {
    field: "terms.annualRate",
    label: "Rate",
    format: "rate",
    read: (s) => s.terms?.annualRate ?? null,
  },
  {
    field: "terms.paymentAmount",
    label: "Scheduled payment",
    format: "money",
    read: (s) => s.terms?.paymentAmount ?? null,
  },
  {
    field: "terms.termMonths",
    label: "Term (months)",
    format: "count",
    read: (s) => s.terms?.termMonths ?? null,
  },
  {
    field: "terms.maturityDate",
    label: "Maturity",
    format: "text",
    read: (s) => s.terms?.maturityDate ?? null,
  },
  {
    field: "deferredPeriods",
    label: "Deferred payments",
    format: "count",
    optional: true,
    read: (s) => s.deferredPeriods,
  },
];

export const ALL_FIGURES: readonly Figure[] = [
  ...BALANCE_FIGURES,
  ...TOTAL_FIGURES,
  ...TERM_FIGURES,
];

function isEmpty(value: string | number | null): boolean {
  return value === null || value === 0 || (typeof value === "string" && /^0(\.0+)?$/.test(value));
}

/** The figures worth a row for these snapshots (optional ones only when set in either). */
export function visibleFigures(
  figures: readonly Figure[],
  ...snapshots: LoanStanding[]
): readonly Figure[] {
  return figures.filter((f) => !f.optional || snapshots.some((s) => !isEmpty(f.read(s))));
}
