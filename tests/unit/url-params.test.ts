import { describe, expect, it } from "vitest";
import { asOfFromLink, asOfParam, knownAtFromLink } from "@/app/_lib/url-params";

const TODAY = "2026-12-01";

describe("dates and instants read from a link", () => {
  it("a real date is used as it is; none means today, silently", () => {
    expect(asOfFromLink({ asOf: "2025-03-31" }, TODAY)).toEqual({
      asOf: "2025-03-31",
      problem: null,
    });
    expect(asOfFromLink({}, TODAY)).toEqual({ asOf: TODAY, problem: null });
    expect(asOfFromLink({ asOf: "" }, TODAY)).toEqual({ asOf: TODAY, problem: null });
  });

  it("a date that does not exist is named, with what is shown instead", () => {
    const { asOf, problem } = asOfFromLink({ asOf: "2025-02-30" }, TODAY);
    expect(asOf).toBe(TODAY);
    expect(problem).toBe(
      "The link's as-of date “2025-02-30” is not a real date (YYYY-MM-DD), so this page shows today, 2026-12-01, instead.",
    );
    expect(asOfFromLink({ asOf: ["31/03/2025", "x"] }, TODAY).problem).toContain("“31/03/2025”");
    expect(asOfFromLink({ asOf: "x".repeat(500) }, TODAY).problem?.length).toBeLessThan(200);
    // The older reader agrees on the date shown.
    expect(asOfParam({ asOf: "2025-02-30" }, TODAY)).toBe(TODAY);
  });

  it("an 'as known at' that is not an instant is named; a real one is used", () => {
    expect(knownAtFromLink({ knownAt: "2025-03-31T23:59:59Z" })).toEqual({
      knownAt: "2025-03-31T23:59:59Z",
      problem: null,
    });
    expect(knownAtFromLink({})).toEqual({ knownAt: null, problem: null });
    const bad = knownAtFromLink({ knownAt: "tomorrow" });
    expect(bad.knownAt).toBeNull();
    expect(bad.problem).toContain("“tomorrow” is not an instant");
    expect(bad.problem).toContain("shows everything known now");
  });
});
