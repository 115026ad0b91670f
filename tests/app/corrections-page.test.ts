/**
 * Corrections on the loan page, through the page's own server functions on a
 * real database: the Review step (a preview that writes nothing, posted with
 * the sequence it saw; a change in between is a conflict), the timeline's one
 * group per restatement (also when it starts with accrual adjustments that
 * share a month's run with the nightly accruals), a reversed payment never
 * reading "applied" (timeline, event detail, step-through, audit), the
 * step-through's marks, and "as known at" naming the correction.
 *
 * The loan and the figures are those of tests/db/corrections.test.ts: 12,000.00
 * at 6 %, actual/365, from 2025-01-01; 500.00 paid 2025-02-01 (#34), accrued
 * through 2025-02-10; then 1,000.00 received 2025-01-15 is posted late.
 */

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { loadAuditPage } from "../../app/audit/_server/audit-page";
import { parseAuditQuery } from "../../app/audit/_server/query";
import { previewCommandForm } from "../../app/loans/[loanNumber]/_server/preview";
import { asOfViewOf, eventDetailOf } from "../../app/loans/[loanNumber]/_server/read";
import { recordCommand } from "../../app/loans/[loanNumber]/_server/record";
import { reviewStep } from "../../app/loans/[loanNumber]/_server/review";
import {
  type CommandWrite,
  paymentSchema,
  reverseEventSchema,
} from "../../app/loans/[loanNumber]/_server/schemas";
import { timelinePage } from "../../app/loans/[loanNumber]/_server/timeline";
import { loans } from "../../db/schema";
import { accrueInterest } from "../../db/services/accrue";
import { assessFee, postPayment } from "../../db/services/servicing";
import { AppError } from "../../lib/app-error";
import { rowsFromEntries } from "../../lib/presentation/timeline";
import { eventCount, fixedClock, givenLoan, historyOf, TEST_ACTOR } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
// The loan's history is recorded at one instant (givenLoan's); the corrections
// through the page's functions at the real time, later.
const clock = fixedClock();
const ctx = () => ({ db: t.db, actor: TEST_ACTOR, clock });
const ACTOR = "staff:servicer@test.example";

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.destroy());

async function loanId(loanNumber: string): Promise<number> {
  const [row] = await t.db
    .select({ id: loans.id })
    .from(loans)
    .where(eq(loans.loanNumber, loanNumber));
  if (!row) throw new Error(`no ${loanNumber}`);
  return row.id;
}

/** A form's fields checked by its schema, as the server action does. */
function formInput<S extends z.ZodType<CommandWrite>>(schema: S, fields: Record<string, string>) {
  return schema.parse(fields) as CommandWrite;
}

