import { describe, expect, it } from "vitest";
import {
  knownAtNotForRole,
  pinnedLink,
  timelineViewFromLink,
  timelineViewQuery,
} from "../../lib/presentation/share-link";

const reader = (query: Record<string, string>) => (name: string) => query[name];

describe("the timeline's filters in a link", () => {
  it("none: every event, daily accruals grouped by month", () => {
    expect(timelineViewFromLink(reader({}))).toEqual({
      filter: { types: [], from: "", to: "" },
      groupAccruals: true,
      problems: [],
    });
  });

  it("reads a type (or several), an effective range and ungrouped accruals", () => {
    const view = timelineViewFromLink(
      reader({
        eventType: "payment,reversal,payment",
        effectiveFrom: "2025-01-01",
        effectiveTo: "2025-03-31",
        accruals: "daily",
      }),
    );
    expect(view).toEqual({
      filter: { types: ["payment", "reversal"], from: "2025-01-01", to: "2025-03-31" },
      groupAccruals: false,
      problems: [],
    });
  });

  it("what cannot be used is left off and said", () => {
    const view = timelineViewFromLink(
      reader({ eventType: "payment,refund", effectiveFrom: "2025-02-30" }),
    );
    expect(view.filter).toEqual({ types: [], from: "", to: "" });
    expect(view.problems).toEqual([
      "The link's event type “payment,refund” is not one of the event types, so the timeline shows every type.",
      "The link's “effective from” date “2025-02-30” is not a real date (YYYY-MM-DD), so the timeline is not limited by it.",
    ]);
  });

  it("round-trips through the query the timeline writes", () => {
    const view = {
      filter: { types: ["interest_accrual" as const], from: "", to: "2025-06-30" },
      groupAccruals: false,
    };
    const query = timelineViewQuery(view);
    expect(query).toEqual({
      eventType: "interest_accrual",
      effectiveFrom: null,
      effectiveTo: "2025-06-30",
      accruals: "daily",
    });
    const kept = Object.fromEntries(
      Object.entries(query).filter((e): e is [string, string] => e[1] !== null),
    );
    const { problems: _p, ...back } = timelineViewFromLink(reader(kept));
    expect(back).toEqual(view);
    expect(
      timelineViewQuery({ filter: { types: [], from: "", to: "" }, groupAccruals: true }),
    ).toEqual({ eventType: null, effectiveFrom: null, effectiveTo: null, accruals: null });
  });
});

describe("the link Copy link copies", () => {
  it("pins the as-of date and keeps the rest of the page's query", () => {
    expect(
      pinnedLink("http://127.0.0.1:3000/loans/LN-000001?event=12&eventType=payment#timeline", {
        asOf: "2026-12-01",
        knownAt: null,
      }),
    ).toBe("http://127.0.0.1:3000/loans/LN-000001?event=12&eventType=payment&asOf=2026-12-01");
  });

  it("pins the instant shown, and drops one not shown", () => {
    const link = pinnedLink("http://localhost/loans/LN-1?asOf=2025-03-31", {
      asOf: "2025-03-31",
      knownAt: "2025-04-02T10:00:00Z",
    });
    expect(new URL(link).searchParams.get("knownAt")).toBe("2025-04-02T10:00:00Z");
    expect(
      new URL(
        pinnedLink("http://localhost/loans/LN-1?knownAt=2025-04-02T10%3A00%3A00Z", {
          asOf: "2025-03-31",
          knownAt: null,
        }),
      ).searchParams.has("knownAt"),
    ).toBe(false);
  });
});

describe("a link's 'as known at' for a role that cannot see it", () => {
  it("names the instant, who can see it and what is shown instead", () => {
    expect(knownAtNotForRole("2025-04-02T10:00:00Z", "Support agent")).toBe(
      "This link shows the figures as known at “2025-04-02T10:00:00Z”, which a support agent cannot see (“as known at” is for dispute reviewers, auditors and administrators), so this page shows everything known now. Ask a dispute reviewer if what was known then matters.",
    );
  });
});
