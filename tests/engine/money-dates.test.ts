import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  compareTimestamps,
  daysBetween,
  fromEpochDay,
  isIsoDate,
  isIsoTimestamp,
  toEpochDay,
} from "../../lib/dates";
import {
  allocate,
  Dec,
  formatMoney,
  isDecimalString,
  isZero,
  moneyString,
  sum,
  toCents,
  toMoney,
} from "../../lib/money";

describe("money", () => {
  it("is exact where binary floats are not: 0.1 + 0.2 = 0.3", () => {
    expect(moneyString(sum(["0.1", "0.2"]))).toBe("0.30");
    expect(toMoney("0.1").plus("0.2").equals("0.3")).toBe(true);
  });

  it("rejects anything that is not a plain decimal string", () => {
    for (const bad of ["", " 1", "1e3", "NaN", "Infinity", "1,50", "0x10", "1.", ".5", "--1"]) {
      expect(() => toMoney(bad), bad).toThrow(RangeError);
    }
    expect(() => toMoney(1.5 as unknown as string)).toThrow(RangeError);
    expect(isDecimalString("12.345", 2)).toBe(false);
    expect(isDecimalString("12.34", 2)).toBe(true);
  });

  it("rounds half-up to cents", () => {
    expect(toCents("2.345")).toBe("2.35");
    expect(toCents("2.344999")).toBe("2.34");
    expect(toCents("-2.345")).toBe("-2.35"); // half away from zero
    expect(toCents("-0.001")).toBe("0.00"); // no "-0.00"
    expect(formatMoney("1.2345678", 6)).toBe("1.234568");
  });

  it("prints at least two decimals, never exponent notation, never loses digits", () => {
    expect(moneyString(new Dec("5"))).toBe("5.00");
    expect(moneyString(new Dec("0.000001"))).toBe("0.000001");
    expect(moneyString(new Dec("123456789012345.123456"))).toBe("123456789012345.123456");
    expect(moneyString(new Dec("1e-7"))).toBe("0.0000001");
    expect(isZero("0.000")).toBe(true);
  });

  it("allocate: parts always sum to the whole (dinero.js style)", () => {
    expect(allocate("100.00", [1, 1, 1])).toEqual(["33.34", "33.33", "33.33"]);
    expect(allocate("0.05", [70, 30])).toEqual(["0.04", "0.01"]);
    expect(allocate("10.00", [0, 0])).toEqual(["5.00", "5.00"]);
    expect(allocate("10.00", [1, 0])).toEqual(["10.00", "0.00"]);
    expect(allocate("-1.00", [1, 1, 1])).toEqual(["-0.34", "-0.33", "-0.33"]);
    expect(() => allocate("1.001", [1])).toThrow(RangeError);
  });
});

describe("dates", () => {
  it("validates real calendar days", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2025-02-29")).toBe(false);
    expect(isIsoDate("2025-02-30")).toBe(false);
    expect(isIsoDate("2025-04-31")).toBe(false);
    expect(isIsoDate("2025-13-01")).toBe(false);
    expect(isIsoDate("2025-1-01")).toBe(false);
    expect(isIsoDate("20250101")).toBe(false);
    expect(isIsoDate("1900-02-29")).toBe(false); // century rule
    expect(isIsoDate("2000-02-29")).toBe(true); // 400-year rule
  });

  it("adds months with an end-of-month clamp", () => {
    expect(addMonths("2025-01-31", 1)).toBe("2025-02-28");
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2025-03-31", -1)).toBe("2025-02-28");
    expect(addMonths("2025-11-15", 3)).toBe("2026-02-15");
    expect(addMonths("2025-02-01", 59)).toBe("2030-01-01");
    expect(addMonths("2025-01-15", -13)).toBe("2023-12-15");
  });

  it("counts days across leap years and converts to day numbers exactly", () => {
    expect(daysBetween("2024-01-01", "2025-01-01")).toBe(366);
    expect(daysBetween("2025-01-01", "2026-01-01")).toBe(365);
    expect(daysBetween("2025-03-01", "2025-02-01")).toBe(-28);
    expect(toEpochDay("1970-01-01")).toBe(0);
    expect(toEpochDay("2000-03-01")).toBe(11017);
    expect(fromEpochDay(-1)).toBe("1969-12-31");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2024-12-31", 1)).toBe("2025-01-01");
  });

  it("compares timestamps across offsets and to the microsecond", () => {
    expect(isIsoTimestamp("2025-03-01T12:00:00Z")).toBe(true);
    expect(isIsoTimestamp("2025-03-01 12:00:00.123456+00")).toBe(true);
    expect(isIsoTimestamp("2025-03-01")).toBe(false);
    expect(isIsoTimestamp("2025-02-30T00:00:00Z")).toBe(false);
    expect(isIsoTimestamp("2025-03-01T24:00:00Z")).toBe(false);
    expect(compareTimestamps("2025-03-01T12:00:00+02:00", "2025-03-01T10:00:00Z")).toBe(0);
    expect(compareTimestamps("2025-03-01T10:00:00.000001Z", "2025-03-01T10:00:00Z")).toBe(1);
    expect(compareTimestamps("2025-03-01T00:30:00+01:00", "2025-02-28T23:45:00Z")).toBe(-1);
  });
});
