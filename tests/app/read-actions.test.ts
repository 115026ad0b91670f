import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validatedAction } from "../../app/_lib/validated-action";
import { loadAsOfView, loadEventDetail } from "../../app/loans/[loanNumber]/_server/read";
import { asOfSchema, eventDetailSchema } from "../../app/loans/[loanNumber]/_server/schemas";
import { postPayment } from "../../db/services/servicing";
import { replay } from "../../lib/replay/replay";
import { fixedClock, givenLoan, historyOf, TEST_ACTOR } from "../helpers/fixtures";
import { actAs } from "../helpers/staff";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
let loan: string;
beforeAll(async () => {
  t = await createTestDatabase();
  loan = await givenLoan(t.db, { clock: fixedClock("2025-01-01T09:00:00.000Z") });
  // Received 2025-02-01, posted on 2025-02-05: backdated.
  await postPayment({
    db: t.db,
    actor: TEST_ACTOR,
    clock: fixedClock("2025-02-05T10:00:00.000Z"),
    loanNumber: loan,
    amount: "1032.80",
    effectiveDate: "2025-02-01",
  });
});
afterAll(async () => t?.destroy());

actAs("reviewer");
const READ = { permission: "view_loans" } as const;
const replayAsOf = validatedAction(asOfSchema, (i) => loadAsOfView(t.db, i), READ);
const detailOf = validatedAction(eventDetailSchema, (i) => loadEventDetail(t.db, i), READ);

describe("the as-of replay action", () => {
  it("returns the engine's figures for the date", async () => {
    const result = await replayAsOf({ loanNumber: loan, asOf: "2025-02-01" });
    const expected = replay(await historyOf(t.db, loan), "2025-02-01").state;
    expect(result.ok && result.data.snapshot.principal).toBe(expected.principal);
    expect(result.ok && result.data.snapshot.totalOutstanding).toBe(expected.totalOutstanding);
    expect(result.ok && result.data.recentPayments[0]?.allocation.principal).toBe("971.65");
  });

  it("as known at an earlier instant: the difference and the backdated payment explaining it", async () => {
    const result = await replayAsOf({
      loanNumber: loan,
      asOf: "2025-02-01",
      knownAt: "2025-02-01T23:59:59Z",
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.snapshot.principal).toBe("12000.00");
    expect(result.data.knowledge?.differs).toBe(true);
    expect(result.data.knowledge?.lateEvents.map((e) => e.eventType)).toEqual(["payment"]);
    expect(result.data.knowledge?.lateEvents[0]?.summary).toMatch(
      /^Payment of \$1,032\.80 applied/,
    );
  });

  it("validates the date and the instant, and 404s an unknown loan in words", async () => {
    expect(await replayAsOf({ loanNumber: loan, asOf: "2025-13-01" })).toMatchObject({
      ok: false,
      fieldErrors: { asOf: "Enter a real date as YYYY-MM-DD." },
    });
    expect(
      await replayAsOf({ loanNumber: loan, asOf: "2025-01-01", knownAt: "yesterday" }),
    ).toMatchObject({
      ok: false,
      fieldErrors: { knownAt: expect.stringContaining("date and time") },
    });
    expect(await replayAsOf({ loanNumber: "LN-999999", asOf: "2025-01-01" })).toEqual({
      ok: false,
      error: "No loan LN-999999.",
    });
  });
});

describe("the event detail action", () => {
  it("returns the payload and the state before and after", async () => {
    const events = await historyOf(t.db, loan);
    const payment = events.at(-1);
    const result = await detailOf({
      loanNumber: loan,
      sequenceNumber: payment?.sequenceNumber ?? 0,
      asOf: "2025-03-01",
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.eventData).toMatchObject({ amount: "1032.80", backdated: true });
    expect(result.data.step?.before.principal).toBe("12000.00");
    expect(result.data.step?.after.principal).toBe("11028.35");
    expect(result.data.step?.changes.map((c) => c.field)).toEqual(
      expect.arrayContaining(["principal", "interest", "totals.paidPrincipal"]),
    );
  });

  it("an unknown event number is a not-found message", async () => {
    expect(await detailOf({ loanNumber: loan, sequenceNumber: 999, asOf: "2025-03-01" })).toEqual({
      ok: false,
      error: `Loan ${loan} has no event #999.`,
    });
  });
});
