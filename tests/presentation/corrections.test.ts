/**
 * Corrections shown honestly (DOMAIN.md "Corrections (restatement)"): a
 * restatement is one timeline group, a reversed payment never reads
 * "applied", a re-applied payment says what it replaces, the step-through
 * marks backdated and restating events, and "as known at" names the
 * correction that changed each figure.
 *
 * The history below is a hand-made restatement with the shape
 * lib/servicing/restatement.ts appends: payment #7 (Feb 1) was stored; a
 * payment received Jan 15 is posted late as #11 with, before it, the reversal
 * of #7 (#8) and two accrual adjustments (#9, #10), and after it #7
 * re-applied (#12). Every event of the correction carries {id: "r1", cause: 11}.
 */
import { describe, expect, it } from "vitest";
import type { LoanEvent } from "../../lib/events/types";
import { toSnapshotOnly } from "../../lib/presentation/as-of-view";
import {
  describeCause,
  factsFor,
  restatementTitle,
  reversalFactsOfHistory,
  stepMarkLabels,
  stepMarks,
} from "../../lib/presentation/corrections";
import { summarizeEvent, summarizeEventWith } from "../../lib/presentation/event-summary";
import {
  attributeChanges,
  type CorrectionStage,
  correctionsAmong,
  knowledgeFromRecorded,
  LATER_EVENTS,
} from "../../lib/presentation/knowledge";
import { explainStep } from "../../lib/presentation/step-explanation";
import {
  accrualSummary,
  entryRestatements,
  groupRestatements,
  joinEntries,
  rowIndexOf,
  rowsFromEntries,
  type TimelineEntry,
  toTimelineEvents,
} from "../../lib/presentation/timeline";
import { replay } from "../../lib/replay/replay";
import { accrual, BASE, ev, history, pay } from "../engine/helpers";

const TAG = { id: "r1", cause: 11 };
const AT = "2025-02-10T12:00:00.000Z";
const withTag = (data: Record<string, unknown>) => ({ ...data, restatement: TAG });

const events = history(
  ...BASE, // #1, #2
  accrual("2025-01-14", "1.666667"), // #3
  accrual("2025-01-15", "1.666667"), // #4
  accrual("2025-01-16", "1.666667"), // #5
  accrual("2025-02-01", "1.666667"), // #6
  pay("2025-02-01", "500.00", ["0.00", "6.66", "493.34"]), // #7
  ev.reversal(
    "2025-02-01",
    withTag({ reversedSequence: 7, reason: "payment re-applied: restated by payment #11" }),
    AT,
  ), // #8
  ev.accrual(
    "2025-01-15",
    withTag({
      amount: "-0.166667",
      rate: "0.0600",
      dayCount: "30/360",
      days: 1,
      principalBasis: "9000.00",
      adjusts: 4,
    }),
    AT,
  ), // #9
  ev.accrual(
    "2025-01-16",
    withTag({
      amount: "-0.166667",
      rate: "0.0600",
      dayCount: "30/360",
      days: 1,
      principalBasis: "9000.00",
      adjusts: 5,
    }),
    AT,
  ), // #10
  ev.payment(
    "2025-01-15",
    withTag({
      amount: "1000.00",
      allocation: { fees: "0.00", interest: "3.33", principal: "996.67" },
      method: "ach",
    }),
    AT,
  ), // #11
  ev.payment(
    "2025-02-01",
    withTag({
      amount: "500.00",
      allocation: { fees: "0.00", interest: "3.00", principal: "497.00" },
      method: "ach",
      reapplies: 7,
    }),
    AT,
  ), // #12
  ev.fee("2025-02-05", { amount: "25.00", feeType: "late" }), // #13
  ev.reversal("2025-02-06", { reversedSequence: 13, reason: "assessed in error" }), // #14
);
const bySeq = (n: number) => events.find((e) => e.sequenceNumber === n) as LoanEvent;

