/**
 * The loan page without the history in the browser: for a loan of more than
 * 1,500 events built with the services (daily accruals, monthly payments,
 * some posted late, a fee assessed and waived, a reversal, a backdated fee
 * that invalidates a month-end snapshot), the page data holds one timeline
 * page and a bounded series; paging, filters and jumps return exactly what
 * the in-memory timeline shows for the whole history; event details, "as
 * known at" and the dispute step-through equal the engine's full replay.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validatedAction } from "../../app/_lib/validated-action";
import { loadLoanPage } from "../../app/loans/[loanNumber]/_server/page-data";
import { asOfViewOf, eventDetailOf } from "../../app/loans/[loanNumber]/_server/read";
import {
  reviewStepSchema,
  timelinePageSchema,
} from "../../app/loans/[loanNumber]/_server/read-schemas";
import { loadReviewStep, reviewStep } from "../../app/loans/[loanNumber]/_server/review";
import {
  INITIAL_ROWS,
  loadTimelinePage,
  timelinePage,
} from "../../app/loans/[loanNumber]/_server/timeline";
import type { Database } from "../../db/client";
import { accrueInterest } from "../../db/services/accrue";
import { createLoan } from "../../db/services/create-loan";
import { assessFee, postPayment, reversePayment, waiveFee } from "../../db/services/servicing";
import { replayLoanAsOf } from "../../db/services/snapshots";
import { addDays, addMonths } from "../../lib/dates";
import type { EventType } from "../../lib/events/event-types";
import type { LoanEvent } from "../../lib/events/types";
import { buildAsOfView, toSnapshotOnly } from "../../lib/presentation/as-of-view";
import { MAX_SERIES_POINTS, pointDate } from "../../lib/presentation/balance-series";
import { eventDetail } from "../../lib/presentation/event-detail";
import {
  buildTimelineRows,
  entriesOfRows,
  entrySpan,
  joinEntries,
  NO_FILTER,
  type TimelineEntry,
  type TimelineFilter,
  type TimelinePage,
  type TimelineRequest,
  toTimelineEvents,
} from "../../lib/presentation/timeline";
import { replay } from "../../lib/replay/replay";
import { historyOf, TEST_ACTOR } from "../helpers/fixtures";
import { actAs } from "../helpers/staff";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const START = "2021-01-01";
const MONTHS = 50;
const at =
  (date: string, hour = 12) =>
  () =>
    new Date(`${date}T${String(hour).padStart(2, "0")}:00:00.000Z`);

/** Fifty months of a mortgage-like loan, through the services. */
async function buildLongLoan(db: Database) {
  const actor = TEST_ACTOR;
  const created = await createLoan({
    db,
    actor,
    clock: at(START),
    borrower: { name: "Long History" },
    principal: "180000.00",
    annualRate: "0.0575",
    termMonths: 240,
    dayCount: "actual/365",
    firstPaymentDate: addMonths(START, 1),
    originatedOn: START,
    disbursement: { on: START },
  });
  const loanNumber = created.loanNumber;
  let toReverse = 0;
  for (let m = 1; m <= MONTHS; m++) {
    const due = addMonths(START, m);
    if (m % 7 === 0) {
      // Received on the due date, posted four days later: backdated.
      const late = addDays(due, 3);
      await accrueInterest({
        db,
        actor,
        clock: at(late),
        through: late,
        loanNumbers: [loanNumber],
      });
      await postPayment({
        db,
        actor,
        clock: at(addDays(due, 4)),
        loanNumber,
        amount: "1300.00",
        effectiveDate: due,
      });
    } else {
      const r = await postPayment({
        db,
        actor,
        clock: at(due),
        loanNumber,
        amount: "1300.00",
        effectiveDate: due,
      });
      if (m === 19) toReverse = r.appended.at(-1)?.sequenceNumber ?? 0;
    }
    if (m === 10) {
      const d = addDays(due, 2);
      await assessFee({
        db,
        actor,
        clock: at(d),
        loanNumber,
        amount: "35.00",
        effectiveDate: d,
        feeType: "late",
      });
      const w = addDays(due, 3);
      await waiveFee({
        db,
        actor,
        clock: at(w),
        loanNumber,
        amount: "20.00",
        effectiveDate: w,
        reason: "goodwill",
      });
    }
    if (m === 20) {
      const d = addDays(due, 1);
      await reversePayment({
        db,
        actor,
        clock: at(d),
        loanNumber,
        paymentSequence: toReverse,
        effectiveDate: d,
        reason: "returned",
      });
    }
    if (m === 30) {
      // Effective before the month end just crossed: invalidates that snapshot.
      await assessFee({
        db,
        actor,
        clock: at(addDays(due, 6)),
        loanNumber,
        amount: "15.00",
        effectiveDate: addDays(due, -3),
        feeType: "late",
        note: "found late",
      });
    }
  }
  const through = addDays(addMonths(START, MONTHS), 10);
  await accrueInterest({ db, actor, clock: at(through), through, loanNumbers: [loanNumber] });
  return { loanNumber, loanId: created.loanId, through };
}

