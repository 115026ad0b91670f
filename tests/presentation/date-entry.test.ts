import { describe, expect, it } from "vitest";
import { dateEntryProblem, readDateEntry } from "../../lib/presentation/date-entry";

describe("a date as a browser date field reports it while it is typed", () => {
  it("the values on the way to 03/31/2025 are not dates anyone means; the last one is", () => {
    // What Chrome's field holds after each keystroke of 0,3,3,1,2,0,2,5 (en-US).
    const typed = [
      ["", true],
      ["", true],
      ["", true],
      ["", true],
      ["0002-03-31", false],
      ["0020-03-31", false],
      ["0202-03-31", false],
      ["2025-03-31", false],
    ] as const;
    const used = typed
      .map(([value, bad]) => readDateEntry(value, bad))
      .filter((e) => e.kind === "date");
    expect(used).toEqual([{ kind: "date", date: "2025-03-31" }]);
  });

  it("tells apart an empty field, a short year and something that is not a date", () => {
    expect(readDateEntry("")).toEqual({ kind: "empty" });
    expect(readDateEntry("", true)).toEqual({ kind: "not-a-date" });
    expect(readDateEntry("0202-03-31")).toEqual({ kind: "short-year" });
    expect(readDateEntry("2025-02-30")).toEqual({ kind: "not-a-date" });
    expect(readDateEntry("20255-03-31")).toEqual({ kind: "not-a-date" });
    expect(readDateEntry("1000-01-01")).toEqual({ kind: "date", date: "1000-01-01" });
    expect(readDateEntry("2024-02-29")).toEqual({ kind: "date", date: "2024-02-29" });
  });

  it("says what is wrong in the field's own terms, and what is still shown", () => {
    const impossible = dateEntryProblem({ kind: "not-a-date" }, "2025-01-15");
    expect(impossible).toMatch(/^That is not a real date/);
    expect(impossible).toContain("Still showing 2025-01-15.");
    expect(impossible).not.toMatch(/payment/i);
    expect(dateEntryProblem({ kind: "short-year" }, null)).toBe(
      "Enter the year in full, with four digits.",
    );
    expect(dateEntryProblem({ kind: "date", date: "2025-01-15" }, "2025-01-15")).toBeNull();
    expect(dateEntryProblem({ kind: "empty" }, "2025-01-15")).toBeNull();
  });
});
