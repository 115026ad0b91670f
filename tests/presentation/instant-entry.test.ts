import { describe, expect, it } from "vitest";
import {
  instantEntryProblem,
  instantToField,
  readInstantEntry,
} from "../../lib/presentation/instant-entry";

describe("an instant as a browser datetime-local field reports it while it is typed", () => {
  it("the values on the way to 03/04/2025 11:59:59 PM are not instants anyone means; the last one is", () => {
    // What Chrome's field holds as the year is typed, the rest already filled in.
    const typed = [
      ["", true],
      ["0002-03-04T23:59:59", false],
      ["0020-03-04T23:59:59", false],
      ["0202-03-04T23:59:59", false],
      ["2025-03-04T23:59:59", false],
    ] as const;
    const used = typed
      .map(([value, bad]) => readInstantEntry(value, bad))
      .filter((e) => e.kind === "instant");
    expect(used).toEqual([{ kind: "instant", iso: "2025-03-04T23:59:59Z" }]);
  });

  it("reads minutes without seconds, and fractions of a second, in UTC", () => {
    expect(readInstantEntry("2025-03-04T10:15")).toEqual({
      kind: "instant",
      iso: "2025-03-04T10:15:00Z",
    });
    expect(readInstantEntry("2025-03-04T10:15:07.250")).toEqual({
      kind: "instant",
      iso: "2025-03-04T10:15:07Z",
    });
  });

  it("tells apart an empty field, a short year and something that is not an instant", () => {
    expect(readInstantEntry("")).toEqual({ kind: "empty" });
    expect(readInstantEntry("", true)).toEqual({ kind: "not-an-instant" });
    expect(readInstantEntry("0202-03-04T23:59")).toEqual({ kind: "short-year" });
    expect(readInstantEntry("2025-02-30T10:00")).toEqual({ kind: "not-an-instant" });
    expect(readInstantEntry("2025-03-04T25:00")).toEqual({ kind: "not-an-instant" });
    expect(readInstantEntry("2025-03-04")).toEqual({ kind: "not-an-instant" });
    expect(readInstantEntry("2024-02-29T00:00:00")).toEqual({
      kind: "instant",
      iso: "2024-02-29T00:00:00Z",
    });
  });

  it("shows a link's instant to the second", () => {
    expect(instantToField("2025-03-04T23:59:59Z")).toBe("2025-03-04T23:59:59");
    expect(instantToField("2025-03-04T23:59:59.123Z")).toBe("2025-03-04T23:59:59");
  });

  it("says what is wrong, and what is still shown, only for what is not an instant", () => {
    const shown = "2025-03-04T23:59:59Z";
    expect(instantEntryProblem({ kind: "not-an-instant" }, shown)).toMatch(
      /not a real date and time.*Still showing what was known at 2025-03-04 23:59:59 UTC\./,
    );
    expect(instantEntryProblem({ kind: "short-year" }, null)).toBe(
      "Enter the year in full, with four digits.",
    );
    expect(instantEntryProblem({ kind: "empty" }, shown)).toBeNull();
    expect(instantEntryProblem({ kind: "instant", iso: shown }, shown)).toBeNull();
  });
});
