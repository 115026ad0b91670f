/**
 * What the borrower owes on the loan page, read without the history: for a
 * loan built through the services (on-time, missed, partial and returned
 * payments, a deferment, a payment posted late, a reduced-payment
 * forbearance, a modification, daily accruals), the schedule-event reader,
 * the as-of state from a snapshot and its tail, the Due panel, the payoff
 * quote, interest accrued in a period and days past due over time equal the
 * engine's answers over the whole history (lib/due dueFromEvents,
 * payoffFromEvents; replay), as of past dates and as known at earlier
 * instants; and the downloads answer as their contract says.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  delinquencyInGaps,
  delinquencyOverTime,
  dueSectionOf,
  interestAccruedOf,
  loadDuePage,
  loadPayoffQuote,
} from "../../app/loans/[loanNumber]/_server/due";
import {
  installmentsResponse,
  payoffResponse,
} from "../../app/loans/[loanNumber]/_server/due-export";
import { loadLoanPage } from "../../app/loans/[loanNumber]/_server/page-data";
import type { Database } from "../../db/client";
import { loadStateAsOf, readScheduleEvents, readSnapshotCores } from "../../db/event-store/due";
import { loadProjections } from "../../db/event-store/projection";
import { resultRows } from "../../db/event-store/rows";
import { accrueInterest } from "../../db/services/accrue";
import { createLoan } from "../../db/services/create-loan";
import {
  deferPeriods,
  endForbearance,
  modifyTerms,
  postPayment,
  reversePayment,
  startForbearance,
} from "../../db/services/servicing";
import { AppError } from "../../lib/app-error";
import { addDays, addMonths } from "../../lib/dates";
import {
  dueFromEvents,
  payoffFromEvents,
  type ScheduleEvent,
  scheduleEvents,
  toleranceFor,
} from "../../lib/due";
import type { LoanEvent } from "../../lib/events/types";
import { replay } from "../../lib/replay/replay";
import { toLoanState } from "../../lib/replay/state";
import { historyOf, TEST_ACTOR } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const START = "2025-01-01";
const at =
  (date: string, hour = 12) =>
  () =>
    new Date(`${date}T${String(hour).padStart(2, "0")}:00:00.000Z`);
const END = "2026-03-20";

async function buildLoan(db: Database) {
  const actor = TEST_ACTOR;
  const created = await createLoan({
    db,
    actor,
    clock: at(START),
    borrower: { name: "Due Figures" },
    principal: "6000.00",
    annualRate: "0.0750",
    termMonths: 12,
    dayCount: "actual/365",
    firstPaymentDate: addMonths(START, 1),
    originatedOn: START,
    disbursement: { on: START },
  });
  const loanNumber = created.loanNumber;
  const w = { db, actor, loanNumber };
  const pay = async (effectiveDate: string, amount: string, postedOn = effectiveDate) =>
    postPayment({ ...w, clock: at(postedOn), amount, effectiveDate });
  const accrue = (through: string) =>
    accrueInterest({
      db,
      actor,
      clock: at(addDays(through, 1), 1),
      through,
      loanNumbers: [loanNumber],
    });

  const due = (m: number) => addMonths(START, m);
  await pay(due(1), "525.00");
  await pay(due(2), "525.00");
  // Month 3 missed; month 4 paid double five days late (cures).
  await accrue(addDays(due(3), 20));
  await pay(addDays(due(4), 5), "1050.00");
  await pay(due(5), "300.00"); // partial
  const returned = await pay(due(6), "525.00");
  await reversePayment({
    ...w,
    clock: at(addDays(due(6), 9)),
    paymentSequence: returned.appended.at(-1)?.sequenceNumber ?? 0,
    effectiveDate: addDays(due(6), 9),
    reason: "returned",
  });
  await deferPeriods({
    ...w,
    clock: at(due(7)),
    effectiveDate: due(7),
    periods: 1,
    interestTreatment: "capitalize",
  });
  // Received on its due date, posted ten days later (a correction: accruals restated).
  await accrue(addDays(due(8), 9));
  await pay(due(8), "525.00", addDays(due(8), 10));
  await startForbearance({
    ...w,
    clock: at(addDays(due(9), -2)),
    effectiveDate: addDays(due(9), -2),
    forbearanceType: "reduced_payment",
    reducedPayment: "100.00",
  });
  await pay(due(9), "100.00");
  await pay(due(10), "100.00");
  await endForbearance({
    ...w,
    clock: at(addDays(due(10), 5)),
    effectiveDate: addDays(due(10), 5),
    action: "capitalize",
  });
  await pay(due(11), "525.00");
  await modifyTerms({
    ...w,
    clock: at(addDays(due(11), 3)),
    effectiveDate: addDays(due(11), 3),
    termMonths: 18,
    reason: "hardship review",
  });
  await pay(due(12), "400.00");
  await accrue(END);
  return { loanNumber, loanId: created.loanId };
}

let t: TestDatabase;
let loanNumber: string;
let loanId: number;
let events: LoanEvent[];
const loan = () => ({ id: loanId, product: "standard", loanNumber });

beforeAll(async () => {
  t = await createTestDatabase();
  const built = await buildLoan(t.db);
  loanNumber = built.loanNumber;
  loanId = built.loanId;
  events = await historyOf(t.db, loanNumber);
}, 240_000);
afterAll(async () => t?.destroy());

/** Dates across the life: month ends (some snapshotted), mid-month, due dates, before the first snapshot, today. */
function dates(): string[] {
  const out = ["2025-01-15", "2025-02-01", "2025-03-20", "2025-04-30", "2025-06-06", "2025-07-15"];
  out.push("2025-09-01", "2025-10-31", "2025-11-02", "2025-12-20", "2026-01-31", "2026-02-01", END);
  return out;
}