let t: TestDatabase;
let loanNumber: string;
let loanId: number;
let events: LoanEvent[];
let asOf: string;

beforeAll(async () => {
  t = await createTestDatabase();
  const built = await buildLongLoan(t.db);
  loanNumber = built.loanNumber;
  loanId = built.loanId;
  asOf = addDays(built.through, 5);
  events = await historyOf(t.db, loanNumber);
}, 240_000);
afterAll(async () => t?.destroy());

/** Every page of a filter, following the cursor forwards (or backwards), joined. */
async function allPages(
  request: TimelineRequest,
  direction: "after" | "before" = "after",
): Promise<{ entries: TimelineEntry[]; pages: TimelinePage[] }> {
  const pages: TimelinePage[] = [];
  let entries: TimelineEntry[] = [];
  let cursor = direction === "after" ? 0 : 2_147_483_647;
  for (let i = 0; i < 500; i++) {
    const page = await timelinePage(t.db, loanId, { ...request, [direction]: cursor });
    pages.push(page);
    entries =
      direction === "after"
        ? joinEntries(entries, page.entries)
        : joinEntries(page.entries, entries);
    const edge = direction === "after" ? page.entries.at(-1) : page.entries[0];
    const more = direction === "after" ? page.hasAfter : page.hasBefore;
    if (!more || !edge) break;
    cursor = direction === "after" ? entrySpan(edge).last : entrySpan(edge).first;
  }
  return { entries, pages };
}

/** What the in-memory timeline shows for the whole history. */
function expected(filter: TimelineFilter, group: boolean): TimelineEntry[] {
  return entriesOfRows(buildTimelineRows(toTimelineEvents(events), filter, group));
}

function eventsSent(entries: readonly TimelineEntry[]): number {
  return entries.filter((e) => e.kind === "event").length;
}

