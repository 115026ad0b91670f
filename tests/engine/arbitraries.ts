/** fast-check arbitraries for schema-valid (but not necessarily consistent) events. */
import fc from "fast-check";
import { fromEpochDay, toEpochDay } from "../../lib/dates";
import type { EventType } from "../../lib/events/event-types";
import { parseEvent } from "../../lib/events/parse";
import type { LoanEvent } from "../../lib/events/types";

/** Integer minor units -> decimal string with `places` decimals (string arithmetic, no floats). */
export function units(n: number, places: number): string {
  const s = String(n).padStart(places + 1, "0");
  return `${s.slice(0, -places)}.${s.slice(-places)}`;
}

const cash = (min: number, max: number) => fc.integer({ min, max }).map((n) => units(n, 2));
const interest = (min: number, max: number) => fc.integer({ min, max }).map((n) => units(n, 6));
const START = toEpochDay("2025-01-01");
export const date = fc.integer({ min: 0, max: 730 }).map((n) => fromEpochDay(START + n));
const rate = fc.integer({ min: 0, max: 250_000 }).map((n) => units(n, 6));
const dayCount = fc.constantFrom("actual/365", "actual/360", "30/360");
const terms = fc.record({
  annualRate: rate,
  termMonths: fc.integer({ min: 1, max: 480 }),
  paymentAmount: cash(0, 500_000),
  maturityDate: date,
});

export interface RawDraft {
  eventType: EventType;
  effectiveDate: string;
  eventData: Record<string, unknown>;
}

const d = (eventType: EventType, data: fc.Arbitrary<Record<string, unknown>>) =>
  fc.record({ eventType: fc.constant(eventType), effectiveDate: date, eventData: data });

const originationDraft = d(
  "origination",
  fc.record(
    {
      principal: cash(100_00, 500_000_00),
      annualRate: rate,
      termMonths: fc.integer({ min: 1, max: 480 }),
      dayCount,
      firstPaymentDate: date,
      paymentAmount: cash(0, 100_000_00),
    },
    { requiredKeys: ["principal", "annualRate", "termMonths", "dayCount", "firstPaymentDate"] },
  ),
);

const allocation = fc.record(
  {
    fees: cash(0, 100_00),
    interest: cash(0, 2_000_00),
    principal: cash(0, 50_000_00),
    unapplied: cash(0, 100_00),
  },
  { requiredKeys: ["fees", "interest", "principal"] },
);

/** A payment whose allocation sums to its amount (as the posting service records them). */
export const consistentPaymentDraft = d(
  "payment",
  fc
    .tuple(cash(0, 100_00), cash(0, 2_000_00), cash(1, 50_000_00))
    .map(([fees, intr, principal]) => {
      const cents = (s: string) => Number(s.replace(".", ""));
      return {
        amount: units(cents(fees) + cents(intr) + cents(principal), 2),
        allocation: { fees, interest: intr, principal },
        method: "ach",
      };
    }),
);

/** Any payment: the allocation may or may not sum to the amount. */
const anyPaymentDraft = fc.oneof(
  consistentPaymentDraft,
  d("payment", fc.record({ amount: cash(1, 60_000_00), allocation })),
);

const w = (weight: number, arbitrary: fc.Arbitrary<RawDraft>) => ({ weight, arbitrary });

export const anyDraft: fc.Arbitrary<RawDraft> = fc.oneof(
  w(1, originationDraft),
  w(
    2,
    d(
      "disbursement",
      fc.record({
        amount: cash(1, 500_000_00),
        method: fc.constantFrom("ach", "wire", "check", "internal"),
      }),
    ),
  ),
  w(8, anyPaymentDraft),
  w(
    3,
    d(
      "interest_accrual",
      fc.record({
        amount: interest(0, 50_000_000),
        rate,
        dayCount,
        days: fc.integer({ min: 0, max: 31 }),
        principalBasis: interest(0, 500_000_000_000),
      }),
    ),
  ),
  w(
    3,
    d(
      "interest_accrual",
      interest(0, 50_000_000).map((amount) => ({
        amount,
        rate: "0.05",
        dayCount: "actual/365",
        days: 1,
        principalBasis: "1000.00",
      })),
    ),
  ),
  w(
    2,
    d(
      "fee_assessment",
      fc.record({
        amount: cash(1, 100_00),
        feeType: fc.constantFrom("late", "nsf", "modification", "other", "returned_check"),
      }),
    ),
  ),
  w(
    2,
    d(
      "fee_waiver",
      fc.record(
        {
          amount: cash(1, 100_00),
          waivedBy: fc.constantFrom("ops", "supervisor"),
          reason: fc.string(),
        },
        { requiredKeys: ["amount", "waivedBy"] },
      ),
    ),
  ),
  w(
    1,
    d(
      "modification",
      fc.record(
        {
          before: terms,
          after: terms,
          reason: fc.constant("hardship"),
          capitalizedInterest: interest(0, 5_000_000_000),
        },
        { requiredKeys: ["before", "after", "reason"] },
      ),
    ),
  ),
  w(
    1,
    d(
      "forbearance_start",
      fc.record(
        {
          forbearanceType: fc.constantFrom("reduced_payment", "suspension"),
          reducedPayment: cash(0, 1_000_00),
          plannedEndDate: date,
        },
        { requiredKeys: ["forbearanceType", "reducedPayment"] },
      ),
    ),
  ),
  w(
    1,
    d(
      "forbearance_end",
      fc.oneof(
        interest(0, 5_000_000_000).map((capitalizedAmount) => ({
          action: "capitalize",
          capitalizedAmount,
        })),
        fc
          .integer({ min: 1, max: 24 })
          .map((extendedMonths) => ({ action: "extend_term", extendedMonths })),
        fc.constantFrom({ action: "repayment_plan" }, { action: "lump_sum" }),
      ),
    ),
  ),
  w(
    1,
    d(
      "deferment",
      fc.oneof(
        fc
          .integer({ min: 1, max: 12 })
          .map((periods) => ({ periods, interestTreatment: "accrue" })),
        fc
          .tuple(fc.integer({ min: 1, max: 12 }), interest(0, 5_000_000_000))
          .map(([periods, capitalizedAmount]) => ({
            periods,
            interestTreatment: "capitalize",
            capitalizedAmount,
          })),
        fc
          .tuple(fc.integer({ min: 1, max: 12 }), interest(0, 5_000_000_000))
          .map(([periods, waivedAmount]) => ({
            periods,
            interestTreatment: "waive",
            waivedAmount,
          })),
      ),
    ),
  ),
  w(
    1,
    d(
      "charge_off",
      fc.record({
        amount: interest(0, 500_000_000_000),
        principal: interest(0, 500_000_000_000),
        interest: interest(0, 5_000_000_000),
        fees: cash(0, 100_00),
        reason: fc.constant("uncollectible"),
      }),
    ),
  ),
  w(
    3,
    d(
      "reversal",
      fc.record({ reversedSequence: fc.integer({ min: 1, max: 45 }), reason: fc.constant("nsf") }),
    ),
  ),
);

