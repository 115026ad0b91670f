/**
 * Every server action in app/**\/actions.ts, found on disk and imported, must
 * have been built by validatedAction (which registers its permission) or be one
 * of the sign-in page's public actions. Each protected action is then called
 * signed out and by every role the permission table does not grant it to, with
 * input that would otherwise be valid: each must answer "not allowed" and
 * leave every table as it was. A new action without a check fails here.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { actionAccess } from "../../app/_lib/validated-action";
import type { DatabaseHandle } from "../../db/client";
import { createStaff } from "../../db/staff/staff";
import { can, ROLES } from "../../lib/auth/permissions";
import { form } from "../app/helpers";
import { givenLoan } from "../helpers/fixtures";
import { actAs, restoreSessionLookup, signedOut } from "../helpers/staff";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

const ROOT = path.resolve(import.meta.dirname, "../..");
const PUBLIC_MODULES = new Set(["app/sign-in/actions.ts"]);

function actionFiles(dir = path.join(ROOT, "app")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return actionFiles(full);
    return entry.name === "actions.ts" ? [path.relative(ROOT, full)] : [];
  });
}

interface FoundAction {
  file: string;
  name: string;
  fn: (...args: unknown[]) => Promise<unknown>;
}

let t: TestDatabase;
const found: FoundAction[] = [];
let loanNumber: string;
let otherStaffId: string;
const globalForDb = globalThis as unknown as { loanReplayDb?: Promise<DatabaseHandle> };

beforeAll(async () => {
  t = await createTestDatabase();
  // The actions read the process-wide database: make it this test's one.
  globalForDb.loanReplayDb = Promise.resolve(t);
  loanNumber = await givenLoan(t.db);
  otherStaffId = (
    await createStaff(t.db, {
      name: "Other",
      email: "other@example.test",
      password: "another long password",
      role: "agent",
    })
  ).id;
  for (const file of actionFiles()) {
    const mod = (await import(pathToFileURL(path.join(ROOT, file)).href)) as Record<
      string,
      unknown
    >;
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value === "function") {
        found.push({ file, name, fn: value as FoundAction["fn"] });
      }
    }
  }
});
afterAll(async () => {
  restoreSessionLookup();
  globalForDb.loanReplayDb = undefined;
  await t?.destroy();
});

/** Input that every write action would accept if the caller were allowed. */
function plausibleInput(): FormData {
  return form({
    loanNumber,
    expectedSequence: 2,
    amount: "100.00",
    effectiveDate: "2025-02-01",
    asOf: "2025-02-01",
    sequenceNumber: 1,
    feeType: "late",
    reason: "test",
    paymentSequence: 1,
    ratePercent: "5",
    forbearanceType: "full",
    reducedPayment: "0",
    action: "resume",
    periods: 1,
    interestTreatment: "capitalize",
    confirm: "on",
    name: "Intruder",
    email: "intruder@example.test",
    password: "a long enough password",
    role: "admin",
    id: otherStaffId,
    disabled: "true",
    knownAt: "2025-03-01T00:00:00Z",
  });
}

/** Every row of every table that matters, as text: "writes nothing" is equality of this. */
async function everything(): Promise<string> {
  const tables = [
    "loans",
    "borrowers",
    "loan_events",
    "loan_snapshots",
    "saved_reports",
    "row_history",
    "staff",
    "staff_accounts",
    "staff_sessions",
  ];
  const out: unknown[] = [];
  for (const table of tables) {
    const rows = await t.db.execute(
      sql.raw(`select coalesce(json_agg(t order by 1), '[]'::json)::text as j from "${table}" t`),
    );
    out.push(table, (rows as unknown as { rows?: unknown[] }).rows ?? rows);
  }
  return JSON.stringify(out);
}

