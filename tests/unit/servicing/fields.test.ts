/**
 * The field parsers (lib/servicing/fields.ts), exercised through the command
 * schemas the forms, the actions and the CLI parse with.
 */
import { describe, expect, it } from "vitest";
import {
  type ServicingCommand,
  servicingCommandSchema,
} from "../../../lib/servicing/command-schemas";
import { MAX_CASH } from "../../../lib/servicing/fields";
import { type CommandInput, decimalOf, given, ZERO_RATE_LOAN } from "./spec";

function parse(input: Record<string, unknown>): ServicingCommand {
  return servicingCommandSchema.parse(input);
}

/** The messages of a refused command (fails the test if it parses). */
function refusal(input: Record<string, unknown>): string {
  const result = servicingCommandSchema.safeParse(input);
  expect(result.success, `${JSON.stringify(input)} is refused`).toBe(false);
  return result.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n");
}

const payment = (amount: unknown) => ({
  type: "record_payment",
  amount,
  effectiveDate: "2025-01-11",
});
const amountOf = (amount: unknown) => (parse(payment(amount)) as { amount: string }).amount;
const reversal = (fields: Record<string, unknown>) => ({
  type: "reverse_payment",
  paymentSequence: 3,
  effectiveDate: "2025-01-12",
  reason: "NSF",
  ...fields,
});

describe("money", () => {
  it('refuses "1,50" (a comma is only a thousands separator), never reading it as 150', () => {
    expect(refusal(payment("1,50"))).toMatch(
      /amount: Enter the amount received in dollars and cents/,
    );
    expect(refusal(payment("1,2345.00"))).toMatch(/dollars and cents/);
    expect(refusal(payment("12,34,567"))).toMatch(/dollars and cents/);
  });

  it('reads "1,250.00" as 1250.00 and "$12.5" as 12.50', () => {
    expect(amountOf("1,250.00")).toBe("1250.00");
    expect(amountOf("$12.5")).toBe("12.50");
    expect(amountOf("  $1,234,567.89 ")).toBe("1234567.89");
    expect(amountOf("7")).toBe("7.00");
    expect(amountOf(12.5)).toBe("12.50");
  });

  it("refuses more than 2 decimals, signs, exponents and floats that print badly", () => {
    expect(refusal(payment("12.345"))).toMatch(/no more than 2 decimals/);
    expect(refusal(payment("+5.00"))).toMatch(/dollars and cents/);
    expect(refusal(payment("1e3"))).toMatch(/dollars and cents/);
    expect(refusal(payment(0.1 + 0.2))).toMatch(/dollars and cents/); // 0.30000000000000004
    expect(refusal(payment(1e21))).toMatch(/dollars and cents/); // "1e+21"
    expect(refusal(payment(""))).toMatch(/dollars and cents/);
    expect(refusal(payment(null))).toMatch(/Enter the amount received/);
  });

  it("tells a negative amount it must be positive (and how to take money back)", () => {
    expect(refusal(payment("-5.00"))).toMatch(
      /Enter the amount received as a positive amount \(to take money back, reverse the payment or waive the fee\)/,
    );
    expect(refusal(payment("-$1,250.00"))).toMatch(/as a positive amount/);
    expect(refusal(payment(-5))).toMatch(/as a positive amount/);
    // Not a number at all is still the format message.
    expect(refusal(payment("-abc"))).toMatch(/dollars and cents/);
  });

  it("refuses zero unless the field allows it", () => {
    expect(refusal(payment("0.00"))).toMatch(/Enter the amount received greater than \$0.00/);
    expect((parse(reversal({ nsfFee: "0" })) as { nsfFee?: string }).nsfFee).toBe("0.00");
  });

  it(`refuses above MAX_CASH (${MAX_CASH})`, () => {
    expect(amountOf(MAX_CASH)).toBe("999999999.99");
    expect(amountOf("$999,999,999.99")).toBe("999999999.99");
    expect(refusal(payment("1000000000.00"))).toMatch(/at most \$999,999,999.99/);
    expect(refusal(payment("1,000,000,000"))).toMatch(/at most \$999,999,999.99/);
  });
});

