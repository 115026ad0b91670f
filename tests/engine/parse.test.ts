/** The parse boundary: stored rows -> typed events, or an error naming event and field. */
import { describe, expect, it } from "vitest";
import { parseStoredEvent } from "../../lib/events/parse";
import {
  EventParseError,
  loanEventSchema,
  parseEvent,
  parseEvents,
  parsePayload,
  safeParseEvent,
} from "../../lib/index";

const payment = {
  sequenceNumber: 3,
  eventType: "payment",
  effectiveDate: "2025-02-01",
  eventData: {
    amount: "860.66",
    allocation: { fees: "0.00", interest: "50.00", principal: "810.66" },
    reference: "chk-1001",
  },
};

function errorOf(raw: unknown): EventParseError {
  const r = safeParseEvent(raw, 7);
  if (r.success) throw new Error("expected a parse error");
  return r.error;
}

describe("parseEvent", () => {
  it("returns the typed event (extra payload fields kept)", () => {
    const e = parseEvent(payment);
    expect(e.eventType).toBe("payment");
    if (e.eventType === "payment") {
      expect(e.eventData.allocation.principal).toBe("810.66");
      expect(e.eventData.reference).toBe("chk-1001");
    }
  });

  it("accepts the table's snake_case columns, a Date recorded_at and a JSON-string payload", () => {
    const e = parseEvent({
      sequence_number: 3,
      event_type: "payment",
      effective_date: "2025-02-01",
      event_data: JSON.stringify(payment.eventData),
      recorded_at: new Date("2025-02-01T10:00:00.000Z"),
      recorded_by: "teller-7",
    });
    expect(e).toMatchObject({
      sequenceNumber: 3,
      recordedAt: "2025-02-01T10:00:00.000Z",
      recordedBy: "teller-7",
    });
  });

  it.each([
    [
      {
        ...payment,
        eventData: {
          ...payment.eventData,
          allocation: { fees: "0", interest: "50.001", principal: "1" },
        },
      },
      "eventData.allocation.interest",
      "event #3 (payment): eventData.allocation.interest: must be a decimal string with at most 2 decimal places",
    ],
    [
      { ...payment, eventData: { ...payment.eventData, amount: 860.66 } },
      "eventData.amount",
      'event #3 (payment): eventData.amount: must be a decimal string such as "12.50", not a number',
    ],
    [
      { ...payment, eventData: { amount: "1.00" } },
      "eventData.allocation",
      "event #3 (payment): eventData.allocation: is required",
    ],
    [
      { ...payment, effectiveDate: "2025-02-29" },
      "effectiveDate",
      "event #3 (payment): effectiveDate: must be a valid date YYYY-MM-DD",
    ],
    [
      { ...payment, eventType: "refund" },
      "eventType",
      'event #3: eventType: unknown event type "refund" (expected one of origination, disbursement, payment, interest_accrual, fee_assessment, fee_waiver, modification, forbearance_start, forbearance_end, deferment, charge_off, reversal)',
    ],
    [
      { ...payment, sequenceNumber: "three" },
      "sequenceNumber",
      "event at index 7 (payment): sequenceNumber: must be a positive integer",
    ],
    [
      { ...payment, recordedAt: "last Tuesday" },
      "recordedAt",
      "event #3 (payment): recordedAt: must be an ISO timestamp such as 2025-03-01T12:00:00Z",
    ],
    [
      {
        sequenceNumber: 1,
        eventType: "origination",
        effectiveDate: "2025-01-01",
        eventData: {
          principal: "1000.00",
          annualRate: "6.5",
          termMonths: 12,
          dayCount: "30/360",
          firstPaymentDate: "2025-02-01",
        },
      },
      "eventData.annualRate",
      "event #1 (origination): eventData.annualRate: must be between 0 and 1 (a fraction, not a percentage)",
    ],
    [
      {
        sequenceNumber: 1,
        eventType: "origination",
        effectiveDate: "2025-01-01",
        eventData: {
          principal: "1000.00",
          annualRate: "0.065",
          termMonths: 12,
          dayCount: "act/act",
          firstPaymentDate: "2025-02-01",
        },
      },
      "eventData.dayCount",
      'event #1 (origination): eventData.dayCount: must be one of "actual/365", "actual/360", "30/360"',
    ],
    [
      {
        sequenceNumber: 4,
        eventType: "forbearance_end",
        effectiveDate: "2025-01-01",
        eventData: { action: "extend_term" },
      },
      "eventData.extendedMonths",
      'event #4 (forbearance_end): eventData.extendedMonths: is required when action is "extend_term"',
    ],
    [
      {
        sequenceNumber: 5,
        eventType: "reversal",
        effectiveDate: "2025-01-01",
        eventData: { reversedSequence: 2.5, reason: "x" },
      },
      "eventData.reversedSequence",
      "event #5 (reversal): eventData.reversedSequence: must be an integer",
    ],
    [
      {
        sequenceNumber: 6,
        eventType: "disbursement",
        effectiveDate: "2025-01-01",
        eventData: { amount: "0.00", method: "ach" },
      },
      "eventData.amount",
      "event #6 (disbursement): eventData.amount: must be greater than 0",
    ],
    [
      {
        sequenceNumber: 8,
        eventType: "deferment",
        effectiveDate: "2025-01-01",
        eventData: { periods: 1, interestTreatment: "accrue", capitalizedAmount: "5.00" },
      },
      "eventData.capitalizedAmount",
      'event #8 (deferment): eventData.capitalizedAmount: is only allowed when interestTreatment is "capitalize"',
    ],
    [
      { sequenceNumber: 6, eventType: "disbursement", effectiveDate: "2025-01-01" },
      "eventData",
      "event #6 (disbursement): eventData: is required",
    ],
  ])("rejects %#: %s", (raw, field, message) => {
    const error = errorOf(raw);
    expect(error).toBeInstanceOf(EventParseError);
    expect(error.field).toBe(field);
    expect(error.message).toBe(message);
  });

  it("parseEvents needs an array and names the first bad event", () => {
    expect(() => parseEvents({})).toThrow("list must be a JSON array of events");
    expect(() =>
      parseEvents([payment, { ...payment, sequenceNumber: 4, effectiveDate: "x" }]),
    ).toThrow("event #4 (payment): effectiveDate: must be a valid date YYYY-MM-DD");
    expect(() => parseEvents([42])).toThrow(
      "event at index 0: must be an object with sequenceNumber, eventType, effectiveDate and eventData",
    );
  });
});

