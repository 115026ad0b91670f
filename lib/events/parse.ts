/**
 * The parse boundary: a stored row (database read, CLI file, import) becomes a typed
 * `LoanEvent`, or an `EventParseError` naming the event and the field, e.g.
 *   event #3 (payment): eventData.allocation.interest: must be a decimal string with at most 2 decimal places
 *
 * Accepts camelCase (`sequenceNumber`, `eventType`, `effectiveDate`, `eventData`,
 * `recordedAt`, `recordedBy`) or the table's snake_case column names. `recordedAt`
 * may be an ISO timestamp string or a valid `Date`; `eventData` may be an object or
 * a JSON string of one.
 */
import { z } from "zod";
import { isIsoDate, isIsoTimestamp } from "../dates";
import { EVENT_TYPES, type EventType, isEventType } from "./event-types";
import { fastPayload } from "./fast-payloads";
import { payloadSchemas } from "./schemas";
import type { EventPayload, LoanEvent } from "./types";

export class EventParseError extends Error {
  /** Sequence number of the bad event, when it could be read. */
  readonly sequenceNumber: number | null;
  /** Position in the input array, when parsing a list. */
  readonly index: number | null;
  readonly eventType: string | null;
  /** Dotted path of the bad field, e.g. "eventData.allocation.interest". */
  readonly field: string;
  /** The problem without the event/field prefix, e.g. "must be a valid date YYYY-MM-DD". */
  readonly problem: string;

  constructor(args: {
    sequenceNumber: number | null;
    index: number | null;
    eventType: string | null;
    field: string;
    problem: string;
  }) {
    super(`${describeEvent(args)}: ${args.field ? `${args.field}: ` : ""}${args.problem}`);
    this.name = "EventParseError";
    this.sequenceNumber = args.sequenceNumber;
    this.index = args.index;
    this.eventType = args.eventType;
    this.field = args.field;
    this.problem = args.problem;
  }
}

function describeEvent(a: {
  sequenceNumber: number | null;
  index: number | null;
  eventType: string | null;
}): string {
  const who =
    a.sequenceNumber !== null
      ? `event #${a.sequenceNumber}`
      : a.index !== null
        ? `event at index ${a.index}`
        : "event";
  return a.eventType !== null ? `${who} (${a.eventType})` : who;
}

export type SafeParseEventResult =
  | { success: true; event: LoanEvent }
  | { success: false; error: EventParseError };

/** Turn a zod issue into a short problem text. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      if (!issue.message.startsWith("Invalid input")) return issue.message;
      if (/received undefined/.test(issue.message)) return "is required";
      if (issue.expected === "int") return "must be an integer";
      return `must be ${issue.expected === "object" ? "an object" : `a ${issue.expected}`}`;
    case "invalid_value":
      if (!issue.message.startsWith("Invalid")) return issue.message;
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    default:
      return issue.message;
  }
}

function pathOf(issue: z.core.$ZodIssue): string {
  return issue.path.map((p) => String(p)).join(".");
}

function pick(obj: Record<string, unknown>, camel: string, snake: string): unknown {
  return obj[camel] !== undefined ? obj[camel] : obj[snake];
}

/**
 * Validate a payload for its event type (the write path uses this before an insert).
 * Throws an EventParseError whose field is relative to the payload (e.g. "allocation.fees").
 */
export function parsePayload<K extends EventType>(
  eventType: K,
  data: unknown,
  context: { sequenceNumber?: number | null; index?: number | null; fieldPrefix?: string } = {},
): EventPayload<K> {
  const fast = fastPayload(eventType, data);
  if (fast) return fast;
  const schema = payloadSchemas[eventType] as unknown as z.ZodType<EventPayload<K>>;
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0] as z.core.$ZodIssue;
  const path = pathOf(issue);
  const prefix = context.fieldPrefix ?? "";
  const field = prefix && path ? `${prefix}.${path}` : prefix || path;
  throw new EventParseError({
    sequenceNumber: context.sequenceNumber ?? null,
    index: context.index ?? null,
    eventType,
    field,
    problem:
      issue.path.length === 0 && issue.code === "invalid_type"
        ? "must be an object"
        : describeIssue(issue),
  });
}

