import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toIsoTimestamp } from "../../db/event-store/rows";

/** What the rows mapper did before its UTC fast path: a Date round trip. */
const viaDate = (value: string) =>
  new Date(value.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00")).toISOString();

describe("toIsoTimestamp", () => {
  it("reads Postgres's UTC timestamps with 0 to 3 fraction digits", () => {
    expect(toIsoTimestamp("2026-01-05 10:00:00.123+00")).toBe("2026-01-05T10:00:00.123Z");
    expect(toIsoTimestamp("2026-01-05 10:00:00.12+00")).toBe("2026-01-05T10:00:00.120Z");
    expect(toIsoTimestamp("2026-01-05 10:00:00.1+00")).toBe("2026-01-05T10:00:00.100Z");
    expect(toIsoTimestamp("2026-01-05 10:00:00+00")).toBe("2026-01-05T10:00:00.000Z");
  });

  it("converts other offsets to UTC", () => {
    expect(toIsoTimestamp("2026-01-05 10:00:00.5+02")).toBe("2026-01-05T08:00:00.500Z");
    expect(toIsoTimestamp("2026-01-01 01:00:00-03")).toBe("2026-01-01T04:00:00.000Z");
  });

  it("gives what a Date round trip gives, for any instant Postgres prints (the hash chain depends on it)", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1000-01-01T00:00:00Z"),
          max: new Date("9999-12-31T23:59:59Z"),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 3 }),
        (date, digits) => {
          const iso = date.toISOString();
          // Postgres drops trailing zeros of the fraction, and the point when none are left.
          const fraction = iso.slice(20, 20 + digits).replace(/0+$/, "");
          const printed = `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? `.${fraction}` : ""}+00`;
          expect(toIsoTimestamp(printed)).toBe(viaDate(printed));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
