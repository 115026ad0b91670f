/**
 * Servicing operations: each locks the loan, builds its events with the pure
 * command in lib/servicing/commands.ts, and appends them through the same
 * validation as every other write. Inputs are checked first so a bad amount or
 * date gets a specific message before any arithmetic.
 */
import type { z } from "zod";
import { AppError } from "../../lib/app-error";
import { isIsoDate } from "../../lib/dates";
import { annualRate, cashAmount, positiveCashAmount } from "../../lib/events/schemas";
import type { EventPayload, LoanEvent } from "../../lib/events/types";
import {
  chargeOffCommand,
  type DefermentCommand,
  defermentCommand,
  type EventInput,
  type ForbearanceEndCommand,
  forbearanceEndCommand,
  type ModificationCommand,
  modificationCommand,
  paymentCommand,
  type ReversalCommand,
  reversalCommand,
} from "../../lib/servicing/commands";
import { waterfallFor } from "../../lib/servicing/waterfall";
import { type AppendResult, appendToLoan, withLockedLoan } from "./append-events";
import { businessDate, type WriteContext } from "./context";
import type { LockedLoan } from "./loan-history";

export interface LoanWrite extends WriteContext {
  loanNumber: string;
  expectedSequence?: number;
}

/** Lock the loan, build the events from its history, validate and append them. */
export function runCommand(
  options: LoanWrite,
  build: (history: readonly LoanEvent[], loan: LockedLoan) => EventInput[],
): Promise<AppendResult> {
  return withLockedLoan(options, options.loanNumber, (tx, loan, history) =>
    appendToLoan(tx, loan, history, { ...options, events: build(history, loan) }),
  );
}

export function checkDate(value: unknown, field = "effectiveDate"): string {
  if (!isIsoDate(value)) {
    throw new AppError(
      "invalid_input",
      `${field} must be a real date in the form YYYY-MM-DD, got ${JSON.stringify(value)}.`,
      { field },
    );
  }
  return value;
}

export function checkField<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new AppError(
      "invalid_input",
      `${field} ${parsed.error.issues[0]?.message ?? "is invalid"} (got ${JSON.stringify(value)}).`,
      { field },
    );
  }
  return parsed.data;
}

export interface PostPaymentOptions extends LoanWrite {
  amount: string;
  effectiveDate: string;
  method?: string;
  reference?: string;
}

/** Post a payment from its amount and date: accrual catch-up, then the waterfall split. */
export async function postPayment(options: PostPaymentOptions): Promise<AppendResult> {
  checkField(positiveCashAmount, options.amount, "amount");
  checkDate(options.effectiveDate);
  return runCommand(options, (history, loan) =>
    paymentCommand(history, {
      ...options,
      today: businessDate(options.clock),
      order: waterfallFor(loan.product),
    }),
  );
}

export async function assessFee(
  options: LoanWrite & { amount: string; feeType: string; effectiveDate: string; note?: string },
): Promise<AppendResult> {
  checkDate(options.effectiveDate);
  const eventData: Record<string, unknown> = { amount: options.amount, feeType: options.feeType };
  if (options.note) eventData.note = options.note;
  return runCommand(options, () => [
    { eventType: "fee_assessment", effectiveDate: options.effectiveDate, eventData },
  ]);
}

export async function waiveFee(
  options: LoanWrite & { amount: string; effectiveDate: string; reason?: string },
): Promise<AppendResult> {
  checkDate(options.effectiveDate);
  const eventData: Record<string, unknown> = { amount: options.amount, waivedBy: options.actor };
  if (options.reason) eventData.reason = options.reason;
  return runCommand(options, () => [
    { eventType: "fee_waiver", effectiveDate: options.effectiveDate, eventData },
  ]);
}

export async function reversePayment(options: LoanWrite & ReversalCommand): Promise<AppendResult> {
  checkDate(options.effectiveDate);
  if (options.nsfFee !== undefined) checkField(cashAmount, options.nsfFee, "nsfFee");
  return runCommand(options, () => reversalCommand(options));
}

export async function modifyTerms(options: LoanWrite & ModificationCommand): Promise<AppendResult> {
  checkDate(options.effectiveDate);
  if (options.annualRate !== undefined) checkField(annualRate, options.annualRate, "annualRate");
  return runCommand(options, (history) => modificationCommand(history, options));
}

export async function startForbearance(
  options: LoanWrite & {
    effectiveDate: string;
    forbearanceType: EventPayload<"forbearance_start">["forbearanceType"];
    reducedPayment: string;
    plannedEndDate?: string;
  },
): Promise<AppendResult> {
  checkDate(options.effectiveDate);
  const eventData: Record<string, unknown> = {
    forbearanceType: options.forbearanceType,
    reducedPayment: options.reducedPayment,
  };
  if (options.plannedEndDate) eventData.plannedEndDate = options.plannedEndDate;
  return runCommand(options, () => [
    { eventType: "forbearance_start", effectiveDate: options.effectiveDate, eventData },
  ]);
}

export async function endForbearance(
  options: LoanWrite & ForbearanceEndCommand,
): Promise<AppendResult> {
  checkDate(options.effectiveDate);
  return runCommand(options, (history) => forbearanceEndCommand(history, options));
}

export async function deferPeriods(options: LoanWrite & DefermentCommand): Promise<AppendResult> {
  checkDate(options.effectiveDate);
  return runCommand(options, (history) => defermentCommand(history, options));
}

export async function chargeOff(
  options: LoanWrite & { effectiveDate: string; reason: string },
): Promise<AppendResult> {
  checkDate(options.effectiveDate);
  return runCommand(options, (history) => chargeOffCommand(history, options));
}
