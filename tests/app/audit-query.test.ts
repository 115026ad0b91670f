import { describe, expect, it } from "vitest";
import { auditExportHref, auditSearch, DEFAULT_PAGE_SIZE } from "../../app/audit/_lib/audit-url";
import { parseAuditQuery } from "../../app/audit/_server/query";

const parse = (search: string) => parseAuditQuery(new URLSearchParams(search));

describe("audit query string", () => {
  it("reads the defaults from an empty query", () => {
    expect(parse("")).toEqual({
      ok: true,
      query: {
        filter: { dateField: "effective", eventTypes: [] },
        order: "newest",
        pageSize: DEFAULT_PAGE_SIZE,
      },
    });
  });

  it("reads every filter, repeated or comma-separated types, and a cursor", () => {
    const result = parse(
      "dates=recorded&from=2025-01-01&to=2025-03-31&type=payment&type=reversal,fee_waiver&loan=ln-000042&by=staff:bob&order=oldest&size=100&after=1234",
    );
    expect(result).toEqual({
      ok: true,
      query: {
        filter: {
          dateField: "recorded",
          from: "2025-01-01",
          to: "2025-03-31",
          eventTypes: ["payment", "fee_waiver", "reversal"],
          loanNumber: "LN-000042",
          recordedBy: "staff:bob",
        },
        order: "oldest",
        after: 1234,
        pageSize: 100,
      },
    });
  });

  it("the same parameters from Next's searchParams object", () => {
    const result = parseAuditQuery({ type: ["payment", "charge_off"], from: "2025-01-01" });
    expect(result.ok && result.query.filter).toMatchObject({
      eventTypes: ["payment", "charge_off"],
      from: "2025-01-01",
    });
  });

  it.each([
    ["from=2025-02-30", "The start date must be a real date as YYYY-MM-DD."],
    ["to=yesterday", "The end date must be a real date as YYYY-MM-DD."],
    ["from=2025-03-01&to=2025-01-01", "The start date is after the end date."],
    ["type=payment&type=refund", 'Unknown event type "refund"'],
    ["loan=42", "Loan numbers look like LN-000123."],
    ["dates=posted", "The date range applies to effective or recorded dates."],
    ["order=random", "The order is newest or oldest."],
    ["size=7", "The page size is one of 25, 50, 100, 200."],
    ["after=-1", "The page cursor must be a positive whole number."],
    ["after=abc", "The page cursor must be a positive whole number."],
    ["after=10&before=20", "A page has either a next or a previous cursor, not both."],
  ])("refuses %s with a readable message", (search, message) => {
    const result = parse(search);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join(" ")).toContain(message);
  });

  it("reports every problem at once", () => {
    const result = parse("from=nope&type=bogus&loan=x");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toHaveLength(3);
  });

  it("writes a query back to the URL and reads the same query again", () => {
    const search =
      "?dates=recorded&from=2025-01-01&type=payment&type=fee_assessment&loan=LN-000001&by=%3Devil&order=oldest&size=25";
    const result = parse(search);
    if (!result.ok) throw new Error(result.errors.join(" "));
    expect(auditSearch(result.query)).toBe(search);
    expect(auditSearch(result.query, { before: 99 })).toBe(`${search}&before=99`);
    expect(
      auditSearch({ ...result.query, filter: { dateField: "effective", eventTypes: [] } }),
    ).toBe("?order=oldest&size=25");
  });

  it("the export link keeps the filter and drops order, size and cursor", () => {
    const result = parse("type=payment&order=oldest&size=25&after=10");
    if (!result.ok) throw new Error(result.errors.join(" "));
    expect(auditExportHref(result.query)).toBe("/audit/export.csv?type=payment");
  });
});
