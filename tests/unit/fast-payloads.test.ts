import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastPayload } from "../../lib/events/fast-payloads";
import { payloadSchemas } from "../../lib/events/schemas";

const schema = payloadSchemas.interest_accrual;

/** Strings near the contract's shapes: valid amounts and rates, and their near misses. */
const decimalish = fc.oneof(
  fc.stringMatching(/^-?\d{1,16}(\.\d{0,7})?$/),
  fc.constantFrom(
    "",
    "1.",
    ".5",
    "1e3",
    " 1.00",
    "1.00 ",
    "0x10",
    "１.00",
    "1,000.00",
    "-0",
    "00.10",
  ),
  fc.string({ maxLength: 8 }),
);
const anyValue = fc.oneof(
  decimalish,
  fc.integer({ min: -5, max: 40000 }),
  fc.double(),
  fc.constantFrom(null, undefined, true, [], {}),
);
const nearMiss = fc.record(
  {
    amount: fc.oneof(decimalish, anyValue),
    rate: fc.oneof(fc.stringMatching(/^[01]?\d{0,2}(\.\d{0,11})?$/), anyValue),
    dayCount: fc.oneof(
      fc.constantFrom("actual/365", "actual/360", "30/360", "ACTUAL/365"),
      anyValue,
    ),
    days: fc.oneof(fc.integer({ min: -2, max: 36602 }), anyValue),
    principalBasis: fc.oneof(decimalish, anyValue),
    adjusts: fc.oneof(fc.integer({ min: 1, max: 99 }), anyValue),
    restatement: fc.constantFrom({ id: "LN-1/5", cause: 5 }, { id: " x ", cause: 1 }),
    note: fc.string(),
    __proto__: fc.constant({ polluted: true }),
  },
  { requiredKeys: [] },
);
/** A well-formed plain accrual, sometimes with one field swapped for a near miss. */
const mostlyValid = fc
  .tuple(
    fc.record({
      amount: fc.stringMatching(/^\d{1,15}(\.\d{1,6})?$/),
      rate: fc.oneof(fc.stringMatching(/^0(\.\d{1,10})?$/), fc.constantFrom("1", "1.0", "1.01")),
      dayCount: fc.constantFrom("actual/365", "actual/360", "30/360"),
      days: fc.integer({ min: 0, max: 36600 }),
      principalBasis: fc.stringMatching(/^\d{1,15}(\.\d{1,6})?$/),
    }),
    fc.option(nearMiss, { freq: 3 }),
  )
  .map(([valid, miss]) => {
    if (!miss) return valid;
    const [key] = Object.keys(miss);
    return key === undefined ? valid : { ...valid, [key]: (miss as Record<string, unknown>)[key] };
  });
const accrual = fc.oneof(mostlyValid, nearMiss);

describe("fastPayload (interest accruals)", () => {
  it("vouches only for what the zod schema accepts, and returns what it returns", () => {
    let vouched = 0;
    fc.assert(
      fc.property(accrual, (raw) => {
        // As the database hands it over: parsed JSON (own keys, __proto__ included).
        const data = JSON.parse(JSON.stringify(raw));
        const fast = fastPayload("interest_accrual", data);
        const parsed = schema.safeParse(data);
        if (fast !== null) {
          vouched++;
          expect(parsed.success).toBe(true);
          expect(fast).toEqual(parsed.data);
          expect(fast).not.toBe(data);
        }
      }),
      { numRuns: 20000 },
    );
    expect(vouched).toBeGreaterThan(50);
  });

  it("takes a plain accrual and leaves adjustments, restatements and other types to zod", () => {
    const plain = {
      amount: "1.972603",
      rate: "0.0600",
      dayCount: "actual/365",
      days: 1,
      principalBasis: "12000.00",
    };
    expect(fastPayload("interest_accrual", plain)).toEqual(plain);
    expect(fastPayload("interest_accrual", { ...plain, amount: "-0.1" })).toBeNull();
    expect(fastPayload("interest_accrual", { ...plain, adjusts: 3 })).toBeNull();
    expect(fastPayload("interest_accrual", { ...plain, rate: "1.5" })).toBeNull();
    expect(fastPayload("payment", plain)).toBeNull();
    expect(fastPayload("interest_accrual", JSON.parse('{"__proto__":{"x":1}}'))).toBeNull();
  });
});