describe("whole numbers", () => {
  const sequenceOf = (paymentSequence: unknown) =>
    (parse(reversal({ paymentSequence })) as { paymentSequence: number }).paymentSequence;

  it("reads a string of digits or an integer", () => {
    expect(sequenceOf("12")).toBe(12);
    expect(sequenceOf(" 12 ")).toBe(12);
    expect(sequenceOf(12)).toBe(12);
  });

  it('refuses "1e2", "0x10", "12.0", "-1" and 1.5 as whole numbers', () => {
    for (const value of ["1e2", "0x10", "12.0", "-1", "", 1.5, 1e21]) {
      expect(refusal(reversal({ paymentSequence: value }))).toMatch(
        /paymentSequence: Enter the payment to reverse as a whole number/,
      );
    }
  });

  it("refuses a number outside the field's range", () => {
    expect(refusal(reversal({ paymentSequence: 0 }))).toMatch(/between 1 and 2000000000/);
    expect(
      refusal({
        type: "modify_terms",
        effectiveDate: "2025-01-01",
        termMonths: "601",
        reason: "x",
      }),
    ).toMatch(/termMonths: Enter the new term in months between 1 and 600/);
    expect(
      refusal({
        type: "defer",
        effectiveDate: "2025-01-01",
        periods: "61",
        interestTreatment: "accrue",
      }),
    ).toMatch(/periods: Enter the number of payments to defer between 1 and 60/);
  });
});

describe("percent", () => {
  /** The annual rate a modification with this ratePercent writes (schema, then decide). */
  const rateOf = (ratePercent: string) => {
    const decided = given(ZERO_RATE_LOAN)
      .when({ type: "modify_terms", effectiveDate: "2025-01-01", ratePercent, reason: "x" })
      .decided();
    return (decided.at(-1)!.eventData as { after: { annualRate: string } }).after.annualRate;
  };

  it('"4.5" is the annual fraction 0.045 and "5.25%" is 0.0525', () => {
    expect(rateOf("4.5")).toEqual(decimalOf("0.045"));
    expect(rateOf("5.25%")).toEqual(decimalOf("0.0525"));
    expect(rateOf(" 6 % ")).toEqual(decimalOf("0.06"));
    expect(rateOf("0")).toEqual(decimalOf("0"));
    expect(rateOf("99.9999")).toEqual(decimalOf("0.999999"));
  });

  it("refuses 100 or more, more than 4 decimals, and anything not a plain percentage", () => {
    for (const value of ["100", "4.56789", "-1", "0.045e2", "abc", ""]) {
      expect(
        refusal({
          type: "modify_terms",
          effectiveDate: "2025-01-01",
          ratePercent: value,
          reason: "x",
        }),
      ).toMatch(/ratePercent: Enter the new rate in percent, e.g. 5.25/);
    }
  });
});

