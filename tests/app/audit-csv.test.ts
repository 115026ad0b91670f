import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUDIT_CSV_COLUMNS, auditCsvChunks } from "../../app/audit/_server/audit-csv";
import { auditExportResponse } from "../../app/audit/_server/audit-export";
import { assessFee, postPayment, waiveFee } from "../../db/services/servicing";
import { fixedClock, givenLoan, TEST_ACTOR } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const EVIL_ACTOR = '=HYPERLINK("http://evil.example","click")';

let t: TestDatabase;
let a: string;
let b: string;
beforeAll(async () => {
  t = await createTestDatabase();
  const ctx = { db: t.db, actor: TEST_ACTOR, clock: fixedClock("2026-02-01T00:00:00.000Z") };
  a = await givenLoan(t.db);
  b = await givenLoan(t.db);
  await postPayment({
    ...ctx,
    loanNumber: a,
    amount: "500.00",
    effectiveDate: "2025-01-11",
    reference: '@SUM(A1), "quoted"',
  });
  await assessFee({
    ...ctx,
    loanNumber: b,
    amount: "25.00",
    feeType: "late",
    effectiveDate: "2025-01-02",
  });
  await waiveFee({
    ...ctx,
    actor: EVIL_ACTOR,
    loanNumber: b,
    amount: "25.00",
    effectiveDate: "2025-01-03",
    reason: "=1+1",
  });
});
afterAll(async () => t?.destroy());

async function collect(iterable: AsyncIterable<string>): Promise<string> {
  let text = "";
  for await (const chunk of iterable) text += chunk;
  return text;
}

/** Minimal RFC 4180 reader for the assertions (quoted cells, doubled quotes, CRLF rows). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  return rows;
}

const exportOf = (search: string) =>
  auditExportResponse(async () => t.db, new URLSearchParams(search), "2026-02-02");

describe("audit CSV export", () => {
  it("writes a header and one CRLF row per matching event, oldest first", async () => {
    const rows = parseCsv(await collect(auditCsvChunks(t.db, {})));
    expect(rows[0]).toEqual([...AUDIT_CSV_COLUMNS]);
    // 2 x (origination, disbursement) + 10 accruals + payment + fee + waiver
    expect(rows).toHaveLength(1 + 17);
    const seq = rows
      .slice(1)
      .filter((r) => r[0] === a)
      .map((r) => Number(r[1]));
    expect(seq).toEqual([...seq].sort((x, y) => x - y));
    expect(rows.every((r) => r.length === AUDIT_CSV_COLUMNS.length)).toBe(true);
  });

  it("streams in batches instead of one string", async () => {
    const chunks: string[] = [];
    for await (const chunk of auditCsvChunks(t.db, {}, 4)) chunks.push(chunk);
    expect(chunks).toHaveLength(1 + 5); // header, then 17 rows in batches of 4
  });

  it("exports exact figures, the full payload and the full hash", async () => {
    const rows = parseCsv(await collect(auditCsvChunks(t.db, { eventTypes: ["payment"] })));
    expect(rows).toHaveLength(2);
    const cell = (name: (typeof AUDIT_CSV_COLUMNS)[number]) =>
      rows[1]![AUDIT_CSV_COLUMNS.indexOf(name)];
    expect(cell("loan_number")).toBe(a);
    expect(cell("event_type")).toBe("payment");
    expect(cell("effective_date")).toBe("2025-01-11");
    expect(cell("recorded_at")).toBe("2026-02-01T00:00:00.000Z");
    expect(cell("amount")).toBe("500.00");
    expect(JSON.parse(cell("event_data")!)).toMatchObject({
      amount: "500.00",
      allocation: { fees: "0.00", interest: "19.72", principal: "480.28" },
      reference: '@SUM(A1), "quoted"',
    });
    expect(cell("summary")).toContain('ref @SUM(A1), "quoted"');
    expect(cell("hash")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("neutralises cells a spreadsheet would run as formulas", async () => {
    const text = await collect(auditCsvChunks(t.db, { eventTypes: ["fee_waiver"] }));
    const rows = parseCsv(text);
    const by = rows[1]![AUDIT_CSV_COLUMNS.indexOf("recorded_by")];
    expect(by).toBe(`'${EVIL_ACTOR}`);
    // No cell of the raw file starts with a formula character.
    for (const row of rows) {
      for (const value of row) expect(value).not.toMatch(/^[=+@\t\r]/);
    }
    expect(text).not.toMatch(/(^|,)"?=/m);
    // The waiver's reason is kept inside its payload and summary, never at a cell's start.
    expect(JSON.parse(rows[1]![AUDIT_CSV_COLUMNS.indexOf("event_data")]!)).toMatchObject({
      reason: "=1+1",
      waivedBy: EVIL_ACTOR,
    });
  });

  it("answers the route's request: a CSV attachment filtered like the page", async () => {
    const response = await exportOf(
      `loan=${b.toLowerCase()}&type=fee_assessment&type=fee_waiver&after=5`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="audit-log-${b}-2026-02-02.csv"`,
    );
    // In the screen's order: newest first by default, as the page lists them.
    const rows = parseCsv(await response.text());
    expect(rows.slice(1).map((r) => [r[0], r[2]])).toEqual([
      [b, "fee_waiver"],
      [b, "fee_assessment"],
    ]);
    const oldest = parseCsv(
      await (
        await exportOf(`loan=${b.toLowerCase()}&type=fee_assessment&type=fee_waiver&order=oldest`)
      ).text(),
    );
    expect(oldest.slice(1).map((r) => [r[0], r[2]])).toEqual([
      [b, "fee_assessment"],
      [b, "fee_waiver"],
    ]);
  });

  it("names the whole-book file by date", async () => {
    const response = await exportOf("");
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="audit-log-2026-02-02.csv"',
    );
    expect(parseCsv(await response.text())).toHaveLength(18);
  });

  it("refuses bad parameters with 400 and the reason, without touching the database", async () => {
    const response = await auditExportResponse(
      () => Promise.reject(new Error("must not be called")),
      new URLSearchParams("from=2025-13-01&type=payments"),
      "2026-02-02",
    );
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const body = await response.text();
    expect(body).toContain("The start date must be a real date as YYYY-MM-DD.");
    expect(body).toContain('Unknown event type "payments"');
  });

  it("a cancelled download stops reading", async () => {
    const response = await exportOf("");
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe(`${AUDIT_CSV_COLUMNS.join(",")}\r\n`);
    await reader.cancel();
  });
});
