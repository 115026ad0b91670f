import { describe, expect, it } from "vitest";
import {
  asOfQuickPicks,
  endOfDayInstant,
  endOfLastMonth,
  endOfLastQuarter,
  endOfLastYear,
} from "../../lib/presentation/as-of-picks";
import {
  formatCurrency,
  formatCurrencyChange,
  formatDate,
  formatExactCurrency,
  formatMonth,
  formatRate,
  formatStatus,
  formatTimestamp,
  hasSubCent,
} from "../../lib/presentation/format";

describe("money formatting", () => {
  it("rounds half-up to cents and groups thousands, from the decimal string", () => {
    expect(formatCurrency("1234567.895")).toBe("$1,234,567.90");
    expect(formatCurrency("0.004999")).toBe("$0.00");
    expect(formatCurrency("0.005")).toBe("$0.01");
    expect(formatCurrency("-25")).toBe("-$25.00");
    expect(formatCurrency("-0.001")).toBe("$0.00");
    // No float drift: 0.1 + 0.2 style values stay exact.
    expect(formatCurrency("9007199254740993.10")).toBe("$9,007,199,254,740,993.10");
  });

  it("shows the exact figure (fractions of a cent) for tooltips and detail", () => {
    expect(formatExactCurrency("33211.0064")).toBe("$33,211.0064");
    expect(formatExactCurrency("5")).toBe("$5.00");
    expect(hasSubCent("0.000693")).toBe(true);
    expect(hasSubCent("12.50")).toBe(false);
  });

  it("signs changes", () => {
    expect(formatCurrencyChange("12")).toBe("+$12.00");
    expect(formatCurrencyChange("-3.5")).toBe("-$3.50");
    expect(formatCurrencyChange("0.001")).toBe("$0.00");
  });

  it("formats rates, statuses, dates and timestamps unambiguously", () => {
    expect(formatRate("0.0650")).toBe("6.50%");
    expect(formatRate("0.05125")).toBe("5.125%");
    expect(formatStatus("paid_off")).toBe("Paid off");
    expect(formatDate("2025-03-01")).toBe("2025-03-01");
    expect(formatDate(null)).toBe("—");
    expect(formatMonth("2025-03")).toBe("Mar 2025");
    expect(formatTimestamp("2025-03-04T09:00:00.000Z")).toBe("2025-03-04 09:00:00 UTC");
    expect(formatTimestamp("2025-03-04 11:30:00+02")).toBe("2025-03-04 09:30:00 UTC");
  });
});

describe("as-of quick picks", () => {
  it("ends of month, quarter and year before today", () => {
    expect(endOfLastMonth("2025-03-15")).toBe("2025-02-28");
    expect(endOfLastMonth("2024-03-01")).toBe("2024-02-29");
    expect(endOfLastQuarter("2025-05-20")).toBe("2025-03-31");
    expect(endOfLastQuarter("2025-01-02")).toBe("2024-12-31");
    expect(endOfLastYear("2025-05-20")).toBe("2024-12-31");
    expect(asOfQuickPicks("2025-05-20").map((p) => p.date)).toEqual([
      "2025-05-20",
      "2025-04-30",
      "2025-03-31",
      "2024-12-31",
      "2024-05-20",
    ]);
    expect(endOfDayInstant("2025-03-01")).toBe("2025-03-01T23:59:59.999Z");
  });
});