describe("parsePayload (write path) and the zod union", () => {
  it("validates one payload with paths relative to the payload", () => {
    expect(parsePayload("fee_assessment", { amount: "25.00", feeType: "late" })).toEqual({
      amount: "25.00",
      feeType: "late",
    });
    try {
      parsePayload("fee_waiver", { amount: "25.001", waivedBy: "x" });
      expect.unreachable();
    } catch (e) {
      expect((e as EventParseError).field).toBe("amount");
      expect((e as EventParseError).message).toBe(
        "event (fee_waiver): amount: must be a decimal string with at most 2 decimal places",
      );
    }
  });

  it("loanEventSchema is the same contract as one discriminated union", () => {
    expect(loanEventSchema.safeParse(payment).success).toBe(true);
    const bad = loanEventSchema.safeParse({ ...payment, eventData: { amount: "x" } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["eventData", "amount"]);
  });
});

describe("parseStoredEvent (a row of the event table's typed columns)", () => {
  const stored = {
    sequenceNumber: 3,
    eventType: "payment",
    effectiveDate: "2025-02-01",
    recordedAt: "2025-02-01T09:30:00.000Z",
    recordedBy: "clerk",
    eventData: payment.eventData,
  };
  const problemOf = (row: typeof stored | Record<string, unknown>) => {
    try {
      parseStoredEvent(row as typeof stored);
    } catch (error) {
      if (error instanceof EventParseError) return error.message;
      throw error;
    }
    throw new Error("expected a parse error");
  };

  it("returns what parseEvent returns for the same row", () => {
    expect(parseStoredEvent(stored)).toEqual(parseEvent(stored));
  });

  it("parses a payload that arrives as JSON text", () => {
    const event = parseStoredEvent({ ...stored, eventData: JSON.stringify(payment.eventData) });
    expect(event.eventData).toEqual(payment.eventData);
  });

  it("still checks the payload (jsonb holds anything)", () => {
    expect(problemOf({ ...stored, eventData: { ...payment.eventData, amount: "1e3" } })).toMatch(
      /^event #3 \(payment\): eventData\.amount: /,
    );
    expect(problemOf({ ...stored, eventData: [] })).toBe(
      "event #3 (payment): eventData: must be an object",
    );
    expect(problemOf({ ...stored, eventData: "{not json" })).toBe(
      "event #3 (payment): eventData: is a string that is not valid JSON",
    );
  });

  it("refuses a date in another DateStyle and an unknown type", () => {
    expect(problemOf({ ...stored, effectiveDate: "02/01/2025" })).toMatch(
      /^event #3 \(payment\): effectiveDate: must be a date YYYY-MM-DD/,
    );
    expect(problemOf({ ...stored, eventType: "gift" })).toBe(
      'event #3: eventType: unknown event type "gift"',
    );
  });
});
