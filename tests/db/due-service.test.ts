/**
 * dueAndPayoffAsOf (db/services/due.ts): the amounts due and a payoff quote for
 * one loan as of any date and as known at any time, from the projection or a
 * snapshot plus its tail and the due basis's schedule events, equal lib/due's
 * dueFromEvents and payoffFromEvents over the loan's whole history.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loans } from "../../db/schema";
import { accrueInterest } from "../../db/services/accrue";
import { dueAndPayoffAsOf } from "../../db/services/due";
import { deferPeriods, modifyTerms, postPayment } from "../../db/services/servicing";
import { addDays } from "../../lib/dates";
import { dueFromEvents, payoffFromEvents } from "../../lib/due";
import { fixedClock, givenLoan, historyOf, TEST_ACTOR } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
const clock = fixedClock("2026-01-15T12:00:00.000Z");
const later = fixedClock("2026-01-20T12:00:00.000Z");
const ctx = { actor: TEST_ACTOR, clock };
let loanNumber = "";
let loanId = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  loanNumber = await givenLoan(t.db, { termMonths: 24 });
  const [row] = await t.db
    .select({ id: loans.id })
    .from(loans)
    .where(eq(loans.loanNumber, loanNumber));
  loanId = row?.id ?? 0;
  const w = { db: t.db, ...ctx, loanNumber };
  await accrueInterest({
    db: t.db,
    ...ctx,
    loanNumbers: [loanNumber],
    through: "2025-01-31",
    lateFees: false,
  });
  await postPayment({ ...w, amount: "532.00", effectiveDate: "2025-02-01" });
  await postPayment({ ...w, amount: "300.00", effectiveDate: "2025-03-03" });
  await modifyTerms({ ...w, effectiveDate: "2025-04-10", termMonths: 30, reason: "hardship" });
  await accrueInterest({
    db: t.db,
    ...ctx,
    loanNumbers: [loanNumber],
    through: "2025-05-20",
    lateFees: false,
  });
  await deferPeriods({
    ...w,
    effectiveDate: "2025-05-21",
    periods: 1,
    interestTreatment: "accrue",
  });
  // Recorded later: a payment known only from 2026-01-20.
  await postPayment({
    db: t.db,
    actor: TEST_ACTOR,
    clock: later,
    loanNumber,
    amount: "450.00",
    effectiveDate: "2025-06-10",
  });
  await accrueInterest({
    db: t.db,
    actor: TEST_ACTOR,
    clock: later,
    loanNumbers: [loanNumber],
    through: "2025-07-31",
    lateFees: false,
  });
}, 180_000);

afterAll(async () => {
  await t?.destroy();
});

describe("dueAndPayoffAsOf", () => {
  it("equals lib/due over the whole history, as of many dates and two knowledge times", async () => {
    const events = await historyOf(t.db, loanNumber);
    const dates = [
      "2025-01-15",
      "2025-02-01",
      "2025-03-20",
      "2025-04-30",
      "2025-06-05",
      "2025-07-31",
      "2025-09-15",
    ];
    for (const knownAt of [null, "2026-01-16T00:00:00.000Z"]) {
      for (const asOf of dates) {
        const on = addDays(asOf, 10);
        const got = await dueAndPayoffAsOf(t.db, loanId, { asOf, knownAt, on });
        const { installments: _a, ...due } = got.due;
        const { installments: _b, ...expected } = dueFromEvents(events, { asOf, knownAt });
        expect(due).toEqual(expected);
        expect(got.due.installments).toEqual(dueFromEvents(events, { asOf, knownAt }).installments);
        let quote: unknown = null;
        try {
          quote = payoffFromEvents(events, { on, asOf, knownAt });
        } catch {
          quote = null;
        }
        expect(got.payoff).toEqual(quote);
      }
    }
  });
});