describe("the loan page's data", () => {
  it("has a long history to test with", () => {
    expect(events.length).toBeGreaterThanOrEqual(1500);
    expect(events.some((e) => e.eventType === "reversal")).toBe(true);
  });

  it("sends one timeline page, a bounded series ending on the replayed balance, and the balances", async () => {
    const data = await loadLoanPage(t.db, { loanNumber, asOf, knownAt: null, selected: null });
    if (!data) throw new Error("no page data");
    const page = data.timeline.page;
    expect(page.entries.length).toBeLessThanOrEqual(INITIAL_ROWS);
    expect(eventsSent(page.entries)).toBeLessThanOrEqual(100);
    expect(page.entries[0]).toMatchObject({ kind: "event", event: { sequenceNumber: 1 } });
    expect(page.hasBefore).toBe(false);
    expect(page.hasAfter).toBe(true);
    expect(data.timeline.total).toBe(events.length);
    expect(data.timeline.counts.payment).toBe(
      events.filter((e) => e.eventType === "payment").length,
    );
    expect(data.lastSequence).toBe(events.at(-1)?.sequenceNumber);

    const replayed = replay(events, asOf).state;
    expect(data.view.snapshot).toEqual(toSnapshotOnly(replayed));
    expect(data.view.snapshot).toEqual(toSnapshotOnly(await replayLoanAsOf(t.db, loanId, asOf)));
    expect(data.view.recentPayments).toEqual(replayed.payments.slice(-5).reverse());

    const series = data.series;
    expect(series.points.length).toBeGreaterThan(5);
    expect(series.points.length).toBeLessThanOrEqual(MAX_SERIES_POINTS);
    const last = series.points.at(-1);
    expect([last?.principal, last?.interest, last?.fees]).toEqual([
      replayed.principal,
      replayed.interest,
      replayed.fees,
    ]);
    // Every point is replay's figures as of its date.
    for (const p of series.points) {
      const s = replay(events, pointDate(p)).state;
      expect([p.principal, p.interest, p.fees], pointDate(p)).toEqual([
        s.principal,
        s.interest,
        s.fees,
      ]);
    }
    expect(series.markers.map((m) => m.kind)).toEqual(expect.arrayContaining(["fee", "reversal"]));
    // What the browser receives is a few tens of kilobytes, not the history.
    expect(JSON.stringify(data).length).toBeLessThan(100_000);
  });

  it("as of an earlier date and as known at an instant: the snapshot path's figures and the explanation", async () => {
    const date = "2023-06-30";
    const knownAt = "2023-07-05T00:00:00Z";
    const data = await loadLoanPage(t.db, { loanNumber, asOf: date, knownAt, selected: null });
    const reference = buildAsOfView(events, date, knownAt);
    expect(data?.view.snapshot).toEqual(reference.snapshot);
    expect(data?.view.lastEffectiveDate).toBe(reference.lastEffectiveDate);
    expect(data?.view.knowledge).toEqual(reference.knowledge);
    expect(data?.view.knowledge?.lateEvents.map((e) => e.eventType)).toEqual(["fee_assessment"]);
    const plain = await asOfViewOf(t.db, loanId, date, null);
    expect(plain.snapshot).toEqual(buildAsOfView(events, date).snapshot);
  });

  it("opens on the selected event: a window around it and its detail", async () => {
    const reversal = events.find((e) => e.eventType === "reversal") as LoanEvent;
    const data = await loadLoanPage(t.db, {
      loanNumber,
      asOf,
      knownAt: null,
      selected: reversal.sequenceNumber,
    });
    const page = data?.timeline.page;
    expect(page?.anchor).toBe(reversal.sequenceNumber);
    expect(page?.hasBefore).toBe(true);
    const shown = page?.entries.find(
      (e) => e.kind === "event" && e.event.sequenceNumber === reversal.sequenceNumber,
    );
    expect(shown).toMatchObject({ event: { eventType: "reversal", amount: "1300.00" } });
    expect(data?.detail).toEqual(eventDetail(events, reversal.sequenceNumber, asOf));
  });
});

