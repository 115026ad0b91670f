/**
 * Staff sign-in through Better Auth on a real database: hashed passwords, a
 * session cookie that works until the account is disabled, no self sign-up,
 * and the per-address limit on failed attempts.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth } from "../../app/_lib/auth/auth";
import { toCurrentStaff } from "../../app/_lib/auth/current-staff";
import { staff, staffAccounts, staffSessions } from "../../db/auth-schema";
import { MAX_FAILURES } from "../../db/staff/sign-in-limit";
import { createStaff, setStaffDisabled, setStaffRole } from "../../db/staff/staff";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const PASSWORD = "correct horse battery staple";
const SECRET = "test-secret-test-secret-test-secret-0123";

let t: TestDatabase;
let auth: ReturnType<typeof createAuth>;
beforeAll(async () => {
  t = await createTestDatabase();
  auth = createAuth(t.db, {
    secret: SECRET,
    baseURL: "http://localhost:3000",
    nextCookies: false,
    // Each call comes from its own address unless it says otherwise, so the
    // per-client limit (tests/auth/sign-in-limits.test.ts) stays out of the way.
    clientIp: (headers) => headers.get("x-test-client"),
  });
});

let nextClient = 0;
const freshClient = () => `198.51.100.${++nextClient % 250}`;
afterAll(async () => t?.destroy());

async function signIn(email: string, password = PASSWORD) {
  const { headers } = await auth.api.signInEmail({
    body: { email, password },
    headers: new Headers({ "x-test-client": freshClient() }),
    returnHeaders: true,
  });
  const setCookie = headers.get("set-cookie") ?? "";
  const cookie = setCookie.split(";")[0] ?? "";
  return { setCookie, cookie };
}

async function whoIs(cookie: string) {
  const session = await auth.api.getSession({ headers: new Headers({ cookie }) });
  return toCurrentStaff(session?.user ?? null);
}

async function failedSignIn(email: string, password: string) {
  try {
    await signIn(email, password);
    return null;
  } catch (error) {
    return error as { statusCode?: number; message?: string };
  }
}

describe("staff accounts", () => {
  it("stores the password only as a scrypt hash", async () => {
    const member = await createStaff(t.db, {
      name: "Hash Check",
      email: "Hash.Check@Example.test",
      password: PASSWORD,
      role: "agent",
    });
    expect(member.email).toBe("hash.check@example.test");
    const [account] = await t.db
      .select()
      .from(staffAccounts)
      .where(eq(staffAccounts.userId, member.id));
    expect(account?.providerId).toBe("credential");
    expect(account?.password).toBeTruthy();
    expect(account?.password).not.toContain(PASSWORD);
    // Better Auth's scrypt format: hex salt ':' hex derived key.
    expect(account?.password).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/);
    const [row] = await t.db.select().from(staff).where(eq(staff.id, member.id));
    expect(JSON.stringify(row)).not.toContain(PASSWORD);
  });

  it("refuses a short password and a duplicate email", async () => {
    await expect(
      createStaff(t.db, {
        name: "Short",
        email: "short@example.test",
        password: "short",
        role: "agent",
      }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    await createStaff(t.db, {
      name: "Dup",
      email: "dup@example.test",
      password: PASSWORD,
      role: "agent",
    });
    await expect(
      createStaff(t.db, {
        name: "Dup",
        email: "DUP@example.test",
        password: PASSWORD,
        role: "agent",
      }),
    ).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("signing in", () => {
  it("sets an http-only session cookie that identifies the staff member and role", async () => {
    await createStaff(t.db, {
      name: "Sam Servicer",
      email: "sam@example.test",
      password: PASSWORD,
      role: "servicer",
    });
    const { setCookie, cookie } = await signIn("sam@example.test");
    expect(setCookie).toMatch(/^loan-replay\.session_token=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(await whoIs(cookie)).toMatchObject({
      name: "Sam Servicer",
      email: "sam@example.test",
      role: "servicer",
      actor: "staff:sam@example.test",
    });
  });

  it("a wrong password is refused without a session", async () => {
    await createStaff(t.db, {
      name: "W",
      email: "wrong@example.test",
      password: PASSWORD,
      role: "agent",
    });
    const error = await failedSignIn("wrong@example.test", "not the password");
    expect(error?.statusCode).toBe(401);
    expect(await whoIs("loan-replay.session_token=forged.value")).toBeNull();
  });

  it("there is no self sign-up", async () => {
    await expect(
      auth.api.signUpEmail({
        body: { email: "new@example.test", password: PASSWORD, name: "New" },
      }),
    ).rejects.toBeTruthy();
    expect(await t.db.select().from(staff).where(eq(staff.email, "new@example.test"))).toHaveLength(
      0,
    );
  });

  it("a role change applies to the live session at once", async () => {
    const member = await createStaff(t.db, {
      name: "R",
      email: "role@example.test",
      password: PASSWORD,
      role: "agent",
    });
    const { cookie } = await signIn("role@example.test");
    expect((await whoIs(cookie))?.role).toBe("agent");
    await setStaffRole(t.db, member.id, "auditor");
    expect((await whoIs(cookie))?.role).toBe("auditor");
  });

  it("sign-out ends the session", async () => {
    await createStaff(t.db, {
      name: "O",
      email: "out@example.test",
      password: PASSWORD,
      role: "agent",
    });
    const { cookie } = await signIn("out@example.test");
    expect(await whoIs(cookie)).not.toBeNull();
    await auth.api.signOut({ headers: new Headers({ cookie }) });
    expect(await whoIs(cookie)).toBeNull();
  });
});

describe("disabling an account", () => {
  it("stops its live sessions at once and refuses new sign-ins", async () => {
    const member = await createStaff(t.db, {
      name: "D",
      email: "disabled@example.test",
      password: PASSWORD,
      role: "servicer",
    });
    const { cookie } = await signIn("disabled@example.test");
    expect(await whoIs(cookie)).not.toBeNull();

    await setStaffDisabled(t.db, member.id, true);
    expect(await whoIs(cookie)).toBeNull();
    expect(
      await t.db.select().from(staffSessions).where(eq(staffSessions.userId, member.id)),
    ).toHaveLength(0);
    // Refused exactly as a wrong password is: the answer does not confirm the password.
    const refused = await failedSignIn("disabled@example.test", PASSWORD);
    const wrong = await failedSignIn("disabled@example.test", "not the password");
    expect(refused?.statusCode).toBe(401);
    expect(refused?.message).toBe(wrong?.message);
    expect(refused?.message).not.toMatch(/disabled/i);

    await setStaffDisabled(t.db, member.id, false);
    expect(await whoIs((await signIn("disabled@example.test")).cookie)).not.toBeNull();
  });

  it("a session whose account was flagged disabled behind the app's back is still nobody", async () => {
    const member = await createStaff(t.db, {
      name: "F",
      email: "flag@example.test",
      password: PASSWORD,
      role: "admin",
    });
    const { cookie } = await signIn("flag@example.test");
    await t.db.update(staff).set({ disabled: true }).where(eq(staff.id, member.id));
    expect(await whoIs(cookie)).toBeNull();
  });

  it("the last active administrator cannot be disabled or demoted", async () => {
    const fresh = await createTestDatabase();
    try {
      const only = await createStaff(fresh.db, {
        name: "A",
        email: "a@example.test",
        password: PASSWORD,
        role: "admin",
      });
      await expect(setStaffDisabled(fresh.db, only.id, true)).rejects.toMatchObject({
        code: "rule_violation",
      });
      await expect(setStaffRole(fresh.db, only.id, "agent")).rejects.toMatchObject({
        code: "rule_violation",
      });
    } finally {
      await fresh.destroy();
    }
  });
});

describe("failed sign-in limit", () => {
  it(`locks an address after ${MAX_FAILURES} failures, even for the right password; unknown addresses too`, async () => {
    await createStaff(t.db, {
      name: "L",
      email: "locked@example.test",
      password: PASSWORD,
      role: "agent",
    });
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect((await failedSignIn("locked@example.test", `guess ${i}`))?.statusCode).toBe(401);
    }
    const locked = await failedSignIn("locked@example.test", PASSWORD);
    expect(locked?.statusCode).toBe(429);
    expect(locked?.message).toContain("Too many failed sign-in attempts");

    for (let i = 0; i < MAX_FAILURES; i++) await failedSignIn("nobody@example.test", `guess ${i}`);
    expect((await failedSignIn("nobody@example.test", PASSWORD))?.statusCode).toBe(429);
  });

  it("a success before the limit clears the count", async () => {
    await createStaff(t.db, {
      name: "C",
      email: "clear@example.test",
      password: PASSWORD,
      role: "agent",
    });
    for (let i = 0; i < MAX_FAILURES - 1; i++) await failedSignIn("clear@example.test", "nope");
    await signIn("clear@example.test");
    for (let i = 0; i < MAX_FAILURES - 1; i++) await failedSignIn("clear@example.test", "nope");
    expect(await whoIs((await signIn("clear@example.test")).cookie)).not.toBeNull();
  });
});
