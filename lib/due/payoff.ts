/**
 * Payoff quote for a date Q on or after the as-of date D (DOMAIN.md "Derived
 * views"): what a payment effective Q must be to pay the loan off.
 *
 * - Interest through Q-1: the interest balance as of D plus every day not yet
 *   accrued from the loan's first unaccrued day through Q-1, planned by the
 *   accrual job's own functions (lib/servicing/decide.ts catchUpTo, which is
 *   planAccruals + the state a payment effective Q is allocated against), less
 *   any accrual already stored for day Q itself (Q = D after that day was
 *   accrued): the accrual of a day is on the principal at its end, which the
 *   payoff makes 0, so posting the payoff restates it away.
 * - Rounding: the waterfall gives each balance at most what it owes rounded
 *   DOWN to cents, and a payment that leaves no fees and less than a cent of
 *   principal and of interest pays the loan off (the sub-cent rest is written
 *   off). So principal, interest and fees are each rounded DOWN to cents and
 *   payoffAmount is their sum: a payment of exactly payoffAmount applies all
 *   of it (nothing unapplied) and pays the loan off; one cent less leaves at
 *   least a cent of some balance owed. (Rounding up would leave the extra cent
 *   unapplied.) `residual` is the sub-cent part the payoff writes off.
 * - perDiem: one day's interest on the principal (principal x annualRate / year
 *   basis, rounded half-up to 6 places as an accrual is); goodThrough = Q.
 * - Refused (AppError): Q not a date or before D (invalid_input); Q after the
 *   maturity date in force, unless D itself is already past maturity, when Q
 *   may be D (invalid_input); a loan that is not active or in forbearance as
 *   of D (rule_violation).
 */
import { AppError } from "../app-error";
import { addDays, isIsoDate } from "../dates";
import { interestForDays } from "../day-count";
import { type Dec, moneyString, toMoney, ZERO } from "../money";
import type { EngineState } from "../replay/state";
import { catchUpTo } from "../servicing/decide";
import { MissingBaseError, type WriteModel } from "../servicing/write-model";
import { payableBalance, payableCents } from "./payable";
import { checkAsOf } from "./view";

export interface PayoffOptions {
  /** The payoff date Q (the payment's effective date). */
  on: string;
  /** The as-of date D the model's current state is replayed as of (Q >= D). */
  asOf: string;
}

export interface PayoffQuote {
  asOf: string;
  on: string;
  /** Cash amounts (2 places), each rounded down to cents; they add up to payoffAmount. */
  principal: string;
  interest: string;
  fees: string;
  /** One day's interest on the principal, 6 places. */
  perDiem: string;
  payoffAmount: string;
  goodThrough: string;
  // Extras.
  /** The last day whose interest is included (Q - 1). */
  interestThrough: string;
  /** Interest for days not yet accrued as of D, included in `interest` (6 places). */
  unaccruedInterest: string;
  /** Sub-cent principal and interest the payoff payment leaves to be written off. */
  residual: string;
  maturityDate: string;
  knownAt: string | null;
}

function refuse(code: "invalid_input" | "rule_violation", message: string, details = {}): never {
  throw new AppError(code, message, details);
}

/** Why a loan in this state has no payoff quote (null: it has one). */
function notOpen(state: EngineState, asOf: string): string | null {
  switch (state.status) {
    case "active":
    case "forbearance":
      return null;
    case "none":
      return `There is no loan as of ${asOf}: no origination event.`;
    case "originated":
      return `The loan has not been disbursed as of ${asOf}; there is nothing to pay off.`;
    case "paid_off":
      return `The loan is paid off as of ${asOf}; nothing is owed.`;
    case "charged_off":
      return `The loan was charged off${state.chargeOff ? ` on ${state.chargeOff.date}` : ""}; a payment now is a recovery, not a payoff.`;
  }
}

/**
 * Interest stored for days on or after `on` (only possible when `on` is the
 * as-of date and that day is already accrued): read from the base's tail, so
 * the model must then have a base as of a day before `on`.
 */
function accruedFrom(model: WriteModel, on: string): Dec {
  const through = model.current.facts.accruedThrough;
  if (through === null || through < on) return ZERO;
  const base = model.base;
  if (!base || base.asOfDate >= on) throw new MissingBaseError(addDays(on, -1));
  let total = ZERO;
  for (const e of base.tail) {
    if (e.eventType === "interest_accrual" && e.effectiveDate >= on) {
      total = total.plus(toMoney(e.eventData.amount));
    }
  }
  return total;
}

/**
 * The payoff quote for `on` from a write model whose current state is the
 * loan as of `asOf` (with a base when some days before its latest event are
 * not yet accrued; see from-events.ts, or the event store's snapshots).
 */
export function payoffQuote(
  model: WriteModel,
  options: PayoffOptions,
  knownAt: string | null = null,
): PayoffQuote {
  const { on, asOf } = options;
  checkAsOf(asOf);
  if (!isIsoDate(on)) {
    refuse(
      "invalid_input",
      `The payoff date must be a valid date YYYY-MM-DD, got ${JSON.stringify(on)}.`,
      {
        field: "on",
        value: on,
      },
    );
  }
  if (on < asOf) {
    refuse("invalid_input", `The payoff date ${on} is before the as-of date ${asOf}.`, {
      field: "on",
      on,
      asOf,
    });
  }
  const current = model.current;
  const closed = notOpen(current, asOf);
  if (closed) refuse("rule_violation", closed, { status: current.status });
  const terms = current.terms;
  if (!terms) return refuse("rule_violation", `The loan has no terms as of ${asOf}.`);
  // biome-ignore lint/complexity/useMathMinMax: ISO dates compare as strings, not numbers
  const latest = asOf > terms.maturityDate ? asOf : terms.maturityDate;
  if (on > latest) {
    refuse(
      "invalid_input",
      `The payoff date ${on} is after the maturity date ${terms.maturityDate}; quotes run up to maturity.`,
      { field: "on", on, maturityDate: terms.maturityDate },
    );
  }

  const { state } = catchUpTo(model, on);
  const owedInterest = state.interest.minus(accruedFrom(model, on));
  const owed = { principal: state.principal, interest: owedInterest, fees: state.fees };
  const principal = payableCents(owed.principal);
  const interest = payableCents(owed.interest);
  const fees = payableCents(owed.fees);
  const payoff = payableBalance(owed);
  const residual = owed.principal.minus(principal).plus(owed.interest.minus(interest));
  return {
    asOf,
    on,
    principal: moneyString(principal),
    interest: moneyString(interest),
    fees: moneyString(fees),
    perDiem: interestForDays(state.principal, terms.annualRate, terms.dayCount, 1),
    payoffAmount: moneyString(payoff),
    goodThrough: on,
    interestThrough: addDays(on, -1),
    unaccruedInterest: moneyString(state.interest.minus(current.interest)),
    residual: moneyString(residual.isNegative() ? state.principal.minus(principal) : residual),
    maturityDate: terms.maturityDate,
    knownAt,
  };
}