/** Instants: before the late posting of month 8, after it, and before the returned payment's reversal. */
const KNOWN_ATS = [null, "2025-09-05T00:00:00.000Z", "2025-07-05T00:00:00.000Z"];

async function snapshotDates(): Promise<string[]> {
  const rows = resultRows<{ d: string }>(
    await t.db.execute(
      sql`select distinct as_of_date::text as d from loan_snapshots where loan_id = ${loanId} and invalidated_at is null order by 1`,
    ),
  );
  return rows.map((r) => r.d);
}

describe("the event store's due reads", () => {
  it("has the history the scenarios need", () => {
    const types = new Set(events.map((e) => e.eventType));
    for (const type of [
      "reversal",
      "deferment",
      "forbearance_start",
      "forbearance_end",
      "modification",
    ]) {
      expect(types.has(type as LoanEvent["eventType"])).toBe(true);
    }
    expect(events.length).toBeGreaterThan(400);
  });

  it("readScheduleEvents returns exactly the schedule events, in sequence order (and by date)", async () => {
    const all = await readScheduleEvents(t.db, loanId);
    expect(all).toEqual(scheduleEvents(events));
    expect(all.map((e) => e.eventType)).toEqual([
      "origination",
      "deferment",
      "forbearance_start",
      "forbearance_end",
      "modification",
    ]);
    const early: ScheduleEvent[] = await readScheduleEvents(t.db, loanId, { asOf: "2025-09-01" });
    expect(early).toEqual(scheduleEvents(events).filter((e) => e.effectiveDate <= "2025-09-01"));
    expect(await readScheduleEvents(t.db, loanId + 999)).toEqual([]);
    // The projection's due basis keeps the same events: the page takes them from there.
    const projection = (await loadProjections(t.db, [loanId])).get(loanId);
    expect(projection?.due.schedule).toEqual(all);
  });

  it("loadStateAsOf is replay's state as of any date and as known at any instant", async () => {
    for (const knownAt of KNOWN_ATS) {
      for (const asOf of dates()) {
        const { state, base } = await loadStateAsOf(t.db, loanId, { asOf, knownAt });
        const expected = replay(events, asOf, { knownAt }).state;
        const { warnings: _w, ...got } = toLoanState(state, asOf, knownAt);
        const { warnings: _x, ...want } = expected;
        expect(got, `${asOf} known at ${knownAt}`).toEqual(want);
        // The base is the snapshot it started from; its tail is only the events after it.
        expect(
          base.tail.every((e) => e.effectiveDate > base.asOfDate && e.effectiveDate <= asOf),
        ).toBe(true);
      }
    }
  });

  it("readSnapshotCores reads a snapshot's status, balances and terms without its payment log", async () => {
    const snapshotted = await snapshotDates();
    expect(snapshotted.length).toBeGreaterThan(3);
    const cores = await readSnapshotCores(t.db, loanId, [
      ...snapshotted,
      "2025-06-15",
      "not a date",
    ]);
    expect(cores.map((c) => c.asOfDate)).toEqual(snapshotted);
    for (const core of cores) {
      const state = replay(events, core.asOfDate).state;
      expect(core).toMatchObject({
        status: state.status,
        principal: expect.any(String),
        terms: state.terms,
      });
      expect(Number(core.principal)).toBe(Number(state.principal));
      expect(Number(core.interest)).toBe(Number(state.interest));
      expect(Number(core.interestAccrued)).toBe(Number(state.totals.interestAccrued));
      expect(core.throughSequence).toBe(
        Math.max(
          ...events.filter((e) => e.effectiveDate <= core.asOfDate).map((e) => e.sequenceNumber),
        ),
      );
    }
  });
});