describe("timeline pages", () => {
  it("ungrouped: every event exactly once across pages, described as the full timeline describes it", async () => {
    const { entries, pages } = await allPages({ groupAccruals: false, limit: 100 });
    for (const page of pages) expect(eventsSent(page.entries)).toBeLessThanOrEqual(100);
    const seqs = entries.map((e) => entrySpan(e).first);
    expect(seqs).toEqual(events.map((e) => e.sequenceNumber));
    expect(entries).toEqual(expected(NO_FILTER, false));
    expect(entries.filter((e) => e.kind === "event" && e.event.backdated).length).toBeGreaterThan(
      5,
    );
  });

  it("grouped: accrual runs summed per month, the same rows as the full timeline, forwards and backwards", async () => {
    const want = expected(NO_FILTER, true);
    const forwards = await allPages({ groupAccruals: true, limit: 40 });
    expect(forwards.pages.length).toBeGreaterThan(2);
    expect(forwards.entries).toEqual(want);
    const backwards = await allPages({ groupAccruals: true, limit: 40 }, "before");
    expect(backwards.entries).toEqual(want);
    // Together the entries stand for every event exactly once.
    const covered = forwards.entries.flatMap((e) => {
      const { first, last } = entrySpan(e);
      return e.kind === "event"
        ? [first]
        : events
            .filter(
              (x) =>
                x.eventType === "interest_accrual" &&
                x.sequenceNumber >= first &&
                x.sequenceNumber <= last,
            )
            .map((x) => x.sequenceNumber);
    });
    expect(covered).toEqual(events.map((e) => e.sequenceNumber));
  });

  it("filters by type and date range, and counts what matches", async () => {
    const filter: TimelineFilter = { types: ["payment", "reversal"], from: "", to: "" };
    const page = await timelinePage(t.db, loanId, {
      types: ["payment", "reversal"],
      groupAccruals: true,
      count: true,
    });
    expect(page.matching).toBe(
      events.filter((e) => e.eventType === "payment" || e.eventType === "reversal").length,
    );
    expect(page.entries).toEqual(expected(filter, true));
    expect(page.entries.every((e) => e.kind === "event")).toBe(true);

    const range: TimelineFilter = { types: [], from: "2022-03-10", to: "2022-05-20" };
    const ranged = await allPages({ from: range.from, to: range.to, groupAccruals: true });
    expect(ranged.entries).toEqual(expected(range, true));
    const accrualsOnly = await allPages({
      types: ["interest_accrual" as EventType],
      groupAccruals: false,
      limit: 100,
    });
    expect(accrualsOnly.entries).toEqual(
      expected({ types: ["interest_accrual"], from: "", to: "" }, false),
    );
  });

  it("an accrual run's events, for expanding it", async () => {
    const grouped = await timelinePage(t.db, loanId, { groupAccruals: true, limit: 10 });
    const run = grouped.entries.find((e) => e.kind === "accruals");
    if (run?.kind !== "accruals") throw new Error("no run");
    const opened = await timelinePage(t.db, loanId, {
      types: ["interest_accrual"],
      groupAccruals: false,
      after: run.group.firstSequence - 1,
      through: run.group.lastSequence,
    });
    expect(opened.hasAfter).toBe(false);
    expect(opened.entries.map((e) => entrySpan(e).first)).toEqual(
      events
        .filter(
          (e) =>
            e.eventType === "interest_accrual" &&
            e.sequenceNumber >= run.group.firstSequence &&
            e.sequenceNumber <= run.group.lastSequence,
        )
        .map((e) => e.sequenceNumber),
    );
    expect(opened.entries.length).toBe(run.group.count);
  });

  it("jumps to an event or a date: a window starting there, with rows above it", async () => {
    const target = events[900] as LoanEvent;
    const jump = await timelinePage(t.db, loanId, { groupAccruals: false, around: 901 });
    expect(jump.anchor).toBe(901);
    expect(jump.hasBefore && jump.hasAfter).toBe(true);
    const seqs = jump.entries.map((e) => entrySpan(e).first);
    expect(seqs.slice(0, 6)).toEqual([896, 897, 898, 899, 900, 901]);
    expect(seqs.length).toBeLessThanOrEqual(105);
    expect(target.sequenceNumber).toBe(901);

    const date = "2023-02-15";
    const byDate = await timelinePage(t.db, loanId, { groupAccruals: true, aroundDate: date });
    const first = events.find((e) => e.effectiveDate >= date) as LoanEvent;
    expect(byDate.anchor).toBe(first.sequenceNumber);
    const all = expected(NO_FILTER, true);
    const inWindow = byDate.entries.find((e) => {
      const s = entrySpan(e);
      return s.first <= first.sequenceNumber && first.sequenceNumber <= s.last;
    });
    expect(inWindow).toBeDefined();
    // Whole rows, as the full timeline groups them, once the window is joined with what is above.
    const above = await timelinePage(t.db, loanId, {
      groupAccruals: true,
      before: entrySpan(byDate.entries[0] as TimelineEntry).first,
    });
    const joined = joinEntries(above.entries, byDate.entries);
    // The first and last entries may be runs cut by a page edge; those between are whole.
    const second = entrySpan(joined[1] as TimelineEntry).first;
    const k = all.findIndex((e) => entrySpan(e).first === second);
    expect(k).toBeGreaterThan(0);
    expect(joined.slice(1, -1)).toEqual(all.slice(k, k + joined.length - 2));

    const past = await timelinePage(t.db, loanId, {
      groupAccruals: true,
      aroundDate: "2099-01-01",
    });
    expect(past.anchor).toBeNull();
    expect(past.hasAfter).toBe(false);
  });
});

