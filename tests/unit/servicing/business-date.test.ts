import { afterEach, describe, expect, it, vi } from "vitest";
import { readServerEnv } from "../../../db/env";
import { businessDate, businessDateAt } from "../../../db/services/context";
import {
  futureCommand,
  futureDated,
  futureDateMessage,
  mainProblem,
} from "../../../lib/servicing/business-date";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("the business date (db/services/context.ts)", () => {
  const clock = () => new Date("2026-03-31T23:59:59.000Z");

  it("is the UTC date of the clock when LOAN_REPLAY_BUSINESS_DATE is unset or blank", () => {
    vi.stubEnv("LOAN_REPLAY_BUSINESS_DATE", undefined);
    expect(businessDate(clock)).toBe("2026-03-31");
    expect(businessDateAt("2026-04-01T00:00:00.000Z")).toBe("2026-04-01");
    vi.stubEnv("LOAN_REPLAY_BUSINESS_DATE", "");
    expect(businessDate(clock)).toBe("2026-03-31");
  });

  it("is LOAN_REPLAY_BUSINESS_DATE when set, whatever the clock", () => {
    vi.stubEnv("LOAN_REPLAY_BUSINESS_DATE", "2025-06-30");
    expect(businessDate(clock)).toBe("2025-06-30");
    expect(businessDateAt("2026-04-01T00:00:00.000Z")).toBe("2025-06-30");
  });

  it("an invalid value fails at start-up (readServerEnv) and on use, naming the variable", () => {
    for (const bad of ["2026-02-30", "tomorrow", "2026-1-5"]) {
      expect(() => readServerEnv({ LOAN_REPLAY_BUSINESS_DATE: bad, NODE_ENV: "test" })).toThrow(
        "Invalid environment: LOAN_REPLAY_BUSINESS_DATE: must be a real date YYYY-MM-DD (e.g. 2026-12-01)",
      );
      vi.stubEnv("LOAN_REPLAY_BUSINESS_DATE", bad);
      expect(() => businessDate(clock)).toThrow(
        `Invalid environment: LOAN_REPLAY_BUSINESS_DATE: must be a real date YYYY-MM-DD (e.g. 2026-12-01) (got "${bad}")`,
      );
    }
    expect(
      readServerEnv({ LOAN_REPLAY_BUSINESS_DATE: "2024-02-29", NODE_ENV: "test" })
        .LOAN_REPLAY_BUSINESS_DATE,
    ).toBe("2024-02-29");
  });
});

describe("the business date rule (pure)", () => {
  it("names the event, its date and the business date", () => {
    expect(futureDateMessage("payment", "2030-01-01", "2026-12-01")).toBe(
      "Payment effective 2030-01-01 is after the business date 2026-12-01; events cannot take effect in the future.",
    );
    expect(futureDateMessage("fee_assessment", "2026-12-02", "2026-12-01")).toMatch(
      /^Fee assessment effective 2026-12-02 is after the business date 2026-12-01;/,
    );
  });

  it("allows the business date itself and any earlier day; refuses every later one", () => {
    const events = [
      { eventType: "interest_accrual", effectiveDate: "2026-11-30" },
      { eventType: "interest_accrual", effectiveDate: "2026-12-01" },
      { eventType: "interest_accrual", effectiveDate: "2026-12-02" },
      { eventType: "payment", effectiveDate: "2026-12-03" },
      { eventType: "fee_assessment", effectiveDate: "1999-01-01" },
    ];
    const problems = futureDated(events, "2026-12-01");
    expect(problems.map((p) => [p.index, p.eventType, p.effectiveDate])).toEqual([
      [2, "interest_accrual", "2026-12-02"],
      [3, "payment", "2026-12-03"],
    ]);
    expect(futureDated(events.slice(0, 2), "2026-12-01")).toEqual([]);
    expect(futureDated([], "2026-12-01")).toEqual([]);
  });

  it("tells about the event asked for, not the interest catch-up planned before it", () => {
    const problems = futureDated(
      [
        { eventType: "interest_accrual", effectiveDate: "2026-12-02" },
        { eventType: "interest_accrual", effectiveDate: "2026-12-03" },
        { eventType: "payment", effectiveDate: "2026-12-04" },
      ],
      "2026-12-01",
    );
    expect(mainProblem(problems)?.message).toBe(
      "Payment effective 2026-12-04 is after the business date 2026-12-01; events cannot take effect in the future.",
    );
    // Accruals alone (the accrual job): the first of them.
    expect(mainProblem(problems.slice(0, 2))?.effectiveDate).toBe("2026-12-02");
    expect(mainProblem([])).toBeUndefined();
  });
});

describe("futureCommand", () => {
  it("names the command's event and the business date, before anything is decided", () => {
    expect(
      futureCommand({ type: "record_payment", effectiveDate: "2199-12-31" }, "2026-12-01"),
    ).toBe(
      "Payment effective 2199-12-31 is after the business date 2026-12-01; events cannot take effect in the future.",
    );
    expect(
      futureCommand({ type: "reverse_event", effectiveDate: "2026-12-02" }, "2026-12-01"),
    ).toMatch(/^Reversal effective 2026-12-02/);
    expect(
      futureCommand({ type: "record_payment", effectiveDate: "2026-12-01" }, "2026-12-01"),
    ).toBeNull();
    // The nightly accrual has its own check (through, not an effective date).
    expect(futureCommand({ type: "accrue" }, "2026-12-01")).toBeNull();
  });
});