describe("the loan page's due figures", () => {
  it("the Due panel and the payoff quote equal the engine's over the whole history", async () => {
    const tolerance = toleranceFor("standard");
    const projection = (await loadProjections(t.db, [loanId])).get(loanId);
    let quoted = 0;
    for (const knownAt of KNOWN_ATS) {
      for (const asOf of dates()) {
        for (const known of [{}, { current: projection?.state }]) {
          const on = addDays(asOf, 14);
          const section = await dueSectionOf(t.db, loan(), { asOf, knownAt, payoffOn: on }, known);
          expect(section.due, `${asOf} / ${knownAt}`).toEqual(
            dueFromEvents(events, { asOf, knownAt, tolerance }),
          );
          let expected: unknown;
          try {
            expected = { ok: true, quote: payoffFromEvents(events, { on, asOf, knownAt }) };
            quoted++;
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            expected = { ok: false, on, asOf, error: error.message };
          }
          expect(section.payoff, `payoff ${on} from ${asOf} / ${knownAt}`).toEqual(expected);
        }
      }
    }
    expect(quoted).toBeGreaterThan(20);
  });

  it("a payoff on the as-of date itself, already accrued, reads the base it needs", async () => {
    const asOf = "2026-02-10"; // accrued through END: day 02-10 is accrued already
    const quote = await loadPayoffQuote(t.db, { loanNumber, on: asOf, asOf });
    expect(quote).toEqual(payoffFromEvents(events, { on: asOf, asOf }));
    const today = await loadPayoffQuote(t.db, { loanNumber, on: "2026-04-15", asOf: END });
    expect(today).toEqual(payoffFromEvents(events, { on: "2026-04-15", asOf: END }));
  });

  it("refuses a payoff date before the as-of date or after maturity, in words", async () => {
    await expect(
      loadPayoffQuote(t.db, { loanNumber, on: "2025-03-01", asOf: "2025-03-10" }),
    ).rejects.toThrow(/before the as-of date/);
    await expect(
      loadPayoffQuote(t.db, { loanNumber, on: "2030-01-01", asOf: END }),
    ).rejects.toThrow(/after the maturity date/);
  });

  it("interest accrued in a period is the difference of the accrued totals at its ends", async () => {
    for (const knownAt of KNOWN_ATS) {
      for (const [from, to] of [
        ["2025-01-01", "2025-03-31"],
        ["2025-04-01", "2025-09-30"],
        ["2025-08-15", "2025-08-15"],
        ["2025-10-01", END],
        ["2025-07-01", "2025-09-30"], // both ends on month-end snapshots
        ["2025-07-16", "2025-08-20"], // neither
      ] as const) {
        const got = await interestAccruedOf(t.db, loanId, { from, to, knownAt });
        const before = replay(events, addDays(from, -1), { knownAt }).state.totals.interestAccrued;
        const through = replay(events, to, { knownAt }).state.totals.interestAccrued;
        expect(Number(got.accruedBefore)).toBe(Number(before));
        expect(Number(got.accruedThrough)).toBe(Number(through));
        expect(Number(got.accrued)).toBeCloseTo(Number(through) - Number(before), 6);
        if (knownAt === null) expect(Number(got.accrued)).toBeGreaterThan(0);
      }
    }
    await expect(
      interestAccruedOf(t.db, loanId, { from: "2025-05-01", to: "2025-04-01", knownAt: null }),
    ).rejects.toThrow(/after its end/);
  });

  it("days past due over time: at each snapshot date, the as-of date and today, equal to replay", async () => {
    const projection = (await loadProjections(t.db, [loanId])).get(loanId);
    if (!projection) throw new Error("no projection");
    const snapshotted = await snapshotDates();
    const asOfView = dueFromEvents(events, { asOf: "2025-06-06" });
    const series = await delinquencyOverTime(t.db, loan(), {
      current: projection.state,
      schedule: scheduleEvents(events),
      dates: snapshotted,
      today: END,
      asOfView,
    });
    expect(series.points.map((p) => p.date)).toEqual(
      [...new Set([...snapshotted, "2025-06-06", END])].sort(),
    );
    for (const p of series.points) {
      const v = dueFromEvents(events, { asOf: p.date });
      expect([p.date, p.daysPastDue, p.bucket, p.amountPastDue]).toEqual([
        v.asOf,
        v.daysPastDue,
        v.bucket,
        v.amountPastDue,
      ]);
    }
    expect(series.points.some((p) => p.daysPastDue > 0)).toBe(true);
    expect(series.points.find((p) => p.date === END)?.source).toBe("today");
  });

  it("a gap of the series filled in on request: every month end and due date inside it equal to replay", async () => {
    const points = await delinquencyInGaps(
      t.db,
      loan(),
      [
        { from: "2025-02-15", to: "2025-07-20" },
        { from: "2025-08-31", to: "2025-12-31" },
      ],
      END,
    );
    const dates = points.map((p) => p.date);
    expect(dates).toEqual(
      expect.arrayContaining([
        "2025-02-28",
        "2025-03-31",
        "2025-06-30",
        "2025-09-30",
        "2025-11-30",
      ]),
    );
    expect(
      dates.every(
        (d) => (d > "2025-02-15" && d < "2025-07-20") || (d > "2025-08-31" && d < "2025-12-31"),
      ),
    ).toBe(true);
    for (const p of points) {
      const v = dueFromEvents(events, { asOf: p.date });
      expect([p.date, p.daysPastDue, p.bucket, p.amountPastDue, p.source]).toEqual([
        v.asOf,
        v.daysPastDue,
        v.bucket,
        v.amountPastDue,
        "filled",
      ]);
    }
    expect(points.some((p) => p.daysPastDue > 0)).toBe(true);
  });

  it("the page data carries the due figures, the period from the URL and the series", async () => {
    const data = await loadLoanPage(t.db, {
      loanNumber,
      asOf: "2025-06-06",
      knownAt: null,
      selected: null,
      due: {
        payoffOn: "2025-06-15",
        interestPeriod: { from: "2025-01-01", to: "2025-03-31" },
        today: END,
      },
    });
    if (!data) throw new Error("no page");
    expect(data.due.section.due).toEqual(dueFromEvents(events, { asOf: "2025-06-06" }));
    expect(data.due.section.payoff).toEqual({
      ok: true,
      quote: payoffFromEvents(events, { on: "2025-06-15", asOf: "2025-06-06" }),
    });
    expect(data.due.interest).toMatchObject({ from: "2025-01-01", to: "2025-03-31" });
    expect(data.due.delinquency.points.length).toBeGreaterThan(3);
    // Defaults: the payoff on the as-of date, the as-of year to date.
    const plain = await loadDuePage(
      t.db,
      loan(),
      {
        asOf: END,
        knownAt: null,
        payoffOn: null,
        interestPeriod: { from: "2026-01-01", to: END },
        today: END,
      },
      {
        current: (await loadProjections(t.db, [loanId])).get(loanId)?.state as never,
        chartDates: Promise.resolve([]),
      },
    );
    expect(plain.section.payoff.ok && plain.section.payoff.quote.on).toBe(END);
    expect(plain.delinquency.points.map((p) => p.source)).toEqual(["today"]);
  });
});

