/** Property-based tests (fast-check). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Dec,
  EventParseError,
  foldEvents,
  type LoanState,
  moneyString,
  parseEvent,
  replay,
  sum,
  toLoanState,
  toMoney,
} from "../../lib/index";
import {
  anyDraft,
  consistentPaymentDraft,
  date,
  historyArb,
  recordedAtArb,
  toEvents,
} from "./arbitraries";

const RUNS = { numRuns: 300 };
const FAR = "2099-12-31";

function withoutWarnings(s: LoanState): Omit<LoanState, "warnings"> {
  const { warnings: _w, ...rest } = s;
  return rest;
}

const MONEY_RE = /^\d+\.\d{2,}$/;

/** Every money field of a state: a decimal string, never negative, never a number. */
function expectMoneyFields(s: LoanState): void {
  const fields = [
    s.principal,
    s.interest,
    s.fees,
    s.totalOutstanding,
    s.unapplied,
    ...Object.values(s.totals),
  ];
  for (const f of fields) expect(f).toMatch(MONEY_RE);
  for (const p of s.payments) {
    for (const v of [p.amount, ...Object.values(p.allocation)]) expect(v).toMatch(MONEY_RE);
  }
}

describe("replay properties", () => {
  it("is deterministic, and independent of the order the events are given in", () => {
    fc.assert(
      fc.property(historyArb, date, (events, asOf) => {
        const a = replay(events, asOf, { steps: true });
        const b = replay(events, asOf, { steps: true });
        expect(b).toEqual(a);
        const reversed = replay([...events].reverse(), asOf).state;
        expect(withoutWarnings(reversed)).toEqual(withoutWarnings(a.state));
      }),
      RUNS,
    );
  });

  it("as of D equals the fold of exactly the events effective on or before D (and recorded by knownAt)", () => {
    fc.assert(
      fc.property(
        historyArb.chain((events) => fc.tuple(fc.constant(events), recordedAtArb(events.length))),
        date,
        fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
        ([plain, stamps], asOf, knownIndex) => {
          const events = plain.map((e, i) => ({ ...e, recordedAt: stamps[i] as string }));
          const knownAt = knownIndex === undefined ? null : (stamps[knownIndex] ?? null);
          const kept = events.filter(
            (e) => e.effectiveDate <= asOf && (knownAt === null || e.recordedAt <= knownAt),
          );
          const expected = toLoanState(foldEvents(kept), asOf, knownAt);
          expect(replay(events, asOf, { knownAt }).state).toEqual(expected);
        },
      ),
      RUNS,
    );
  });

  it("every applied payment's allocation sums to its amount", () => {
    fc.assert(
      fc.property(historyArb, (events) => {
        const s = replay(events, FAR).state;
        for (const p of s.payments) {
          const a = p.allocation;
          expect(sum([a.fees, a.interest, a.principal, a.unapplied]).equals(p.amount)).toBe(true);
        }
        // and the paid totals add up: paid = paidPrincipal + paidInterest + paidFees + unapplied
        const t = s.totals;
        expect(sum([t.paidPrincipal, t.paidInterest, t.paidFees, s.unapplied]).equals(t.paid)).toBe(
          true,
        );
      }),
      RUNS,
    );
  });

  it("a payment then its reversal leaves principal, interest, fees (and status) as before", () => {
    fc.assert(
      fc.property(historyArb, consistentPaymentDraft, date, (events, payment, when) => {
        const n = events.length;
        const p = parseEvent({ ...payment, effectiveDate: when, sequenceNumber: n + 1 });
        const r = parseEvent({
          eventType: "reversal",
          effectiveDate: when,
          sequenceNumber: n + 2,
          eventData: { reversedSequence: n + 1, reason: "nsf" },
        });
        const before = replay(events, FAR).state;
        const after = replay([...events, p, r], FAR).state;
        expect({
          principal: after.principal,
          interest: after.interest,
          fees: after.fees,
          unapplied: after.unapplied,
          status: after.status,
          forbearance: after.forbearance,
          paid: after.totals.paid,
          recoveries: after.totals.recoveries,
          residual: after.totals.residualWrittenOff,
        }).toEqual({
          principal: before.principal,
          interest: before.interest,
          fees: before.fees,
          unapplied: before.unapplied,
          status: before.status,
          forbearance: before.forbearance,
          paid: before.totals.paid,
          recoveries: before.totals.recoveries,
          residual: before.totals.residualWrittenOff,
        });
      }),
      RUNS,
    );
  });

  it("never throws on any sequence of schema-valid events, however inconsistent: it warns", () => {
    const wild = fc
      .tuple(
        fc.array(anyDraft, { maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 70 }), { maxLength: 60 }),
        fc.boolean(),
      )
      .map(([drafts, seqs, renumber]) => {
        const events = toEvents(drafts);
        return renumber
          ? events.map((e, i) => ({ ...e, sequenceNumber: seqs[i] ?? e.sequenceNumber }))
          : events;
      });
    fc.assert(
      fc.property(wild, date, fc.boolean(), (events, asOf, steps) => {
        const { state } = replay(events, asOf, { steps });
        expectMoneyFields(state);
        const seqs = new Set(events.map((e) => e.sequenceNumber));
        for (const w of state.warnings) {
          expect(seqs.has(w.sequenceNumber)).toBe(true);
          expect(w.message.length).toBeGreaterThan(0);
        }
        // A balance is never negative.
        for (const v of [
          state.principal,
          state.interest,
          state.fees,
          state.unapplied,
          ...Object.values(state.totals),
        ]) {
          expect(toMoney(v).isNegative()).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("money properties", () => {
  /** Canonical form by string manipulation only: no leading zeros, 2..n decimals. */
  function canonical(s: string): string {
    const [whole = "0", frac = ""] = s.split(".");
    const w = whole.replace(/^0+(?=\d)/, "");
    let f = frac.replace(/0+$/, "");
    if (f.length < 2) f = f.padEnd(2, "0");
    return `${w}.${f}`;
  }

  it("random decimal strings round-trip exactly (never through a binary float)", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,20}(\.\d{1,12})?$/), (s) => {
        expect(moneyString(toMoney(s))).toBe(canonical(s));
      }),
      { numRuns: 1000 },
    );
  });

  it("sums of cent amounts equal the integer sum of their cents", () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 10n ** 17n }), { maxLength: 50 }), (cents) => {
        const strings = cents.map((c) => {
          const s = c.toString().padStart(3, "0");
          return `${s.slice(0, -2)}.${s.slice(-2)}`;
        });
        const total = cents.reduce((a, b) => a + b, 0n);
        expect(sum(strings).times(100).equals(new Dec(total.toString()))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("replay output contains money only as strings, exactly as the events carried them", () => {
    fc.assert(
      fc.property(historyArb, (events) => {
        const json = JSON.parse(JSON.stringify(replay(events, FAR).state)) as LoanState;
        expectMoneyFields(json);
      }),
      { numRuns: 100 },
    );
  });
});

describe("the parse boundary rejects structurally malformed events", () => {
  const corruptions = [
    { field: "effectiveDate", value: "2025-02-30" },
    { field: "effectiveDate", value: "20250101" },
    { field: "eventType", value: "refund" },
    { field: "sequenceNumber", value: 0 },
  ] as const;

  it("a bad date, a non-numeric amount or an unknown type is an EventParseError naming event and field", () => {
    fc.assert(
      fc.property(
        anyDraft,
        fc.integer({ min: 1, max: 1000 }),
        fc.oneof(
          fc.constantFrom(...corruptions),
          fc
            .constantFrom("12,50", "abc", "1e3", "-5.00", " 1.00", "", "NaN")
            .map((value) => ({ field: "amount", value })),
          fc.constantFrom(12.5, null, true).map((value) => ({ field: "amount", value })),
        ),
        (draft, seq, bad) => {
          const raw: Record<string, unknown> = {
            sequenceNumber: seq,
            ...draft,
            eventData: { ...draft.eventData },
          };
          let field: string;
          if (bad.field === "amount") {
            // The first money field of the payload (every type but reversal and forbearance_* has one).
            const key = ["amount", "principal", "reducedPayment", "capitalizedAmount"].find(
              (k) => k in draft.eventData,
            );
            if (key === undefined) return;
            (raw.eventData as Record<string, unknown>)[key] = bad.value;
            field = `eventData.${key}`;
          } else {
            raw[bad.field] = bad.value;
            field = bad.field;
          }
          let error: unknown;
          try {
            parseEvent(raw);
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(EventParseError);
          const pe = error as EventParseError;
          expect(pe.field).toBe(field);
          expect(pe.message).toContain(`: ${field}: `);
          if (bad.field !== "sequenceNumber") {
            expect(pe.sequenceNumber).toBe(seq);
            expect(pe.message.startsWith(`event #${seq}`)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
