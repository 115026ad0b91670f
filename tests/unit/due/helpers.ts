/**
 * Fixtures for the derived-view tests: a zero-rate loan whose installments can
 * be added up by hand, payment drafts, and a runner that builds realistic
 * histories through the servicing decider (every amount computed as the
 * service would, accruals included).
 */
import { AppError } from "../../../lib/app-error";
import { type DueView, dueFromEvents } from "../../../lib/due";
import type { LoanEvent } from "../../../lib/events/types";
import { servicingCommandSchema } from "../../../lib/servicing/command-schemas";
import { decide } from "../../../lib/servicing/decide";
import { checkAppend } from "../../../lib/servicing/rules";
import type { WriteModel } from "../../../lib/servicing/write-model";
import { type Draft, ev, history } from "../../engine/helpers";
import { modelOf, numbered } from "../servicing/spec";

/**
 * 1,200.00 at 0 % for 12 months, first payment 2025-02-01, disbursed 2025-01-01.
 * No interest ever accrues, so every installment is 1200 / 12 = 100.00 and the
 * obligation (payments applied + balance) is always 1,200.00 plus fees:
 * the final installment (2026-01-01) is 1200.00 - 11 x 100.00 = 100.00.
 */
export const ZERO_LOAN: Draft[] = [
  ev.origination("2025-01-01", {
    principal: "1200.00",
    annualRate: "0",
    termMonths: 12,
    dayCount: "30/360",
    firstPaymentDate: "2025-02-01",
  }),
  ev.disbursement("2025-01-01", { amount: "1200.00", method: "ach" }),
];

/** A payment on the zero-rate loan: all principal (there is never interest). */
export function pay(date: string, amount: string, recordedAt?: string): Draft {
  return ev.payment(
    date,
    { amount, allocation: { fees: "0.00", interest: "0.00", principal: amount }, method: "ach" },
    recordedAt,
  );
}

/** Monthly payments of 100.00 on the 1st, from 2025-02 for `months` months. */
export function onTime(months: number): Draft[] {
  const out: Draft[] = [];
  for (let m = 0; m < months; m++) {
    const month = 2 + m;
    const year = 2025 + Math.floor((month - 1) / 12);
    const mm = String(((month - 1) % 12) + 1).padStart(2, "0");
    out.push(pay(`${year}-${mm}-01`, "100.00"));
  }
  return out;
}

export function dueOf(
  drafts: Draft[],
  asOf: string,
  options: { knownAt?: string; tolerance?: string } = {},
): DueView {
  return dueFromEvents(history(...drafts), { asOf, ...options });
}

/** The figures of a view without the installments list (for compact expectations). */
export function summary(v: DueView) {
  const { installments: _installments, ...rest } = v;
  return rest;
}

/**
 * Decide each command in turn against the history so far (a model with a full
 * base, so backdated decisions work) and append what checkAppend accepts.
 * Commands the rules refuse are skipped, as a servicer's screen would refuse them.
 */
export function runCommands(
  start: LoanEvent[],
  commands: readonly Record<string, unknown>[],
  today = "2099-12-31",
): LoanEvent[] {
  let events = start;
  for (const input of commands) {
    const parsed = servicingCommandSchema.safeParse(input);
    if (!parsed.success) continue;
    const model: WriteModel = modelOf(events);
    let decided: ReturnType<typeof decide>;
    try {
      decided = decide(model, parsed.data, { today, actor: "prop" });
    } catch (error) {
      if (error instanceof AppError && error.code === "rule_violation") continue;
      throw error;
    }
    const candidates = numbered(decided, events.length);
    if (candidates.length === 0) continue;
    if (checkAppend(model, candidates).problems.length > 0) continue;
    events = [...events, ...candidates];
  }
  return events;
}

/** Decide one command on `events` and return the events after it (throws if refused). */
export function decideOnto(
  events: LoanEvent[],
  input: Record<string, unknown>,
  today = "2099-12-31",
): LoanEvent[] {
  const command = servicingCommandSchema.parse(input);
  const decided = decide(modelOf(events), command, { today, actor: "test" });
  return [...events, ...numbered(decided, events.length)];
}
