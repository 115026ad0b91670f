/**
 * Days past due at a month-end snapshot from the snapshot's core (status,
 * balances, terms: what SQL extracts without the payment log) and a LATER
 * state's payment log give exactly what replay as of that month end gives
 * (lib/presentation/due-series.ts). Checked on random histories built
 * through the servicing decider, in random order (so some are backdated and
 * some month ends are not a prefix, hence not snapshotted), against
 * dueFromEvents over the whole history.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromEpochDay, toEpochDay } from "../../lib/dates";
import { amountsDue, dueFromEvents, eventsInView } from "../../lib/due";
import type { LoanEvent } from "../../lib/events/types";
import {
  delinquencyPoints,
  dueStateFromCore,
  gapDates,
  mergePoints,
  type StateCore,
  seriesGaps,
  worstDaysPastDue,
} from "../../lib/presentation/due-series";
import { foldEvents } from "../../lib/replay/replay";
import { monthEndSnapshots, type Snapshot } from "../../lib/replay/snapshot";
import { paymentViews, toStanding } from "../../lib/replay/state";
import { units } from "../engine/arbitraries";
import { ev, history } from "../engine/helpers";
import { dueOf, onTime, pay, runCommands, ZERO_LOAN } from "../unit/due/helpers";

function coreOf(s: Snapshot): StateCore {
  const snap = toStanding(s.state);
  return {
    asOfDate: s.asOfDate,
    throughSequence: s.throughSequence,
    status: snap.status,
    principal: snap.principal,
    interest: snap.interest,
    fees: snap.fees,
    terms: snap.terms,
  };
}

/** amountsDue at each month-end snapshot of `events`, from its core and the final payment log. */
function fromCores(events: readonly LoanEvent[], tolerance = "0.00") {
  const payments = paymentViews(foldEvents(events));
  return monthEndSnapshots(events).map((s) => ({
    asOf: s.asOfDate,
    view: amountsDue(
      dueStateFromCore(coreOf(s), payments),
      eventsInView(events, { asOf: s.asOfDate }),
      { asOf: s.asOfDate, tolerance },
    ),
  }));
}

const START = "2025-01-01";
const dayArb = fc.integer({ min: 0, max: 420 }).map((n) => fromEpochDay(toEpochDay(START) + n));
const cash = (min: number, max: number) => fc.integer({ min, max }).map((n) => units(n, 2));
const commandArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      type: fc.constant("record_payment"),
      amount: cash(1, 1500_00),
      effectiveDate: dayArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant("reverse_payment"),
      paymentSequence: fc.integer({ min: 3, max: 300 }),
      effectiveDate: dayArb,
      reason: fc.constant("returned"),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant("assess_fee"),
      amount: cash(1, 50_00),
      effectiveDate: dayArb,
      feeType: fc.constant("late"),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant("defer"),
      effectiveDate: dayArb,
      periods: fc.integer({ min: 1, max: 2 }),
      interestTreatment: fc.constantFrom("accrue", "capitalize"),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant("start_forbearance"),
      effectiveDate: dayArb,
      forbearanceType: fc.constantFrom("reduced_payment", "suspension"),
      reducedPayment: cash(0, 200_00),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant("end_forbearance"),
      effectiveDate: dayArb,
      action: fc.constantFrom("capitalize", "lump_sum"),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant("modify_terms"),
      effectiveDate: dayArb,
      termMonths: fc.integer({ min: 3, max: 24 }),
      reason: fc.constant("review"),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant("charge_off"),
      effectiveDate: dayArb,
      reason: fc.constant("loss"),
    }),
  },
  { weight: 3, arbitrary: fc.record({ type: fc.constant("accrue"), through: dayArb }) },
);