describe("a payment received on time but posted late, through the Review step", () => {
  let loan: string;
  let id: number;
  let before: number;
  let cause: number;

  beforeAll(async () => {
    loan = await givenLoan(t.db);
    id = await loanId(loan);
    await accrueInterest({ ...ctx(), loanNumbers: [loan], through: "2025-01-31" });
    await postPayment({
      ...ctx(),
      loanNumber: loan,
      amount: "500.00",
      effectiveDate: "2025-02-01",
    });
    await accrueInterest({ ...ctx(), loanNumbers: [loan], through: "2025-02-10" });
    before = await eventCount(t.db, loan);
  });

  const fields = () => ({
    loanNumber: loan,
    expectedSequence: String(before),
    amount: "1000.00",
    effectiveDate: "2025-01-15",
  });

  it("previews the correction, grouped, with the figures on each date, and writes nothing", async () => {
    const review = await previewCommandForm(t.db, formInput(paymentSchema, fields()), ACTOR);
    expect(await eventCount(t.db, loan)).toBe(before);
    expect(review.lastSequence).toBe(before);
    expect(review.restatement).toMatchObject({
      causeLabel: `payment #${before + 29} received 2025-01-15`,
      what: "1 payment re-applied, 27 accrual adjustments",
    });
    expect(review.groups.map((g) => [g.key, g.title])).toEqual([
      ["correction", "The payment"],
      ["reapplied", "1 payment re-applied"],
      ["adjustments", "27 accrual adjustments"],
    ]);
    expect(review.groups[1]?.events[1]?.allocationChange).toBe(
      "Was $0.00 fees, $61.15 interest, $438.85 principal; now $0.00 fees, $30.82 interest, $469.18 principal.",
    );
    const jan15 = review.dates.find((d) => d.date === "2025-01-15");
    expect(jan15?.changes.find((c) => c.field === "principal")).toMatchObject({
      before: "12000.00",
      after: "11027.61",
    });
    const today = review.dates.find((d) => d.kind === "today");
    expect(today?.changes.find((c) => c.field === "principal")).toMatchObject({
      before: "11561.15",
      after: "10558.43",
    });
  });

  it("posting with the sequence the preview saw records it; the message names the restatement", async () => {
    const input = formInput(paymentSchema, fields());
    const recorded = await recordCommand(t.db, input, ACTOR);
    cause = before + 29;
    expect(recorded.message).toBe(
      `Recorded #${cause}: Payment of $1,000.00 applied: $0.00 fees, $27.61 interest, $972.39 principal. Restated: 1 payment re-applied, 27 accrual adjustments (events #${before + 1}–#${before + 30}).`,
    );
    // The same post again carries a sequence the loan has moved past: a conflict, nothing written.
    const count = await eventCount(t.db, loan);
    await expect(recordCommand(t.db, input, ACTOR)).rejects.toSatisfy(
      (e) => e instanceof AppError && e.code === "conflict",
    );
    expect(await eventCount(t.db, loan)).toBe(count);
  });

  it("the timeline shows the restatement as one group, and the reversed payment as reversed", async () => {
    const page = await timelinePage(t.db, id, { groupAccruals: true, limit: 100 });
    const rows = rowsFromEntries(page.entries);
    const groups = rows.filter((r) => r.kind === "restatement");
    expect(groups).toHaveLength(1);
    const group = groups[0];
    if (group?.kind !== "restatement") throw new Error("no group");
    expect(group.group).toMatchObject({
      cause,
      firstSequence: before + 1,
      lastSequence: before + 30,
      eventCount: 30,
      title: `Restated by payment #${cause} received 2025-01-15: 1 payment re-applied, 27 accrual adjustments`,
    });
    const original = rows.find((r) => r.kind === "event" && r.event.sequenceNumber === 34);
    expect(original?.kind === "event" && original.event).toMatchObject({
      reversedBy: before + 1,
      summary: expect.stringMatching(/^Payment of \$500\.00 reversed by #\d+ /),
    });
    expect(original?.kind === "event" && original.event.summary).not.toContain("applied");
  });

  it("the event detail and the step-through: 'reversed by', never 'applied'; the re-post says what it re-applies", async () => {
    const detail = await eventDetailOf(t.db, id, 34, "2025-12-31", null);
    expect(detail?.event.reversedBy).toBe(before + 1);
    expect(detail?.step?.explanation).toMatch(/^Payment of \$500\.00, reversed later by #\d+: /);
    const nav = { asOf: "2025-12-31", knownAt: null, skipAccruals: false };
    const step = await reviewStep(t.db, id, nav, { at: 34 });
    expect(step?.explanation).not.toContain("applied");
    expect(step?.marks?.reversedBy).toBe(before + 1);
    const repost = await reviewStep(t.db, id, nav, { at: cause + 1 });
    expect(repost?.marks).toMatchObject({
      backdated: true,
      reapplies: 34,
      restatement: { cause, causeLabel: `payment #${cause} received 2025-01-15`, isCause: false },
    });
    const correction = await reviewStep(t.db, id, nav, { at: cause });
    expect(correction?.marks).toMatchObject({ backdated: true, restatement: { isCause: true } });
  });

  it("'as known at' before the correction names it beside each figure it changed", async () => {
    const view = await asOfViewOf(t.db, id, "2025-02-10", "2026-01-15T13:00:00Z");
    const knowledge = view.knowledge;
    expect(knowledge?.differs).toBe(true);
    expect(knowledge?.corrections?.map((c) => c.causeLabel)).toEqual([
      `payment #${cause} received 2025-01-15`,
    ]);
    expect(knowledge?.changedBy?.principal).toEqual([`payment #${cause} received 2025-01-15`]);
    expect(knowledge?.changes.find((c) => c.field === "principal")).toMatchObject({
      before: "11561.15",
      after: "10558.43",
    });
  });

  it("the audit log never says a reversed payment was applied", async () => {
    const parsed = parseAuditQuery({ loan, type: "payment" });
    if (!parsed.ok) throw new Error(parsed.errors.join("; "));
    const page = await loadAuditPage(t.db, parsed.query);
    const row = page.rows.find((r) => r.sequenceNumber === 34);
    expect(row?.summary).toMatch(/^Payment of \$500\.00 reversed by #\d+/);
    expect(page.rows.find((r) => r.sequenceNumber === cause + 1)?.summary).toMatch(
      /^Re-applies #34: /,
    );
  });
});

describe("a restatement that starts with accrual adjustments in the nightly accruals' month", () => {
  it("is still one group: the month's run is split where the correction begins", async () => {
    const loan = await givenLoan(t.db);
    const id = await loanId(loan);
    await accrueInterest({ ...ctx(), loanNumbers: [loan], through: "2025-01-31" }); // #3..#33
    const before = await eventCount(t.db, loan);
    // Received Jan 20, posted after the accruals: days Jan 20..31 adjusted, no payment to re-apply.
    await recordCommand(
      t.db,
      formInput(paymentSchema, {
        loanNumber: loan,
        expectedSequence: String(before),
        amount: "2000.00",
        effectiveDate: "2025-01-20",
      }),
      ACTOR,
    );
    const history = await historyOf(t.db, loan);
    const added = history.filter((e) => e.sequenceNumber > before);
    expect(added.map((e) => e.eventType)).toEqual([
      ...Array(12).fill("interest_accrual"),
      "payment",
    ]);
    const page = await timelinePage(t.db, id, { groupAccruals: true, limit: 100 });
    const rows = rowsFromEntries(page.entries);
    const group = rows.find((r) => r.kind === "restatement");
    if (group?.kind !== "restatement") throw new Error("no group");
    expect(group.group).toMatchObject({
      firstSequence: before + 1,
      lastSequence: before + 13,
      accrualAdjustments: 12,
      eventCount: 13,
    });
    // The nightly run of January stays a run of its own, #3..#33.
    const january = rows.find((r) => r.kind === "accruals" && r.group.month === "2025-01");
    expect(
      january?.kind === "accruals" && [january.group.firstSequence, january.group.lastSequence],
    ).toEqual([3, 33]);
  });
});

describe("reversing a fee through its form", () => {
  it("previews and posts the reversal; the fee then reads reversed, the reversal names the fee", async () => {
    const loan = await givenLoan(t.db);
    const id = await loanId(loan);
    await assessFee({
      ...ctx(),
      loanNumber: loan,
      amount: "25.00",
      effectiveDate: "2025-01-10",
      feeType: "late",
    });
    const fee = await eventCount(t.db, loan);
    const input = formInput(reverseEventSchema, {
      loanNumber: loan,
      expectedSequence: String(fee),
      targetSequence: String(fee),
      effectiveDate: "2025-01-10",
      reason: "assessed in error",
    });
    const review = await previewCommandForm(t.db, input, ACTOR);
    expect(await eventCount(t.db, loan)).toBe(fee);
    expect(review.groups[0]?.events.at(-1)?.summary).toBe(
      `Fee #${fee} reversed — assessed in error`,
    );
    await recordCommand(t.db, { ...input, expectedSequence: review.lastSequence }, ACTOR);
    const page = await timelinePage(t.db, id, { groupAccruals: true, limit: 100 });
    const events = page.entries.flatMap((e) => (e.kind === "event" ? [e.event] : []));
    expect(events.find((e) => e.sequenceNumber === fee)?.summary).toMatch(/— reversed by #\d+$/);
    expect(events.find((e) => e.eventType === "reversal")?.summary).toBe(
      `Fee #${fee} reversed — assessed in error`,
    );
  });
});

describe("the Review step's warnings, judged against the loan now", () => {
  let loan: string;
  let before: number;
  beforeAll(async () => {
    loan = await givenLoan(t.db, { borrower: { name: "Warned Borrower" } });
    await accrueInterest({ ...ctx(), loanNumbers: [loan], through: "2025-02-10" });
    before = await eventCount(t.db, loan);
  });
  const payment = (amount: string) =>
    formInput(paymentSchema, {
      loanNumber: loan,
      expectedSequence: String(before),
      amount,
      effectiveDate: "2025-02-11",
    });

  it("an ordinary payment has none; Post needs no second look", async () => {
    const review = await previewCommandForm(t.db, payment("500.00"), ACTOR);
    expect(review.warnings).toEqual([]);
  });

  it("ten times what the loan owes: an overpayment, and an amount to check; nothing written", async () => {
    const review = await previewCommandForm(t.db, payment("130000.00"), ACTOR);
    expect(await eventCount(t.db, loan)).toBe(before);
    expect(review.warnings).toHaveLength(2);
    expect(review.warnings[0]).toMatch(
      /^Overpayment: \$[\d,]+\.\d{2} of this \$130,000\.00 payment pays no balance/,
    );
    expect(review.warnings[1]).toMatch(
      /^The amount, \$130,000\.00, is 10 times what the loan owes today \(\$12,\d{3}\.\d{2}\)/,
    );
  });
});