describe("event detail from the nearest snapshot", () => {
  it("equals the full-history detail, for every kind of event, as of the page's date or known at an instant", async () => {
    const picks = [
      1,
      2,
      3,
      ...events.filter((e) => e.eventType !== "interest_accrual").map((e) => e.sequenceNumber),
      ...[100, 500, 946, 948, 1200, events.length],
    ];
    for (const seq of picks) {
      for (const [date, knownAt] of [
        [asOf, null],
        ["2022-01-15", null],
        ["2023-06-30", "2023-07-05T00:00:00Z"],
      ] as const) {
        const got = await eventDetailOf(t.db, loanId, seq, date, knownAt);
        expect(got, `#${seq} as of ${date}`).toEqual(eventDetail(events, seq, date, knownAt));
      }
    }
    expect(await eventDetailOf(t.db, loanId, events.length + 5, asOf, null)).toBeNull();
  });
});

describe("the dispute step-through, stepped on the server", () => {
  const cases = [
    { asOf: "9999-12-31", knownAt: null, skipAccruals: false },
    { asOf: "2023-06-30", knownAt: "2023-07-05T00:00:00Z", skipAccruals: false },
    { asOf: "9999-12-31", knownAt: null, skipAccruals: true },
  ] as const;

  it("each step equals the engine's replay step, with its place and neighbours", async () => {
    for (const nav of cases) {
      const steps = replay(events, nav.asOf, { knownAt: nav.knownAt, steps: true }).steps;
      const visited = steps.filter((s) => !nav.skipAccruals || s.eventType !== "interest_accrual");
      const positions = [0, 1, 2, 40, 333, 946, visited.length - 2, visited.length - 1].filter(
        (p) => p >= 0 && p < visited.length,
      );
      for (const position of positions) {
        const want = visited[position];
        if (!want) continue;
        const got = await reviewStep(t.db, loanId, nav, { at: want.sequenceNumber });
        expect(got?.step, `${JSON.stringify(nav)} #${want.sequenceNumber}`).toEqual(want);
        expect(got?.position).toBe(position);
        expect(got?.count).toBe(visited.length);
        expect(got?.around.map((e) => e.sequenceNumber)).toEqual(
          visited.slice(Math.max(0, position - 3), position + 4).map((s) => s.sequenceNumber),
        );
      }
    }
  });

  it("moves by steps, to the edges and to a date, clamped like the browser's old positions", async () => {
    const nav = { asOf: "9999-12-31", knownAt: null, skipAccruals: true };
    const visited = replay(events, nav.asOf, { steps: true }).steps.filter(
      (s) => s.eventType !== "interest_accrual",
    );
    const seqAt = (i: number) => visited[i]?.sequenceNumber;
    const from = seqAt(10) as number;
    const move = async (by: number) =>
      (await reviewStep(t.db, loanId, nav, { at: from, by }))?.step.sequenceNumber;
    expect(await move(1)).toBe(seqAt(11));
    expect(await move(-1)).toBe(seqAt(9));
    expect(await move(5)).toBe(seqAt(15));
    expect(await move(-50)).toBe(seqAt(0));
    expect(await move(100_000)).toBe(seqAt(visited.length - 1));
    // An accrual is not visited: the next payment is.
    expect((await reviewStep(t.db, loanId, nav, { at: 3 }))?.step.sequenceNumber).toBe(
      visited.find((s) => s.sequenceNumber >= 3)?.sequenceNumber,
    );
    expect((await reviewStep(t.db, loanId, nav, { edge: "last" }))?.position).toBe(
      visited.length - 1,
    );
    expect((await reviewStep(t.db, loanId, nav, { edge: "first" }))?.step.sequenceNumber).toBe(1);
    expect((await reviewStep(t.db, loanId, nav, { date: "2022-09-02" }))?.step.eventType).toBe(
      "reversal",
    );
    // A date after every event lands on the last one (it used to fall back to the first), and says so.
    const late = await reviewStep(t.db, loanId, nav, { date: "2099-01-01" });
    expect(late?.position).toBe(visited.length - 1);
    expect(late?.notice).toBe(
      `No event is effective on or after 2099-01-01. Showing the last event before it, #${seqAt(visited.length - 1)} (effective ${visited.at(-1)?.effectiveDate}).`,
    );
    expect((await reviewStep(t.db, loanId, nav, { date: "2022-09-02" }))?.notice).toBeUndefined();
    expect(
      await reviewStep(t.db, loanId, { ...nav, asOf: "2000-01-01" }, { edge: "first" }),
    ).toBeNull();
  });
});