/** Throws the parse error for a field (a plain function: parseEvent runs for every row read). */
function failAt(
  index: number | null,
  field: string,
  problem: string,
  seq: number | null = null,
  type: string | null = null,
): never {
  throw new EventParseError({ sequenceNumber: seq, index, eventType: type, field, problem });
}

/** Parse one stored row into a typed event, or throw an EventParseError. */
export function parseEvent(raw: unknown, index?: number): LoanEvent {
  const idx = index ?? null;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return failAt(
      idx,
      "",
      "must be an object with sequenceNumber, eventType, effectiveDate and eventData",
    );
  }
  const row = raw as Record<string, unknown>;

  const seqRaw = pick(row, "sequenceNumber", "sequence_number");
  const seq =
    typeof seqRaw === "number" && Number.isSafeInteger(seqRaw) && seqRaw >= 1
      ? seqRaw
      : typeof seqRaw === "string" && /^[1-9]\d{0,14}$/.test(seqRaw)
        ? Number(seqRaw)
        : null;
  const typeRaw = pick(row, "eventType", "event_type");
  const typeLabel = isEventType(typeRaw) ? typeRaw : null;
  if (seq === null) {
    failAt(
      idx,
      "sequenceNumber",
      seqRaw === undefined ? "is required" : "must be a positive integer",
      null,
      typeLabel,
    );
  }
  const sequenceNumber = seq as number;

  if (!isEventType(typeRaw)) {
    failAt(
      idx,
      "eventType",
      typeRaw === undefined
        ? "is required"
        : `unknown event type ${JSON.stringify(typeRaw)} (expected one of ${EVENT_TYPES.join(", ")})`,
      sequenceNumber,
    );
  }
  const eventType = typeRaw as EventType;

  const effectiveDate = pick(row, "effectiveDate", "effective_date");
  if (!isIsoDate(effectiveDate)) {
    failAt(
      idx,
      "effectiveDate",
      effectiveDate === undefined ? "is required" : "must be a valid date YYYY-MM-DD",
      sequenceNumber,
      eventType,
    );
  }

  let recordedAt: string | undefined;
  const recordedRaw = pick(row, "recordedAt", "recorded_at");
  if (recordedRaw instanceof Date) {
    if (Number.isNaN(recordedRaw.getTime())) {
      failAt(idx, "recordedAt", "must be a valid timestamp", sequenceNumber, eventType);
    }
    recordedAt = recordedRaw.toISOString();
  } else if (recordedRaw !== undefined && recordedRaw !== null) {
    if (!isIsoTimestamp(recordedRaw)) {
      failAt(
        idx,
        "recordedAt",
        "must be an ISO timestamp such as 2025-03-01T12:00:00Z",
        sequenceNumber,
        eventType,
      );
    }
    recordedAt = recordedRaw as string;
  }

  let data = pick(row, "eventData", "event_data");
  if (data === undefined) failAt(idx, "eventData", "is required", sequenceNumber, eventType);
  if (typeof data === "string") {
    try {
      data = JSON.parse(data);
    } catch {
      failAt(idx, "eventData", "is a string that is not valid JSON", sequenceNumber, eventType);
    }
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    failAt(idx, "eventData", "must be an object", sequenceNumber, eventType);
  }
  const eventData = parsePayload(eventType, data, {
    sequenceNumber,
    index: idx,
    fieldPrefix: "eventData",
  });

  const event = {
    sequenceNumber,
    eventType,
    effectiveDate: effectiveDate as string,
    eventData,
  } as LoanEvent;
  if (recordedAt !== undefined) event.recordedAt = recordedAt;
  const recordedBy = pick(row, "recordedBy", "recorded_by");
  if (typeof recordedBy === "string") event.recordedBy = recordedBy;
  return event;
}