describe("every exported server action", () => {
  it("is found (the enumeration works)", () => {
    const names = found.map((a) => a.name);
    expect(names).toContain("recordPaymentAction");
    expect(names).toContain("verifyChainsAction");
    expect(names).toContain("createStaffAction");
    expect(names).toContain("signInAction");
  });

  it("declares who may call it", () => {
    for (const action of found) {
      const access = actionAccess(action.fn);
      expect(
        access,
        `${action.file}: ${action.name} is not built by validatedAction`,
      ).toBeDefined();
      if (access && "public" in access) {
        expect(PUBLIC_MODULES.has(action.file), `${action.file}: ${action.name} is public`).toBe(
          true,
        );
      }
    }
  });

  it("refuses a caller who is not signed in, and writes nothing", async () => {
    signedOut();
    for (const action of found) {
      const access = actionAccess(action.fn);
      if (!access || "public" in access) continue;
      const before = await everything();
      const result = await action.fn(plausibleInput());
      expect(result, `${action.name} signed out`).toMatchObject({
        ok: false,
        forbidden: true,
        error: expect.stringContaining("sign in"),
      });
      expect(await everything(), `${action.name} wrote while refused`).toBe(before);
    }
  });

  it("refuses every role the permission table does not grant, and writes nothing", async () => {
    let refusals = 0;
    for (const role of ROLES) {
      actAs(role);
      for (const action of found) {
        const access = actionAccess(action.fn);
        if (!access || "public" in access || can(role, access.permission)) continue;
        const before = await everything();
        const result = await action.fn(plausibleInput());
        expect(result, `${action.name} as ${role}`).toMatchObject({
          ok: false,
          forbidden: true,
          error: expect.stringContaining("not allowed"),
        });
        expect(await everything(), `${action.name} as ${role} wrote`).toBe(before);
        refusals++;
      }
    }
    // agent, reviewer, servicer and auditor are each refused something.
    expect(refusals).toBeGreaterThan(10);
  });
});

describe("the permitted path", () => {
  it("a servicer's payment is recorded as them; an agent's is refused", async () => {
    const { recordPaymentAction } = await import("../../app/loans/[loanNumber]/actions");
    actAs("agent");
    const refused = await recordPaymentAction(
      form({ loanNumber, expectedSequence: 2, amount: "50.00", effectiveDate: "2025-02-01" }),
    );
    expect(refused).toMatchObject({
      ok: false,
      forbidden: true,
      error: "You are not allowed to record servicing events. Ask an administrator if you need it.",
    });

    const servicer = actAs("servicer");
    const recorded = await recordPaymentAction(
      form({ loanNumber, expectedSequence: 2, amount: "50.00", effectiveDate: "2025-02-01" }),
    );
    expect(recorded.ok).toBe(true);
    const rows = await t.db.execute(
      sql`select recorded_by from loan_events where event_type = 'payment' order by id desc limit 1`,
    );
    const list = (rows as unknown as { rows?: { recorded_by: string }[] }).rows ?? rows;
    expect((list as { recorded_by: string }[])[0]?.recorded_by).toBe(servicer?.actor);
  });

  it("'as known at' needs review_disputes even though balances need only view_loans", async () => {
    const { replayAsOfAction } = await import("../../app/loans/[loanNumber]/actions");
    actAs("agent");
    expect(await replayAsOfAction({ loanNumber, asOf: "2025-02-01" })).toMatchObject({ ok: true });
    expect(
      await replayAsOfAction({ loanNumber, asOf: "2025-02-01", knownAt: "2025-03-01T00:00:00Z" }),
    ).toMatchObject({ ok: false, forbidden: true });
    actAs("reviewer");
    expect(
      await replayAsOfAction({ loanNumber, asOf: "2025-02-01", knownAt: "2025-03-01T00:00:00Z" }),
    ).toMatchObject({ ok: true });
  });

  it("an administrator adds, demotes and disables staff but not themselves", async () => {
    const { createStaffAction, setStaffRoleAction, setStaffDisabledAction } = await import(
      "../../app/admin/staff/actions"
    );
    const admin = actAs("admin");
    const created = await createStaffAction(
      form({
        name: "New Person",
        email: "New@Example.test",
        password: "long enough pass",
        role: "reviewer",
      }),
    );
    expect(created).toMatchObject({ ok: true });
    expect(await setStaffRoleAction(form({ id: otherStaffId, role: "auditor" }))).toMatchObject({
      ok: true,
    });
    expect(
      await setStaffDisabledAction(form({ id: otherStaffId, disabled: "true" })),
    ).toMatchObject({ ok: true });
    expect(
      await setStaffDisabledAction(form({ id: admin?.id ?? "", disabled: "true" })),
    ).toMatchObject({ ok: false, error: expect.stringContaining("your own account") });
  });
});