describe("days past due from snapshot cores", () => {
  it("a missed installment, a partial payment, a returned payment: equal to replay at every month end", () => {
    // February paid, March missed, April paid twice (cures March), May's payment
    // returned in June (a reversal effective after the May month end).
    const events = history(
      ...ZERO_LOAN,
      ...onTime(1),
      pay("2025-04-01", "100.00"),
      pay("2025-04-20", "100.00"),
      pay("2025-05-01", "60.00"),
      ev.reversal("2025-06-10", { reversedSequence: 6, reason: "returned" }),
      pay("2025-07-01", "100.00"),
    );
    const points = fromCores(events);
    expect(points.map((p) => p.asOf)).toEqual([
      "2025-01-31",
      "2025-03-31",
      "2025-04-30",
      "2025-05-31",
      "2025-06-30",
    ]);
    for (const p of points) expect(p.view).toEqual(dueFromEvents(events, { asOf: p.asOf }));
    // As of May 31 the 60.00 still counted (its reversal is effective in June).
    expect(points[3]?.view.amountPastDue).toBe("40.00");
    // As of June 30 it is reversed: May (due 05-01) and June are unpaid.
    expect(points[4]?.view.amountPastDue).toBe("200.00");
    expect(points[4]?.view.daysPastDue).toBe(60);
  });

  it("random histories, decided in random order: every snapshot's core gives replay's figures", () => {
    let compared = 0;
    fc.assert(
      fc.property(
        fc.record({
          principal: cash(500_00, 9000_00),
          annualRate: fc.integer({ min: 0, max: 1800 }).map((bp) => units(bp, 4)),
          termMonths: fc.integer({ min: 3, max: 15 }),
          dayCount: fc.constantFrom("actual/365", "30/360"),
        }),
        fc.array(commandArb, { maxLength: 14 }),
        fc.constantFrom("0.00", "5.00"),
        (loan, commands, tolerance) => {
          const start = history(
            ev.origination(START, { ...loan, firstPaymentDate: "2025-02-01" }),
            ev.disbursement(START, { amount: loan.principal, method: "ach" }),
          );
          const events = runCommands(start, commands);
          for (const p of fromCores(events, tolerance)) {
            compared++;
            expect(p.view).toEqual(dueFromEvents(events, { asOf: p.asOf, tolerance }));
          }
        },
      ),
      { numRuns: 8 },
    );
    // Not vacuous: month-end cores were compared. (A short random history crosses one
    // month end or none, so more than one point per run is not guaranteed: "> 8" failed
    // about one run in four.)
    expect(compared).toBeGreaterThan(0);
  }, 180_000);
});

describe("delinquencyPoints", () => {
  it("one point per date, oldest first, the later source winning", () => {
    const a = dueOf([...ZERO_LOAN, ...onTime(1)], "2025-03-15");
    const b = dueOf([...ZERO_LOAN], "2025-02-28");
    const points = delinquencyPoints([
      { view: a, source: "month-end" },
      { view: b, source: "month-end" },
      { view: a, source: "today" },
    ]);
    expect(points.map((p) => [p.date, p.daysPastDue, p.bucket, p.source])).toEqual([
      ["2025-02-28", 27, "1-29", "month-end"],
      ["2025-03-15", 14, "1-29", "today"],
    ]);
    expect(worstDaysPastDue(points)).toBe(27);
    expect(worstDaysPastDue([])).toBe(0);
  });
});

describe("gaps in the series", () => {
  const at = (date: string, daysPastDue = 0) => ({
    date,
    daysPastDue,
    bucket: "current" as const,
    amountPastDue: "0.00",
    source: "month-end" as const,
  });

  it("finds samples farther apart than a quarter (and not the quarterly ones)", () => {
    const points = [
      at("2025-03-31"),
      at("2025-06-30"),
      at("2025-09-30"),
      at("2026-03-31"),
      at("2026-04-30"),
    ];
    expect(seriesGaps(points)).toEqual([{ from: "2025-09-30", to: "2026-03-31" }]);
    expect(seriesGaps([])).toEqual([]);
    expect(seriesGaps([at("2025-01-31")])).toEqual([]);
  });

  it("fills a gap with the month ends and due dates strictly inside it, capped", () => {
    expect(
      gapDates({ from: "2025-09-30", to: "2026-01-31" }, [
        "2025-10-15",
        "2025-11-15",
        "2026-01-31",
        "2025-09-15",
      ]),
    ).toEqual(["2025-10-15", "2025-10-31", "2025-11-15", "2025-11-30", "2025-12-31"]);
    expect(gapDates({ from: "2024-01-15", to: "2024-03-20" }, [])).toEqual([
      "2024-01-31",
      "2024-02-29",
    ]);
    expect(gapDates({ from: "2020-01-31", to: "2030-01-31" }, [], 3)).toEqual([
      "2020-02-29",
      "2020-03-31",
      "2020-04-30",
    ]);
  });

  it("merges filled points in date order, keeping a point the series already has", () => {
    const merged = mergePoints(
      [at("2025-09-30"), at("2026-03-31")],
      [
        { ...at("2025-12-31", 90), source: "filled" },
        { ...at("2026-03-31", 5), source: "filled" },
      ],
    );
    expect(merged.map((p) => [p.date, p.daysPastDue, p.source])).toEqual([
      ["2025-09-30", 0, "month-end"],
      ["2025-12-31", 90, "filled"],
      ["2026-03-31", 0, "month-end"],
    ]);
  });
});