describe("dates, text and flags", () => {
  it("a date must name a real day (trimmed)", () => {
    expect(refusal({ ...payment("10"), effectiveDate: "2025-02-29" })).toMatch(
      /effectiveDate: Enter the date the payment was received as a real date YYYY-MM-DD/,
    );
    expect(refusal({ ...payment("10"), effectiveDate: "2025-1-5" })).toMatch(/real date/);
    expect(
      (parse({ ...payment("10"), effectiveDate: " 2024-02-29 " }) as { effectiveDate: string })
        .effectiveDate,
    ).toBe("2024-02-29");
  });

  it("refuses a NUL character in a reason (and in an optional reference)", () => {
    expect(
      refusal({ type: "charge_off", effectiveDate: "2025-01-01", reason: "bad\u0000debt" }),
    ).toMatch(/reason: .*null character/);
    expect(refusal({ ...payment("10"), reference: "x\u0000" })).toMatch(
      /reference: .*null character/,
    );
  });

  it("a reason is required, trimmed and at most 200 characters", () => {
    expect(refusal({ type: "charge_off", effectiveDate: "2025-01-01", reason: "   " })).toMatch(
      /reason: Enter a reason/,
    );
    expect(
      refusal({ type: "charge_off", effectiveDate: "2025-01-01", reason: "x".repeat(201) }),
    ).toMatch(/Keep a reason under 200 characters/);
    const parsed = parse({ type: "charge_off", effectiveDate: "2025-01-01", reason: "  fraud  " });
    expect((parsed as { reason: string }).reason).toBe("fraud");
  });

  it("an empty optional reference is left out", () => {
    expect(
      (parse({ ...payment("10"), reference: "  " }) as { reference?: string }).reference,
    ).toBeUndefined();
    expect(refusal({ ...payment("10"), reference: "r".repeat(65) })).toMatch(
      /Keep the reference under 64 characters/,
    );
  });

  it('reads a checkbox ("on") or a boolean as the flag', () => {
    const flag = (capitalizeInterest: unknown) =>
      (
        servicingCommandSchema.safeParse({
          type: "modify_terms",
          effectiveDate: "2025-01-01",
          capitalizeInterest,
          reason: "x",
        }).data as { capitalizeInterest?: boolean } | undefined
      )?.capitalizeInterest;
    expect(flag("on")).toBe(true);
    expect(flag(true)).toBe(true);
    expect(flag("true")).toBe(true);
    // with no rate, no term and no capitalisation the command is refused
    expect(flag("false")).toBeUndefined();
    expect(flag(undefined)).toBeUndefined();
  });
});

describe("whole commands", () => {
  it("a modification must change the rate or the term, or capitalise interest", () => {
    expect(refusal({ type: "modify_terms", effectiveDate: "2025-01-01", reason: "x" })).toMatch(
      /ratePercent: Change the rate or the term, or capitalise interest/,
    );
  });

  it("extend_term needs the months", () => {
    expect(
      refusal({ type: "end_forbearance", effectiveDate: "2025-01-01", action: "extend_term" }),
    ).toMatch(/extendedMonths: Enter how many months to extend the term/);
  });

  it("choices are checked against their lists", () => {
    expect(refusal({ ...payment("10"), method: "bitcoin" })).toMatch(
      /method: Choose how it was paid/,
    );
    expect(
      refusal({
        type: "assess_fee",
        amount: "5",
        effectiveDate: "2025-01-01",
        feeType: "returned_check",
      }),
    ).toMatch(/feeType: Choose the fee type/);
    expect(refusal({ type: "launch_rocket" })).toMatch(/type/);
  });

  it("parses every command type", () => {
    const inputs: CommandInput[] = [
      { type: "record_payment", amount: "10", effectiveDate: "2025-01-01" },
      { type: "assess_fee", amount: "10", effectiveDate: "2025-01-01", feeType: "late" },
      { type: "waive_fee", amount: "10", effectiveDate: "2025-01-01", reason: "x" },
      { type: "reverse_payment", paymentSequence: 3, effectiveDate: "2025-01-01", reason: "x" },
      { type: "modify_terms", effectiveDate: "2025-01-01", termMonths: 24, reason: "x" },
      {
        type: "start_forbearance",
        effectiveDate: "2025-01-01",
        forbearanceType: "suspension",
        reducedPayment: "0",
      },
      { type: "end_forbearance", effectiveDate: "2025-01-01", action: "lump_sum" },
      { type: "defer", effectiveDate: "2025-01-01", periods: 1, interestTreatment: "waive" },
      { type: "charge_off", effectiveDate: "2025-01-01", reason: "x" },
      { type: "accrue", through: "2025-01-01" },
    ];
    expect(inputs.map((i) => parse(i).type)).toEqual([
      "record_payment",
      "assess_fee",
      "waive_fee",
      "reverse_payment",
      "modify_terms",
      "start_forbearance",
      "end_forbearance",
      "defer",
      "charge_off",
      "accrue",
    ]);
  });
});
