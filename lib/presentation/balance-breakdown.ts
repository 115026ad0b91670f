/**
 * How each balance figure on the loan page adds up (pure), from the replayed
 * state's totals: principal is what was disbursed plus interest capitalised,
 * less principal paid and written off; interest is what accrued less what
 * payments took, what was capitalised, waived or written off; fees are what
 * was assessed less waived, paid and written off. Each line names the events
 * that made it, so the page can open them in the timeline (filtered to those
 * types, effective through the as-of date).
 *
 * The lines add up to the figure exactly (tests/presentation/balance-breakdown
 * checks it against replay over generated histories); the one part the
 * totals do not split by balance, the sub-cent remainder written off when a
 * payment pays a loan off, is the difference left on principal and interest.
 */
import type { EventType } from "../events/event-types";
import { type Dec, moneyString, toMoney, ZERO } from "../money";
import type { LoanStanding } from "../replay/state";
import type { TimelineFilter } from "./timeline";

export type BreakdownFigure = "principal" | "interest" | "fees" | "totalOutstanding";

export interface BreakdownLine {
  key: string;
  label: string;
  /** Signed exact decimal string: what the line adds to the figure (negative takes away). */
  amount: string;
  /** The events that made this line, for the timeline ("disbursements"); null when none are stored (a remainder). */
  events: { types: EventType[]; noun: string } | null;
  /** For the total: the figure this line is (opens that figure's own breakdown). */
  figure?: Exclude<BreakdownFigure, "totalOutstanding">;
}

export interface Breakdown {
  figure: BreakdownFigure;
  label: string;
  /** The figure as the balances show it. */
  value: string;
  lines: BreakdownLine[];
  /** The lines sum to the figure exactly. */
  balanced: boolean;
}

const FIGURE_LABELS: Record<BreakdownFigure, string> = {
  principal: "Principal",
  interest: "Interest",
  fees: "Fees",
  totalOutstanding: "Total outstanding",
};

const PAYMENTS = { types: ["payment", "reversal"] as EventType[], noun: "payments and reversals" };
const CAPITALISING = {
  types: ["modification", "forbearance_end", "deferment"] as EventType[],
  noun: "modifications, forbearance ends and deferments",
};
const CHARGE_OFF = { types: ["charge_off", "reversal"] as EventType[], noun: "charge-offs" };

function line(
  key: string,
  label: string,
  amount: Dec,
  events: BreakdownLine["events"],
  sign: 1 | -1,
): BreakdownLine {
  return { key, label, amount: moneyString(sign === 1 ? amount : amount.negated()), events };
}

function finish(
  figure: BreakdownFigure,
  value: string,
  lines: BreakdownLine[],
  remainder?: { residual: Dec },
): Breakdown {
  const shown = lines.filter((l) => !toMoney(l.amount).isZero());
  let total = shown.reduce((acc, l) => acc.plus(toMoney(l.amount)), ZERO);
  const gap = toMoney(value).minus(total);
  if (remainder && !gap.isZero() && !remainder.residual.isZero()) {
    // What a paying-off payment wrote off below a cent: not split by balance in the totals.
    shown.push({
      key: "residual",
      label: "Written off below a cent when the loan was paid off",
      amount: moneyString(gap),
      events: { types: ["payment"], noun: "payments" },
    });
    total = total.plus(gap);
  }
  return {
    figure,
    label: FIGURE_LABELS[figure],
    value,
    lines: shown,
    balanced: total.equals(toMoney(value)),
  };
}

export function balanceBreakdown(s: LoanStanding, figure: BreakdownFigure): Breakdown {
  const t = s.totals;
  const chargedOff = s.chargeOff;
  const residual = { residual: toMoney(t.residualWrittenOff) };
  switch (figure) {
    case "principal":
      return finish(
        figure,
        s.principal,
        [
          line(
            "disbursed",
            "Disbursed",
            toMoney(t.disbursed),
            { types: ["disbursement"], noun: "disbursements" },
            1,
          ),
          line(
            "capitalized",
            "Interest capitalised into principal",
            toMoney(t.capitalized),
            CAPITALISING,
            1,
          ),
          line(
            "paidPrincipal",
            "Principal paid (net of reversed payments)",
            toMoney(t.paidPrincipal),
            PAYMENTS,
            -1,
          ),
          line(
            "chargedOff",
            "Principal charged off",
            toMoney(chargedOff?.principal ?? "0"),
            CHARGE_OFF,
            -1,
          ),
        ],
        residual,
      );
    case "interest":
      return finish(
        figure,
        s.interest,
        [
          line(
            "accrued",
            "Interest accrued (daily accruals and their adjustments)",
            toMoney(t.interestAccrued),
            { types: ["interest_accrual"], noun: "interest accruals" },
            1,
          ),
          line(
            "paidInterest",
            "Interest paid (net of reversed payments)",
            toMoney(t.paidInterest),
            PAYMENTS,
            -1,
          ),
          line(
            "capitalized",
            "Capitalised into principal",
            toMoney(t.capitalized),
            CAPITALISING,
            -1,
          ),
          line(
            "waived",
            "Waived by a deferment",
            toMoney(t.interestWaived),
            { types: ["deferment"], noun: "deferments" },
            -1,
          ),
          line(
            "chargedOff",
            "Interest charged off",
            toMoney(chargedOff?.interest ?? "0"),
            CHARGE_OFF,
            -1,
          ),
        ],
        residual,
      );
    case "fees":
      return finish(figure, s.fees, [
        line(
          "assessed",
          "Fees assessed (net of reversed fees)",
          toMoney(t.feesAssessed),
          { types: ["fee_assessment", "reversal"], noun: "fee assessments" },
          1,
        ),
        line(
          "waived",
          "Fees waived",
          toMoney(t.feesWaived),
          { types: ["fee_waiver", "reversal"], noun: "fee waivers" },
          -1,
        ),
        line("paidFees", "Fees paid (net of reversed payments)", toMoney(t.paidFees), PAYMENTS, -1),
        line("chargedOff", "Fees charged off", toMoney(chargedOff?.fees ?? "0"), CHARGE_OFF, -1),
      ]);
    case "totalOutstanding": {
      const parts = (["principal", "interest", "fees"] as const).map(
        (f): BreakdownLine => ({
          key: f,
          label: FIGURE_LABELS[f],
          amount: s[f],
          events: null,
          figure: f,
        }),
      );
      const breakdown = finish(figure, s.totalOutstanding, parts);
      // Every part stays listed, zero or not: the total is their sum.
      return { ...breakdown, lines: parts };
    }
  }
}

/** The timeline filter that shows a line's events in effect on the as-of date. */
export function breakdownFilter(line: BreakdownLine, asOf: string): TimelineFilter | null {
  return line.events ? { types: line.events.types, from: "", to: asOf } : null;
}
