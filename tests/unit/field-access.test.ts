/**
 * Least privilege in what is sent (issue 14): the permission table decides
 * which fields each role's pages receive (FIELD_PERMISSIONS), and the shaping
 * functions every loan page, action and route uses leave out the rest.
 */
import { describe, expect, it } from "vitest";
import {
  FIELD_GROUPS,
  type FieldAccess,
  fieldAccessOf,
  mayReceive,
  ROLES,
} from "../../lib/auth/permissions";
import type { EventDetail } from "../../lib/presentation/event-detail";
import { shapeEventDetail, shapeTimelinePage } from "../../lib/presentation/field-access";
import type { TimelineEvent, TimelinePage } from "../../lib/presentation/timeline";

describe("which fields each role receives", () => {
  it("is the table's decision, role by role", () => {
    expect(Object.fromEntries(ROLES.map((r) => [r, fieldAccessOf(r)]))).toEqual({
      agent: {
        recordedAt: true,
        recordedBy: false,
        borrowerContact: false,
        knownAtHistory: false,
        recordChanges: false,
        eventExport: false,
      },
      reviewer: {
        recordedAt: true,
        recordedBy: true,
        borrowerContact: false,
        knownAtHistory: true,
        recordChanges: false,
        eventExport: false,
      },
      auditor: {
        recordedAt: true,
        recordedBy: true,
        borrowerContact: true,
        knownAtHistory: true,
        recordChanges: true,
        eventExport: true,
      },
      servicer: {
        recordedAt: true,
        recordedBy: true,
        borrowerContact: false,
        knownAtHistory: false,
        recordChanges: false,
        eventExport: false,
      },
      admin: Object.fromEntries(FIELD_GROUPS.map((f) => [f, true])),
    });
  });

  it("an unknown role or nobody receives nothing", () => {
    for (const role of [null, undefined, "", "root", "__proto__"]) {
      for (const field of FIELD_GROUPS)
        expect(mayReceive(role, field), `${role} ${field}`).toBe(false);
    }
  });
});

const event = (sequenceNumber: number, recordedBy: string): TimelineEvent => ({
  sequenceNumber,
  eventType: "payment",
  effectiveDate: "2025-02-01",
  recordedAt: "2025-02-05T10:00:00.000Z",
  recordedBy,
  amount: "100.00",
  summary: "Payment of $100.00 applied",
  backdated: true,
});

const page: TimelinePage = {
  entries: [
    { kind: "event", event: event(3, "staff:servicer@example.test") },
    {
      kind: "accruals",
      group: {
        key: "2025-02",
        month: "2025-02",
        count: 28,
        days: 28,
        total: "55.20",
        fromDate: "2025-02-01",
        toDate: "2025-02-28",
        firstSequence: 4,
        lastSequence: 31,
      },
    },
    { kind: "event", event: event(32, "system:accrual") },
  ],
  hasBefore: false,
  hasAfter: true,
  anchor: null,
  matching: null,
};

const detail: EventDetail = {
  event: event(3, "staff:servicer@example.test"),
  eventData: { amount: "100.00" },
  replayedAsOf: "2025-02-01",
  knownAt: null,
  step: null,
};

const recorders = (value: unknown) =>
  [...JSON.stringify(value).matchAll(/"recordedBy":("[^"]*"|null)/g)].map((m) => m[1]);

describe("shaping the loan page's timeline and event detail", () => {
  const agent: FieldAccess = fieldAccessOf("agent");

  it("for a role without recordedBy: every recorder is gone from what is serialised, the rest kept", () => {
    const shaped = shapeTimelinePage(page, agent);
    expect(recorders(shaped)).toEqual(["null", "null"]);
    expect(JSON.stringify(shaped)).not.toMatch(/staff:|system:/);
    expect(shaped.entries[1]).toEqual(page.entries[1]);
    expect(shaped.entries.map((e) => (e.kind === "event" ? e.event.recordedAt : null))).toEqual([
      "2025-02-05T10:00:00.000Z",
      null,
      "2025-02-05T10:00:00.000Z",
    ]);
    const shapedDetail = shapeEventDetail(detail, agent);
    expect(JSON.stringify(shapedDetail)).not.toContain("staff:");
    expect(shapedDetail.event.recordedAt).toBe(detail.event.recordedAt);
    expect(shapeEventDetail(null, agent)).toBeNull();
  });

  it("for every role that may receive it: unchanged", () => {
    for (const role of ROLES.filter((r) => mayReceive(r, "recordedBy"))) {
      expect(shapeTimelinePage(page, fieldAccessOf(role)), role).toEqual(page);
      expect(shapeEventDetail(detail, fieldAccessOf(role)), role).toEqual(detail);
    }
  });

  it("does not change what it was given", () => {
    const before = JSON.stringify(page);
    shapeTimelinePage(page, agent);
    expect(JSON.stringify(page)).toBe(before);
  });
});
