/**
 * The loan page's server actions answer each role with only the fields the
 * permission table gives it (issue 14, least privilege in what is sent): an
 * agent's timeline page and event detail carry no recorder, a servicer's,
 * reviewer's, auditor's and administrator's do. Called as the browser calls
 * them (the real actions, the real permission check).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eventDetailAction, timelinePageAction } from "../../app/loans/[loanNumber]/actions";
import type { DatabaseHandle } from "../../db/client";
import { postPayment } from "../../db/services/servicing";
import { mayReceive, ROLES } from "../../lib/auth/permissions";
import { fixedClock, givenLoan } from "../helpers/fixtures";
import { actAs, restoreSessionLookup } from "../helpers/staff";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

const RECORDER = "staff:recorder@loan-replay.test";
let t: TestDatabase;
let loanNumber: string;
let paymentSequence: number;
const globalForDb = globalThis as unknown as { loanReplayDb?: Promise<DatabaseHandle> };

beforeAll(async () => {
  t = await createTestDatabase();
  // The actions read the process-wide database: make it this test's one.
  globalForDb.loanReplayDb = Promise.resolve(t);
  loanNumber = await givenLoan(t.db, { actor: RECORDER });
  const paid = await postPayment({
    db: t.db,
    actor: RECORDER,
    clock: fixedClock("2025-02-05T10:00:00.000Z"),
    loanNumber,
    amount: "1032.80",
    effectiveDate: "2025-02-01",
  });
  paymentSequence = paid.lastSequence;
});
afterAll(async () => {
  restoreSessionLookup();
  globalForDb.loanReplayDb = undefined;
  await t?.destroy();
});

describe.each(ROLES)("as %s", (role) => {
  const sees = mayReceive(role, "recordedBy");

  it(`the timeline page ${sees ? "names" : "does not name"} who recorded each event`, async () => {
    actAs(role);
    const result = await timelinePageAction({ loanNumber, groupAccruals: false });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const events = result.data.entries.flatMap((e) => (e.kind === "event" ? [e.event] : []));
    expect(events.length).toBeGreaterThanOrEqual(3);
    for (const e of events) expect(e.recordedBy).toBe(sees ? RECORDER : null);
    // Every role still sees when each was recorded.
    for (const e of events) expect(e.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(JSON.stringify(result).includes(RECORDER)).toBe(sees);
  });

  it(`the event detail ${sees ? "names" : "does not name"} who recorded it`, async () => {
    actAs(role);
    const result = await eventDetailAction({
      loanNumber,
      sequenceNumber: paymentSequence,
      asOf: "2025-02-01",
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.event.eventType).toBe("payment");
    expect(result.data.event.recordedBy).toBe(sees ? RECORDER : null);
    expect(JSON.stringify(result).includes(RECORDER)).toBe(sees);
  });
});