describe("the due downloads", () => {
  const request = (path: string, mayReview = false) => {
    const url = new URL(`http://x/${path}`);
    return {
      getDatabase: async () => t.db,
      loanNumber: url.pathname.slice(1),
      searchParams: url.searchParams,
      today: END,
      mayReview,
    };
  };

  it("payoff.json and payoff.csv: the quote, money as decimal strings, as an attachment", async () => {
    const json = await payoffResponse(request(`${loanNumber}?on=2026-04-15`), "json");
    expect(json.status).toBe(200);
    expect(json.headers.get("Content-Disposition")).toBe(
      `attachment; filename="${loanNumber}-payoff-2026-04-15.json"`,
    );
    const body = await json.json();
    expect(body).toEqual({
      loanNumber,
      ...payoffFromEvents(events, { on: "2026-04-15", asOf: END }),
    });
    expect(typeof body.payoffAmount).toBe("string");
    const csv = await payoffResponse(request(`${loanNumber}?on=2026-04-15&asOf=2026-03-01`), "csv");
    expect(csv.headers.get("Content-Type")).toMatch(/text\/csv/);
    const [head, row] = (await csv.text()).trimEnd().split("\r\n");
    expect(head?.split(",")).toContain("payoff_amount");
    const quote = payoffFromEvents(events, { on: "2026-04-15", asOf: "2026-03-01" });
    expect(row?.split(",")[head?.split(",").indexOf("payoff_amount") ?? -1]).toBe(
      quote.payoffAmount,
    );
  });

  it("answers 400, 403, 404 and 422 in words", async () => {
    expect((await payoffResponse(request(`${loanNumber}?on=2026-02-30`), "json")).status).toBe(400);
    expect((await payoffResponse(request(`${loanNumber}`), "json")).status).toBe(400);
    const before = await payoffResponse(
      request(`${loanNumber}?on=2026-01-01&asOf=2026-02-01`),
      "json",
    );
    expect(before.status).toBe(400);
    expect((await before.json()).error).toMatch(/before the as-of date/);
    expect((await payoffResponse(request("LN-999999?on=2026-01-01"), "json")).status).toBe(404);
    expect((await payoffResponse(request("nonsense?on=2026-01-01"), "json")).status).toBe(404);
    const knownAt = `${loanNumber}?on=2026-01-01&asOf=2026-01-01&knownAt=2025-09-05T00:00:00Z`;
    expect((await payoffResponse(request(knownAt), "json")).status).toBe(403);
    expect((await payoffResponse(request(knownAt, true), "json")).status).toBe(200);
    expect(
      (await installmentsResponse(request(`${loanNumber}?asOf=2026-01-01&knownAt=x`, true))).status,
    ).toBe(400);

    const paidOff = await createLoan({
      db: t.db,
      actor: TEST_ACTOR,
      clock: at("2025-01-01"),
      borrower: { name: "Paid Off" },
      principal: "1200.00",
      annualRate: "0",
      termMonths: 12,
      dayCount: "30/360",
      firstPaymentDate: "2025-02-01",
      originatedOn: "2025-01-01",
      disbursement: { on: "2025-01-01" },
    });
    await postPayment({
      db: t.db,
      actor: TEST_ACTOR,
      clock: at("2025-02-01"),
      loanNumber: paidOff.loanNumber,
      amount: "1200.00",
      effectiveDate: "2025-02-01",
    });
    const closed = await payoffResponse(request(`${paidOff.loanNumber}?on=2025-03-01`), "json");
    expect(closed.status).toBe(422);
    expect((await closed.json()).error).toMatch(/paid off/);
  });

  it("installments.csv: one row per installment as of the date", async () => {
    const response = await installmentsResponse(request(`${loanNumber}?asOf=2025-06-06`));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename="${loanNumber}-installments-2025-06-06.csv"`,
    );
    const lines = (await response.text()).trimEnd().split("\r\n");
    const due = dueFromEvents(events, { asOf: "2025-06-06" });
    expect(lines).toHaveLength(1 + due.installments.length);
    expect(lines[3]).toBe(
      [
        loanNumber,
        "2025-06-06",
        "",
        "3",
        due.installments[2]?.dueDate,
        due.installments[2]?.amount,
        due.installments[2]?.paid,
        due.installments[2]?.unpaid,
        due.installments[2]?.paidDate ?? "",
        String(due.installments[2]?.daysLate),
        due.installments[2]?.kind,
      ].join(","),
    );
  });
});