/** Parse drafts as events #1..#n (throws if a generated draft were not schema-valid). */
export function toEvents(drafts: RawDraft[], recordedAt?: string[]): LoanEvent[] {
  return drafts.map((draft, i) =>
    parseEvent(
      {
        sequenceNumber: i + 1,
        ...draft,
        ...(recordedAt?.[i] ? { recordedAt: recordedAt[i] } : {}),
      },
      i,
    ),
  );
}

/** A history: usually starting with an origination and a disbursement, then anything. */
export const historyArb: fc.Arbitrary<LoanEvent[]> = fc
  .tuple(
    fc.integer({ min: 0, max: 4 }).map((n) => n > 0), // 80 % start with origination + disbursement
    originationDraft,
    d("disbursement", fc.record({ amount: cash(100_00, 100_000_00), method: fc.constant("ach") })),
    fc.array(anyDraft, { maxLength: 40 }),
    fc.integer({ min: 0, max: 10 }),
  )
  .map(([start, orig, disb, rest, bump]) =>
    toEvents(
      start
        ? [
            { ...orig, effectiveDate: "2024-12-31" },
            { ...disb, effectiveDate: "2025-01-01" },
            ...rest,
          ]
        : rest.slice(bump),
    ),
  );

/** Monotonic recorded_at timestamps for n events (sequence order = recording order). */
export const recordedAtArb = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 3 * 86_400 }), { minLength: n, maxLength: n }).map((steps) => {
    let t = Date.UTC(2025, 0, 1) / 1000;
    return steps.map((s) => {
      t += s;
      return `${new Date(t * 1000).toISOString().slice(0, 19)}Z`;
    });
  });

/**
 * A history whose middle is mostly runs of daily accruals (as a book's tails
 * are), interleaved with anything else: positive, zero and negative
 * (adjustment) amounts, dates in and out of order.
 */
export const accrualRunHistoryArb: fc.Arbitrary<LoanEvent[]> = fc
  .tuple(
    originationDraft,
    fc.array(
      fc.oneof(
        { weight: 1, arbitrary: anyDraft.map((x) => [x]) },
        {
          weight: 3,
          arbitrary: fc
            .tuple(
              fc.integer({ min: 0, max: 700 }),
              fc.array(
                fc.oneof(
                  { weight: 8, arbitrary: fc.integer({ min: 1, max: 5_000_000 }) },
                  { weight: 1, arbitrary: fc.constant(0) },
                  { weight: 1, arbitrary: fc.integer({ min: -5_000_000, max: -1 }) },
                ),
                { minLength: 1, maxLength: 30 },
              ),
            )
            .map(([day, amounts]) =>
              amounts.map(
                (n, i): RawDraft => ({
                  eventType: "interest_accrual",
                  effectiveDate: fromEpochDay(START + day + i),
                  eventData: {
                    amount: n < 0 ? `-${units(-n, 6)}` : units(n, 6),
                    rate: "0.050000",
                    dayCount: "actual/365",
                    days: 1,
                    principalBasis: "10000.000000",
                    ...(n < 0 ? { adjusts: 1 } : {}),
                  },
                }),
              ),
            ),
        },
      ),
      { maxLength: 12 },
    ),
  )
  .chain(([orig, segments]) =>
    // Half of them current: nothing falls due before every event (the first
    // payment after them), so the due basis has nothing unpaid.
    fc.boolean().map((current) => [orig, segments, current] as const),
  )
  .map(([orig, segments, current]) =>
    toEvents([
      {
        ...orig,
        effectiveDate: "2024-12-31",
        eventData: current ? { ...orig.eventData, firstPaymentDate: "2027-06-01" } : orig.eventData,
      },
      {
        eventType: "disbursement",
        effectiveDate: "2025-01-01",
        eventData: { amount: "10000.00", method: "ach" },
      },
      ...segments.flat(),
    ]),
  );
