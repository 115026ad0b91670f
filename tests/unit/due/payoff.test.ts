/**
 * Payoff quotes (lib/due/payoff.ts) on the servicing specs' loan: 12,000.00 at
 * 6 % actual/365 disbursed 2025-01-01, first payment 2025-02-01, maturity
 * 2026-01-01; one day's interest on the full principal is
 * 12000 x 0.06 / 365 = 1.972602739... -> 1.972603.
 * Exactness is checked the way the service would post it: the quoted amount
 * as a record_payment through decide, folded with applyEvent.
 */
import { describe, expect, it } from "vitest";
import { AppError } from "../../../lib/app-error";
import { type PayoffQuote, payoffFromEvents, payoffQuote, writeModelOf } from "../../../lib/due";
import type { LoanEvent } from "../../../lib/events/types";
import { Dec } from "../../../lib/money";
import { foldEvents } from "../../../lib/replay/replay";
import { MissingBaseError } from "../../../lib/servicing/write-model";
import { type Draft, ev, history } from "../../engine/helpers";
import { asDrafts, DAY, dailyAccruals, LOAN, TERMS } from "../servicing/spec";
import { decideOnto } from "./helpers";

/** Post a payment of `amount` effective `on` (accrual catch-up + waterfall) and fold. */
function payAndFold(events: LoanEvent[], on: string, amount: string) {
  const after = decideOnto(events, { type: "record_payment", amount, effectiveDate: on });
  const state = foldEvents(after);
  const payment = state.payments.items[state.payments.length - 1];
  return { state, unapplied: payment?.unapplied.toFixed(2) };
}

function expectExact(events: LoanEvent[], quote: PayoffQuote): void {
  const exact = payAndFold(events, quote.on, quote.payoffAmount);
  expect(exact.state.status).toBe("paid_off");
  expect(exact.unapplied).toBe("0.00");
  const less = new Dec(quote.payoffAmount).minus("0.01").toFixed(2);
  const short = payAndFold(events, quote.on, less);
  expect(short.state.status).not.toBe("paid_off");
  expect(short.state.principal.plus(short.state.interest).plus(short.state.fees).gte("0.01")).toBe(
    true,
  );
}

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