describe("events in words", () => {
  const facts = reversalFactsOfHistory(events);

  it("a reversed payment never reads 'applied': it names the reversal", () => {
    const text = summarizeEventWith(bySeq(7), factsFor(bySeq(7), facts));
    expect(text).toBe(
      "Payment of $500.00 reversed by #8 (it had taken $0.00 fees, $6.66 interest, $493.34 principal) (ACH)",
    );
    expect(text).not.toContain("applied");
  });

  it("a re-applied payment says which payment it replaces, first", () => {
    expect(summarizeEvent(bySeq(12))).toMatch(/^Re-applies #7: Payment of \$500\.00 applied: /);
  });

  it("an accrual adjustment names the accrual it corrects, with its sign", () => {
    expect(summarizeEvent(bySeq(9))).toBe(
      "Interest adjusted by -$0.166667: accrual #4 restated on $9,000.00 at 6.00% (30/360)",
    );
  });

  it("a reversal names what it reverses: a fee is not a payment", () => {
    expect(summarizeEventWith(bySeq(14), factsFor(bySeq(14), facts))).toBe(
      "Fee #13 reversed — assessed in error",
    );
    expect(summarizeEventWith(bySeq(13), factsFor(bySeq(13), facts))).toContain(
      "— reversed by #14",
    );
    // Without facts, a reversal is taken to be of a payment (the only kind before corrections).
    expect(summarizeEvent(bySeq(8))).toMatch(/^Payment #7 reversed — /);
  });

  it("a restated charge-off says which one it replaces", () => {
    const [co] = history(
      ev.chargeOff("2025-03-01", {
        amount: "100.00",
        principal: "100.00",
        interest: "0.00",
        fees: "0.00",
        reason: "uncollectible",
        replaces: 40,
      }),
    );
    expect(summarizeEvent(co as LoanEvent)).toMatch(/— uncollectible — restates charge-off #40$/);
  });

  it("names the correction's cause as its reversals do", () => {
    expect(describeCause(bySeq(11))).toBe("payment #11 received 2025-01-15");
    expect(
      describeCause({ sequenceNumber: 5, eventType: "reversal", effectiveDate: "2025-03-01" }),
    ).toBe("reversal #5 effective 2025-03-01");
    expect(
      restatementTitle("payment #11 received 2025-01-15", {
        reappliedPayments: 2,
        accrualAdjustments: 54,
        chargeOffRestated: false,
      }),
    ).toBe(
      "Restated by payment #11 received 2025-01-15: 2 payments re-applied, 54 accrual adjustments",
    );
  });
});

describe("the timeline", () => {
  const described = toTimelineEvents(events);
  const entries: TimelineEntry[] = described.map((event) => ({ kind: "event", event }));

  it("marks reversed events and re-applied payments from the history", () => {
    expect(described[6]).toMatchObject({ sequenceNumber: 7, reversedBy: 8 });
    expect(described[11]).toMatchObject({ sequenceNumber: 12, reapplies: 7, restatement: TAG });
    expect(described[12]).toMatchObject({ sequenceNumber: 13, reversedBy: 14 });
    // #7 was reversed: of the payments, only #11 and #12 (which re-applies it) read "applied".
    const applied = described.filter(
      (e) => e.eventType === "payment" && / applied: /.test(e.summary),
    );
    expect(applied.map((e) => e.sequenceNumber)).toEqual([11, 12]);
  });

  it("one row per restatement: its events collapsed behind a title with the counts", () => {
    const rows = rowsFromEntries(entries);
    const group = rows.find((r) => r.kind === "restatement");
    if (group?.kind !== "restatement") throw new Error("no group row");
    expect(group.group).toMatchObject({
      key: "restatement-r1",
      cause: 11,
      firstSequence: 8,
      lastSequence: 12,
      eventCount: 5,
      reappliedPayments: 1,
      accrualAdjustments: 2,
      amount: "1000.00",
      recordedAt: AT,
      fromDate: "2025-01-15",
      toDate: "2025-02-01",
      title:
        "Restated by payment #11 received 2025-01-15: 1 payment re-applied, 2 accrual adjustments",
    });
    // #8..#12 are inside the group: 14 events, 10 rows.
    expect(rows).toHaveLength(14 - 5 + 1);
    expect(rows.some((r) => r.kind === "event" && r.event.sequenceNumber === 9)).toBe(false);

    const open = rowsFromEntries(entries, new Map(), new Set(["restatement-r1"]));
    expect(open).toHaveLength(15);
    const nested = open.filter((r) => r.kind === "event" && r.grouped).map((r) => r.key);
    expect(nested).toEqual(["e8", "e9", "e10", "e11", "e12"]);
    // A jump to an event inside a closed group lands on the group; inside an open one, on it.
    expect(rows[rowIndexOf(rows, 10)]?.kind).toBe("restatement");
    expect(open[rowIndexOf(open, 10)]).toMatchObject({ kind: "event", key: "e10" });
  });

  it("a run of accruals summed on the server belongs to the restatement it lies inside", () => {
    const run: TimelineEntry = {
      kind: "accruals",
      group: accrualSummary({
        firstSequence: 9,
        lastSequence: 10,
        count: 2,
        total: "-0.333334",
        fromDate: "2025-01-15",
        toDate: "2025-01-16",
      }),
    };
    const paged = [...entries.slice(0, 8), run, ...entries.slice(10)];
    expect(entryRestatements(paged).map((t) => t?.id ?? null)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      "r1",
      "r1",
      "r1",
      "r1",
      null,
      null,
    ]);
    const parts = groupRestatements(paged);
    const group = parts.find((p) => p.kind === "restatement");
    expect(group?.kind === "restatement" && group.group.accrualAdjustments).toBe(2);
    // A run before the group's first event is not inside it unless the server says so.
    const leading = [...entries.slice(0, 7), run, ...entries.slice(10)];
    expect(entryRestatements(leading)[7]).toBeNull();
    const tagged = { kind: "accruals" as const, group: { ...run.group, restatement: TAG } };
    const told = [...entries.slice(0, 7), tagged, ...entries.slice(10)];
    expect(entryRestatements(told)[7]).toEqual(TAG);
  });

  it("a restatement cut by a page boundary is one group again, and its runs are not merged into others", () => {
    const rows = rowsFromEntries(joinEntries(entries.slice(0, 9), entries.slice(9)));
    expect(rows.filter((r) => r.kind === "restatement")).toHaveLength(1);
    const nightly = accrualSummary({
      firstSequence: 20,
      lastSequence: 25,
      count: 6,
      total: "10",
      fromDate: "2025-03-01",
      toDate: "2025-03-06",
    });
    const adjustments = accrualSummary(
      {
        firstSequence: 26,
        lastSequence: 27,
        count: 2,
        total: "-1",
        fromDate: "2025-03-02",
        toDate: "2025-03-03",
      },
      { id: "r2", cause: 28 },
    );
    const joined = joinEntries(
      [{ kind: "accruals", group: nightly }],
      [{ kind: "accruals", group: adjustments }],
    );
    expect(joined).toHaveLength(2);
  });

  it("a group whose cause is not loaded yet names it by number", () => {
    const partial = entries.slice(7, 9); // #8, #9
    const [part] = groupRestatements(partial);
    expect(part?.kind === "restatement" && part.group.title).toBe(
      "Restated by event #11: 1 accrual adjustment",
    );
  });
});

describe("the step-through", () => {
  const facts = reversalFactsOfHistory(events);

  it("marks a backdated event, a restating event, a re-applied and a reversed payment", () => {
    const cause = stepMarks(bySeq(11), { priorMaxEffective: "2025-02-01", facts: {} });
    expect(stepMarkLabels(cause)).toEqual(["Backdated", "Correction: restates later events"]);
    const repost = stepMarks(bySeq(12), {
      priorMaxEffective: "2025-02-01",
      facts: {},
      cause: bySeq(11),
    });
    expect(stepMarkLabels(repost)).toEqual([
      "Restating: part of the correction by payment #11 received 2025-01-15",
      "Re-applies #7",
    ]);
    const reversed = stepMarks(bySeq(7), {
      priorMaxEffective: "2025-02-01",
      facts: factsFor(bySeq(7), facts),
    });
    expect(stepMarkLabels(reversed)).toEqual(["Reversed by #8"]);
  });

  it("a reversed payment's step says what it took then, and that it was reversed, not 'applied'", () => {
    const steps = replay(events.slice(0, 7), "2025-12-31", { steps: true }).steps;
    const step = steps.at(-1);
    if (!step) throw new Error("no step");
    const text = explainStep(step, factsFor(bySeq(7), facts));
    expect(text).toBe(
      "Payment of $500.00, reversed later by #8: at this step it took $0.00 fees, $6.66 interest, $493.34 principal.",
    );
  });

  it("a fee's reversal is not explained as a payment's", () => {
    const steps = replay(events, "2025-12-31", { steps: true }).steps;
    const step = steps.find((s) => s.sequenceNumber === 14);
    if (!step) throw new Error("no step");
    const text = explainStep(step, factsFor(bySeq(14), facts));
    expect(text).toMatch(
      /^Fee #13 reversed — assessed in error\. Balances: fees \$25\.00 → \$0\.00/,
    );
  });
});

describe("'as known at' names the correction that changed each figure", () => {
  const before = events.slice(0, 7);
  const then = toSnapshotOnly(replay(before, "2025-02-02").state);
  const now = toSnapshotOnly(replay(events.slice(0, 12), "2025-02-02").state);

  it("finds each correction among the events recorded later, by its cause", () => {
    expect(correctionsAmong(events.slice(7, 12))).toEqual([
      { cause: 11, causeLabel: "payment #11 received 2025-01-15", recordedAt: AT },
    ]);
    expect(correctionsAmong(events.slice(7, 9))).toEqual([
      { cause: 11, causeLabel: "event #11", recordedAt: AT },
    ]);
  });

  it("attributes each changed figure to the stage it changed in", () => {
    const stage: CorrectionStage = {
      cause: 11,
      causeLabel: "payment #11 received 2025-01-15",
      recordedAt: AT,
      snapshot: now,
    };
    const knowledge = knowledgeFromRecorded(
      "2025-02-05T00:00:00Z",
      then,
      now,
      { events: events.slice(7, 12), eventCount: 3, accruals: null },
      [stage],
    );
    expect(knowledge.changes.map((c) => c.field)).toContain("principal");
    expect(knowledge.changedBy?.principal).toEqual(["payment #11 received 2025-01-15"]);
    expect(knowledge.lateEvents.find((e) => e.sequenceNumber === 12)?.restatement).toEqual({
      cause: 11,
      causeLabel: "payment #11 received 2025-01-15",
    });
    // What changed after the last correction is put down to the later events.
    const later = { ...now, principal: "1.00" };
    const changes = [{ field: "principal", before: then.principal, after: "1.00" }];
    expect(attributeChanges(then, [stage], later, changes)).toEqual({
      principal: ["payment #11 received 2025-01-15", LATER_EVENTS],
    });
    expect(attributeChanges(then, [], later, changes)).toEqual({ principal: [LATER_EVENTS] });
  });
});
