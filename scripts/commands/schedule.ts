/**
 * schedule --principal P --rate R --term N --first-payment DATE [--day-count C]
 *          [--payment AMOUNT] [--start-date DATE]
 *
 * Prints the amortization schedule as JSON: the inputs, the payment, the maturity
 * date, totals and one row per period.
 */
import {
  amortizationSchedule,
  levelPayment,
  maturityDate,
  scheduleTotals,
} from "../../lib/amortization";
import { isIsoDate } from "../../lib/dates";
import { DAY_COUNTS, type DayCountConvention, isDayCountConvention } from "../../lib/day-count";
import { MESSAGES } from "../../lib/events/schemas";
import { formatMoney, isDecimalString, toMoney } from "../../lib/money";
import { CliError, EXIT_OK, parseFlags, required } from "../cli/args";
import type { CommandContext } from "./context";

export const usage =
  "schedule --principal <amount> --rate <annual rate, e.g. 0.0650> --term <months> --first-payment <YYYY-MM-DD> [--day-count actual/365|actual/360|30/360] [--payment <amount>] [--start-date <YYYY-MM-DD>]";

function cash(value: string, flag: string): string {
  if (!isDecimalString(value, 2) || value.startsWith("-")) {
    throw new CliError(`--${flag} ${value}: ${MESSAGES.cash}`);
  }
  return value;
}

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const flags = parseFlags(args, {
    principal: { type: "string" },
    rate: { type: "string" },
    term: { type: "string" },
    "first-payment": { type: "string" },
    "day-count": { type: "string" },
    payment: { type: "string" },
    "start-date": { type: "string" },
  });
  const principal = cash(required(flags.principal, "principal"), "principal");
  if (!/[1-9]/.test(principal))
    throw new CliError(`--principal ${principal}: must be greater than 0`);
  const rate = required(flags.rate, "rate");
  if (!isDecimalString(rate) || rate.startsWith("-")) {
    throw new CliError(`--rate ${rate}: ${MESSAGES.rate}`);
  }
  if (toMoney(rate).greaterThan(1)) throw new CliError(`--rate ${rate}: ${MESSAGES.rateRange}`);
  const termText = required(flags.term, "term");
  if (!/^\d{1,4}$/.test(termText) || Number(termText) < 1 || Number(termText) > 1200) {
    throw new CliError(`--term ${termText}: must be a whole number of months from 1 to 1200`);
  }
  const termMonths = Number(termText);
  const firstPaymentDate = required(flags["first-payment"], "first-payment");
  if (!isIsoDate(firstPaymentDate)) {
    throw new CliError(`--first-payment ${firstPaymentDate}: ${MESSAGES.date}`);
  }
  const dayCountText = flags["day-count"] ?? "30/360";
  if (!isDayCountConvention(dayCountText)) {
    throw new CliError(`--day-count ${dayCountText}: must be one of ${DAY_COUNTS.join(", ")}`);
  }
  const dayCount: DayCountConvention = dayCountText;
  const paymentAmount = flags.payment === undefined ? undefined : cash(flags.payment, "payment");
  const startDate = flags["start-date"];
  if (startDate !== undefined && !isIsoDate(startDate)) {
    throw new CliError(`--start-date ${startDate}: ${MESSAGES.date}`);
  }
  const input = {
    principal,
    annualRate: rate,
    termMonths,
    firstPaymentDate,
    dayCount,
    paymentAmount,
    startDate,
  };
  const rows = amortizationSchedule(input);
  ctx.printJson({
    principal: formatMoney(principal),
    annualRate: rate,
    termMonths,
    dayCount,
    firstPaymentDate,
    paymentAmount: paymentAmount ?? levelPayment(input),
    maturityDate: maturityDate(firstPaymentDate, termMonths),
    totals: scheduleTotals(rows),
    rows,
  });
  return EXIT_OK;
}