describe("payoff quote", () => {
  it("principal + interest through Q-1 (rounded down to cents), per diem, good through Q", () => {
    // No accrual stored. On 2025-01-11 the interest of Jan 1 .. Jan 10 is owed:
    // 10 x 1.972603 = 19.72603 -> 19.72 (a payment can take 19.72; the 0.00603 is written off).
    // Payoff 12000.00 + 19.72 = 12019.72.
    const events = history(...LOAN);
    const quote = payoffFromEvents(events, { on: "2025-01-11", asOf: "2025-01-11" });
    expect(quote).toEqual({
      asOf: "2025-01-11",
      on: "2025-01-11",
      principal: "12000.00",
      interest: "19.72",
      fees: "0.00",
      perDiem: "1.972603",
      payoffAmount: "12019.72",
      goodThrough: "2025-01-11",
      interestThrough: "2025-01-10",
      unaccruedInterest: "19.72603",
      residual: "0.00603",
      maturityDate: TERMS.maturityDate,
      knownAt: null,
    });
    expectExact(events, quote);
  });

  it("adds the days not yet accrued to the interest balance as of D", () => {
    // Accrued Jan 1 .. Jan 4 (4 x 1.972603 = 7.890412) as of Jan 5; quote for Jan 11 adds
    // Jan 5 .. Jan 10 (6 x 1.972603 = 11.835618): 19.72603 in all -> 19.72.
    const events = history(...LOAN, ...asDrafts(dailyAccruals("2025-01-01", "2025-01-04", DAY)));
    const quote = payoffFromEvents(events, { on: "2025-01-11", asOf: "2025-01-05" });
    expect(quote).toMatchObject({
      interest: "19.72",
      unaccruedInterest: "11.835618",
      payoffAmount: "12019.72",
    });
    expectExact(events, quote);
  });

  it("on the as-of date after that day is accrued: the day's own accrual is not owed", () => {
    // Accrued Jan 1 .. Jan 11 (11 x 1.972603 = 21.698633). A payoff effective Jan 11 owes
    // interest through Jan 10 only (19.72603 -> 19.72): the accrual of Jan 11 is on the
    // principal at the end of Jan 11, which the payoff makes 0 (posting it restates that day).
    const events = history(...LOAN, ...asDrafts(dailyAccruals("2025-01-01", "2025-01-11", DAY)));
    const quote = payoffFromEvents(events, { on: "2025-01-11", asOf: "2025-01-11" });
    expect(quote).toMatchObject({
      interest: "19.72",
      unaccruedInterest: "0.00",
      payoffAmount: "12019.72",
      residual: "0.00603",
    });
    expectExact(events, quote);
    // From a write model without a base the stored Jan 11 accrual cannot be told apart.
    expect(() =>
      payoffQuote({ current: foldEvents(events) }, { on: "2025-01-11", asOf: "2025-01-11" }),
    ).toThrow(MissingBaseError);
    // With the base the event store would give (a snapshot before Jan 11 and its tail): the same.
    expect(
      payoffQuote(writeModelOf(events, "2025-01-11"), { on: "2025-01-11", asOf: "2025-01-11" }),
    ).toEqual(quote);
  });

  it("fees are included; a payment on Q = D pays interest through D-1 only", () => {
    // A 25.00 fee on Jan 1. A payoff on Jan 1 owes no interest yet: 12000.00 + 25.00 = 12025.00.
    const events = history(...LOAN, ev.fee("2025-01-01", { amount: "25.00", feeType: "late" }));
    const quote = payoffFromEvents(events, { on: "2025-01-01" });
    expect(quote).toMatchObject({ interest: "0.00", fees: "25.00", payoffAmount: "12025.00" });
    expectExact(events, quote);
  });

  it("capitalised interest leaves a principal with fractions of a cent: it rounds down too", () => {
    // 10 days accrued (19.72603) then capitalised on Jan 11 by a modification:
    // principal 12019.72603. On Jan 11 no further interest: payoff 12019.72, residual 0.00603.
    const drafts: Draft[] = [
      ...LOAN,
      ...asDrafts(dailyAccruals("2025-01-01", "2025-01-10", DAY)),
      ev.modification("2025-01-11", {
        before: TERMS,
        after: TERMS,
        reason: "capitalise",
        capitalizedInterest: "19.72603",
      }),
    ];
    const events = history(...drafts);
    const quote = payoffFromEvents(events, { on: "2025-01-11" });
    expect(quote).toMatchObject({
      principal: "12019.72",
      interest: "0.00",
      payoffAmount: "12019.72",
      residual: "0.00603",
    });
    expectExact(events, quote);
  });

  it("as known at: a payment recorded later is not in the quote", () => {
    const events = history(
      ...LOAN,
      ev.payment(
        "2025-01-01",
        { amount: "1000.00", allocation: { fees: "0.00", interest: "0.00", principal: "1000.00" } },
        "2025-01-20T12:00:00Z",
      ),
    );
    const known = payoffFromEvents(events, { on: "2025-01-02", asOf: "2025-01-01" });
    // Jan 1 on 11000.00: 11000 x 0.06 / 365 = 1.808219... -> 1.808219 -> 1.80.
    expect(known.payoffAmount).toBe("11001.80");
    const then = payoffFromEvents(events, {
      on: "2025-01-02",
      asOf: "2025-01-01",
      knownAt: "2025-01-10T00:00:00Z",
    });
    // Jan 1 on 12000.00: 1.972603 -> 1.97.
    expect(then).toMatchObject({ payoffAmount: "12001.97", knownAt: "2025-01-10T00:00:00Z" });
  });

  it("refuses a date before D, after maturity, and a loan that is closed", () => {
    const events = history(...LOAN);
    const before = refusal(() =>
      payoffFromEvents(events, { on: "2025-01-04", asOf: "2025-01-05" }),
    );
    expect(before.code).toBe("invalid_input");
    expect(before.message).toBe("The payoff date 2025-01-04 is before the as-of date 2025-01-05.");

    const after = refusal(() => payoffFromEvents(events, { on: "2026-01-02", asOf: "2025-06-01" }));
    expect(after.code).toBe("invalid_input");
    expect(after.message).toMatch(/2026-01-02 is after the maturity date 2026-01-01/);
    // The maturity date itself is quoted.
    expect(payoffFromEvents(events, { on: "2026-01-01", asOf: "2025-01-01" }).goodThrough).toBe(
      "2026-01-01",
    );

    const bad = refusal(() => payoffFromEvents(events, { on: "2025-02-30" }));
    expect(bad.code).toBe("invalid_input");

    const paidOff = history(
      ...LOAN,
      ev.payment("2025-01-01", {
        amount: "12000.00",
        allocation: { fees: "0.00", interest: "0.00", principal: "12000.00" },
      }),
    );
    const closed = refusal(() => payoffFromEvents(paidOff, { on: "2025-01-05" }));
    expect([closed.code, closed.message]).toEqual([
      "rule_violation",
      "The loan is paid off as of 2025-01-05; nothing is owed.",
    ]);

    const chargedOff = history(
      ...LOAN,
      ev.chargeOff("2025-01-01", {
        amount: "12000.00",
        principal: "12000.00",
        interest: "0.00",
        fees: "0.00",
        reason: "fraud",
      }),
    );
    expect(refusal(() => payoffFromEvents(chargedOff, { on: "2025-01-05" })).message).toMatch(
      /charged off on 2025-01-01/,
    );
  });

  it("a loan already past maturity is quoted for its as-of date", () => {
    // As of 2026-02-01 (after maturity 2026-01-01): Q = D is quoted, Q > D is refused.
    const events = history(...LOAN);
    const quote = payoffFromEvents(events, { on: "2026-02-01", asOf: "2026-02-01" });
    // 396 days (2025-01-01 .. 2026-01-31) x 1.972603 = 781.150788 -> 781.15.
    expect(quote).toMatchObject({ interest: "781.15", payoffAmount: "12781.15" });
    expectExact(events, quote);
    expect(
      refusal(() => payoffFromEvents(events, { on: "2026-02-02", asOf: "2026-02-01" })).code,
    ).toBe("invalid_input");
  });
});