describe("the step-through says when it cannot show the event asked for", () => {
  it("an event recorded after 'as known at' was not known then; asked without it, it is shown", async () => {
    const asked = events[200];
    if (!asked?.recordedAt) throw new Error("no event #201");
    const knownAt = new Date(Date.parse(asked.recordedAt) - 1000).toISOString();
    const nav = { asOf: "9999-12-31", knownAt, skipAccruals: false };
    const got = await reviewStep(t.db, loanId, nav, { at: asked.sequenceNumber });
    expect(got?.step.sequenceNumber).not.toBe(asked.sequenceNumber);
    expect(got?.notice).toMatch(
      new RegExp(
        `^Event #${asked.sequenceNumber} \\(.+\\) was not known at .+: it was recorded .+\\. Showing event #${got?.step.sequenceNumber}, the (next|last) event known then\\.$`,
      ),
    );
    const plain = await reviewStep(
      t.db,
      loanId,
      { ...nav, knownAt: null },
      { at: asked.sequenceNumber },
    );
    expect(plain?.step.sequenceNumber).toBe(asked.sequenceNumber);
    expect(plain?.notice).toBeUndefined();
    // A move (`by`) is not a request for one event: nothing to say.
    expect((await reviewStep(t.db, loanId, nav, { at: 5, by: 1 }))?.notice).toBeUndefined();
  });

  it("an event effective after the as-of date, and a number the loan does not have", async () => {
    const nav = { asOf: "2022-01-31", knownAt: null, skipAccruals: false };
    const after = events.find((e) => e.effectiveDate > nav.asOf);
    if (!after) throw new Error("no later event");
    const got = await reviewStep(t.db, loanId, nav, { at: after.sequenceNumber });
    expect(got?.notice).toContain(
      `is effective ${after.effectiveDate}, after the as-of date 2022-01-31, so it is not replayed.`,
    );
    const beyond = (events.at(-1)?.sequenceNumber ?? 0) + 100;
    const none = await reviewStep(t.db, loanId, { ...nav, asOf: "9999-12-31" }, { at: beyond });
    expect(none?.notice).toBe(
      `This loan has no event #${beyond}. Showing event #${events.at(-1)?.sequenceNumber}, the last one.`,
    );
  });
});

describe("the read actions", () => {
  const READ = { permission: "view_loans" } as const;
  const timeline = validatedAction(timelinePageSchema, (i) => loadTimelinePage(t.db, i), READ);
  const step = validatedAction(reviewStepSchema, (i) => loadReviewStep(t.db, i), {
    permission: "review_disputes",
  });

  it("a page of the timeline for the signed-in agent; one position at a time", async () => {
    actAs("agent");
    const result = await timeline({ loanNumber, types: ["payment"], limit: 5 });
    expect(result.ok && result.data.entries.length).toBe(5);
    expect(await timeline({ loanNumber, after: 3, before: 10 })).toMatchObject({
      ok: false,
      fieldErrors: { after: expect.stringContaining("one position") },
    });
    expect(await timeline({ loanNumber, limit: 1000 })).toMatchObject({ ok: false });
    expect(await timeline({ loanNumber: "LN-999999" })).toEqual({
      ok: false,
      error: "No loan LN-999999.",
    });
  });

  it("a step for a reviewer, refused to an agent", async () => {
    actAs("reviewer");
    const result = await step({ loanNumber, asOf, skipAccruals: true, at: 30 });
    expect(result.ok && result.data?.step.eventType).toBe("payment");
    actAs("agent");
    expect(await step({ loanNumber, asOf, skipAccruals: false, at: 30 })).toMatchObject({
      ok: false,
      forbidden: true,
    });
  });
});
