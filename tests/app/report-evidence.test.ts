/** GET /loans/:loanNumber/evidence.json: 404, 400 and the bundle's shape, against a real database. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evidenceResponse } from "../../app/reports/_server/evidence-export";
import { postPayment } from "../../db/services/servicing";
import { fixedClock, givenLoan, TEST_ACTOR } from "../helpers/fixtures";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
let loan: string;
beforeAll(async () => {
  t = await createTestDatabase();
  loan = await givenLoan(t.db);
  await postPayment({
    db: t.db,
    actor: TEST_ACTOR,
    clock: fixedClock("2026-01-20T09:00:00.000Z"),
    loanNumber: loan,
    amount: "1032.80",
    effectiveDate: "2025-02-01",
  });
});
afterAll(async () => t?.destroy());

const evidenceOf = (loanNumber: string, search: string) =>
  evidenceResponse(async () => t.db, loanNumber, new URLSearchParams(search), "2026-01-21");

describe("GET /loans/:loanNumber/evidence.json", () => {
  it("answers 404 for an unknown loan", async () => {
    for (const number of ["LN-999999", "not-a-loan"]) {
      const response = await evidenceOf(number, "asOf=2025-03-01");
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: `No loan ${number}.` });
    }
  });

  it.each(["2025-02-30", "03/01/2025", "2025-3-1"])("answers 400 for the date %j", async (asOf) => {
    const response = await evidenceOf(loan, `asOf=${encodeURIComponent(asOf)}`);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain("asOf must be a real date");
  });

  it("downloads the bundle: events with their hashes, the chain verified, the state as of the date", async () => {
    const response = await evidenceOf(loan, "asOf=2025-03-01");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="evidence-${loan}-2025-03-01.json"`,
    );
    const bundle = await response.json();
    expect(bundle).toMatchObject({
      format: "loan-replay/evidence/v1",
      asOf: "2025-03-01",
      engineVersion: expect.stringMatching(/^loan-replay /),
      loan: { loanNumber: loan },
      verification: { loanNumber: loan, status: "verified" },
      state: { status: "active" },
    });
    expect(bundle.events.length).toBe(bundle.verification.events);
    expect(bundle.events.map((e: { sequenceNumber: number }) => e.sequenceNumber)).toEqual(
      bundle.events.map((_: unknown, i: number) => i + 1),
    );
    for (const [i, event] of bundle.events.entries()) {
      expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(event.prevHash).toBe(i === 0 ? null : bundle.events[i - 1].hash);
    }
    expect(bundle.events.some((e: { eventType: string }) => e.eventType === "payment")).toBe(true);
  });

  it("defaults the date to today", async () => {
    const response = await evidenceOf(loan, "");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain(`${loan}-2026-01-21.json`);
  });
});