/** A row as the event table's typed columns deliver it (db/event-store/rows.ts). */
export interface TypedColumnsEvent {
  sequenceNumber: number;
  eventType: string;
  /** A `date` column's text (the server's ISO DateStyle). */
  effectiveDate: string;
  /** A `timestamptz` column already turned into ISO 8601 (toIsoTimestamp). */
  recordedAt: string;
  recordedBy: string;
  eventData: unknown;
}

/**
 * parseEvent for a row read from the event table: its columns' types (a
 * positive integer by a check constraint, the event_type enum, `date`,
 * `timestamptz`) already guarantee the envelope, so only the shape of the
 * date's text (a DateStyle other than ISO is refused) and the payload (jsonb:
 * anything) are checked. Every event a replay reads passes here, and the
 * envelope's regular-expression checks were a fifth of a portfolio report's
 * parsing. Throws an EventParseError like parseEvent.
 */
export function parseStoredEvent(row: TypedColumnsEvent): LoanEvent {
  const { sequenceNumber, eventType, effectiveDate } = row;
  if (!isEventType(eventType)) {
    return failAt(
      null,
      "eventType",
      `unknown event type ${JSON.stringify(eventType)}`,
      sequenceNumber,
    );
  }
  if (
    typeof effectiveDate !== "string" ||
    effectiveDate.length !== 10 ||
    effectiveDate[4] !== "-" ||
    effectiveDate[7] !== "-"
  ) {
    return failAt(
      null,
      "effectiveDate",
      `must be a date YYYY-MM-DD (is the server's DateStyle ISO?), got ${JSON.stringify(effectiveDate)}`,
      sequenceNumber,
      eventType,
    );
  }
  let data = row.eventData;
  if (typeof data === "string") {
    // A raw statement's jsonb arrives as text on some drivers.
    try {
      data = JSON.parse(data);
    } catch {
      failAt(null, "eventData", "is a string that is not valid JSON", sequenceNumber, eventType);
    }
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return failAt(null, "eventData", "must be an object", sequenceNumber, eventType);
  }
  const eventData = parsePayload(eventType, data, {
    sequenceNumber,
    index: null,
    fieldPrefix: "eventData",
  });
  return {
    sequenceNumber,
    eventType,
    effectiveDate,
    eventData,
    recordedAt: row.recordedAt,
    recordedBy: row.recordedBy,
  } as LoanEvent;
}

export function safeParseEvent(raw: unknown, index?: number): SafeParseEventResult {
  try {
    return { success: true, event: parseEvent(raw, index) };
  } catch (error) {
    if (error instanceof EventParseError) return { success: false, error };
    throw error;
  }
}

/** Parse a JSON array of events; throws an EventParseError on the first bad one. */
export function parseEvents(raw: unknown): LoanEvent[] {
  if (!Array.isArray(raw)) {
    throw new EventParseError({
      sequenceNumber: null,
      index: null,
      eventType: null,
      field: "",
      problem: "list must be a JSON array of events",
    });
  }
  return raw.map((item, i) => parseEvent(item, i));
}

/**
 * The same contract as one zod discriminated union on `eventType` (for tools that
 * want a single schema, e.g. form validation). `parseEvent` gives better errors.
 */
export const loanEventSchema = z.discriminatedUnion("eventType", [
  envelope("origination"),
  envelope("disbursement"),
  envelope("payment"),
  envelope("interest_accrual"),
  envelope("fee_assessment"),
  envelope("fee_waiver"),
  envelope("modification"),
  envelope("forbearance_start"),
  envelope("forbearance_end"),
  envelope("deferment"),
  envelope("charge_off"),
  envelope("reversal"),
]);

function envelope<K extends EventType>(eventType: K) {
  return z.object({
    sequenceNumber: z.number().int().min(1),
    eventType: z.literal(eventType),
    effectiveDate: z.string().refine((s) => isIsoDate(s), "must be a valid date YYYY-MM-DD"),
    recordedAt: z
      .string()
      .refine((s) => isIsoTimestamp(s), "must be an ISO timestamp")
      .optional(),
    recordedBy: z.string().optional(),
    eventData: payloadSchemas[eventType],
  });
}
