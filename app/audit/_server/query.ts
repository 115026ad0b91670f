/**
 * Reading the audit query from the URL with zod, for the page and the CSV
 * export alike. Bad values never crash: they come back as messages written for
 * the person at the screen (the page shows them, the export answers 400).
 */
import { z } from "zod";
import { type SearchParams, searchParamsRecord } from "@/app/_lib/url-params";
import { isIsoDate } from "@/lib/dates";
import { EVENT_TYPES } from "@/lib/events/event-types";
import { AUDIT_PAGE_SIZES, type AuditQuery, DEFAULT_PAGE_SIZE } from "../_lib/audit-url";

export type { SearchParams };

/** One text parameter: the first value if repeated, trimmed, blank treated as absent. */
const text = () =>
  z.preprocess((v) => {
    const s = Array.isArray(v) ? v[0] : v;
    return typeof s === "string" && s.trim() !== "" ? s.trim() : undefined;
  }, z.string().optional());

const date = (what: string) =>
  text().refine((s) => s === undefined || isIsoDate(s), {
    message: `${what} must be a real date as YYYY-MM-DD.`,
  });

const choice = <T extends string>(values: readonly [T, ...T[]], message: string) =>
  text().refine((s): s is T | undefined => s === undefined || values.includes(s as T), {
    message,
  });

const cursor = text().refine((s) => s === undefined || /^[1-9]\d{0,14}$/.test(s), {
  message: "The page cursor must be a positive whole number.",
});

const TYPE_NAMES = new Set<string>(EVENT_TYPES);

/** `type=payment&type=fee_assessment` or `type=payment,fee_assessment`. */
const eventTypes = z
  .preprocess(
    (v) =>
      (v === undefined ? [] : Array.isArray(v) ? v : [v])
        .flatMap((s) => (typeof s === "string" ? s.split(",") : []))
        .map((s) => s.trim())
        .filter((s) => s !== ""),
    z.array(z.string()),
  )
  .superRefine((types, ctx) => {
    const unknown = types.filter((t) => !TYPE_NAMES.has(t));
    if (unknown.length > 0) {
      ctx.addIssue({
        code: "custom",
        message: `Unknown event type ${unknown.map((t) => `"${t.slice(0, 40)}"`).join(", ")}; the types are ${EVENT_TYPES.join(", ")}.`,
      });
    }
  })
  .transform((types) => EVENT_TYPES.filter((t) => types.includes(t)));

const auditQuerySchema = z
  .object({
    dates: choice(
      ["effective", "recorded"],
      "The date range applies to effective or recorded dates.",
    ),
    from: date("The start date"),
    to: date("The end date"),
    type: eventTypes,
    loan: text()
      .transform((s) => s?.toUpperCase())
      .refine((s) => s === undefined || /^LN-\d{6,}$/.test(s), {
        message: "Loan numbers look like LN-000123.",
      }),
    by: text().refine((s) => s === undefined || s.length <= 200, {
      message: "Recorded by is at most 200 characters.",
    }),
    order: choice(["newest", "oldest"], "The order is newest or oldest."),
    after: cursor,
    before: cursor,
    size: text().refine((s) => s === undefined || AUDIT_PAGE_SIZES.some((n) => String(n) === s), {
      message: `The page size is one of ${AUDIT_PAGE_SIZES.join(", ")}.`,
    }),
  })
  .refine((q) => !(q.from && q.to && isIsoDate(q.from) && isIsoDate(q.to) && q.from > q.to), {
    message: "The start date is after the end date.",
  })
  .refine((q) => !(q.after && q.before), {
    message: "A page has either a next or a previous cursor, not both.",
  });

export type AuditQueryResult = { ok: true; query: AuditQuery } | { ok: false; errors: string[] };

/** The audit query from Next's searchParams or a request's URLSearchParams. */
export function parseAuditQuery(params: SearchParams | URLSearchParams): AuditQueryResult {
  const raw = searchParamsRecord(params);
  const parsed = auditQuerySchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, errors: [...new Set(parsed.error.issues.map((i) => i.message))] };
  }
  const q = parsed.data;
  return {
    ok: true,
    query: {
      filter: {
        dateField: q.dates === "recorded" ? "recorded" : "effective",
        eventTypes: q.type,
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
        ...(q.loan ? { loanNumber: q.loan } : {}),
        ...(q.by ? { recordedBy: q.by } : {}),
      },
      order: q.order === "oldest" ? "oldest" : "newest",
      ...(q.after ? { after: Number(q.after) } : {}),
      ...(q.before ? { before: Number(q.before) } : {}),
      pageSize: q.size ? Number(q.size) : DEFAULT_PAGE_SIZE,
    },
  };
}
