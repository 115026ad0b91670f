/**
 * Sign-in limits under parallel load, on a real database (PGlite, or the
 * server with TEST_DATABASE_URL): attempts are counted before the password is
 * checked, per email address and per client address, for Better Auth's API
 * (what the sign-in page's server action calls) and its HTTP endpoint alike;
 * stale records are pruned.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_LIMIT_MESSAGE, createAuth, LOCKED_MESSAGE } from "../../app/_lib/auth/auth";
import { staffSessions, staffSignInClients, staffSignInFailures } from "../../db/auth-schema";
import {
  beginSignInAttempt,
  CLIENT_MAX,
  CLIENT_WINDOW_MS,
  LOCK_MS,
  MAX_FAILURES,
  pruneSignInRecords,
  signInLock,
  UNKNOWN_CLIENT,
} from "../../db/staff/sign-in-limit";
import { createStaff } from "../../db/staff/staff";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const PASSWORD = "correct horse battery staple";
const BASE_URL = "http://localhost:3000";

let t: TestDatabase;
let auth: ReturnType<typeof createAuth>;
beforeAll(async () => {
  t = await createTestDatabase();
  auth = createAuth(t.db, {
    secret: "test-secret-test-secret-test-secret-0123",
    baseURL: BASE_URL,
    nextCookies: false,
    clientIp: (headers) => headers.get("x-test-client"),
  });
});
afterAll(async () => t?.destroy());

let clients = 0;
const newClient = () => `203.0.113.${++clients}`;

type Outcome = { status: number; message?: string };

/** Through Better Auth's API: what app/sign-in/actions.ts calls. */
async function viaApi(email: string, password: string, client = newClient()): Promise<Outcome> {
  try {
    await auth.api.signInEmail({
      body: { email, password },
      headers: new Headers({ "x-test-client": client }),
    });
    return { status: 200 };
  } catch (error) {
    const e = error as { statusCode?: number; message?: string };
    return { status: e.statusCode ?? 500, message: e.message };
  }
}

/** Through the HTTP endpoint (app/api/auth/[...all]/route.ts hands requests to auth.handler). */
async function viaHttp(email: string, password: string, client = newClient()): Promise<Outcome> {
  const response = await auth.handler(
    new Request(`${BASE_URL}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: BASE_URL, "x-test-client": client },
      body: JSON.stringify({ email, password }),
    }),
  );
  const body = (await response.json().catch(() => ({}))) as { message?: string };
  return { status: response.status, message: body.message };
}

const count = (outcomes: Outcome[], status: number) =>
  outcomes.filter((o) => o.status === status).length;

async function member(email: string) {
  return createStaff(t.db, { name: email, email, password: PASSWORD, role: "agent" });
}

describe("attempts per email address, in parallel", () => {
  it(`60 parallel wrong passwords: exactly ${MAX_FAILURES} are checked, the rest refused unchecked`, async () => {
    await member("burst@example.test");
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, (_, i) => viaApi("burst@example.test", `guess ${i}`)),
    );
    expect(count(outcomes, 401)).toBe(MAX_FAILURES);
    expect(count(outcomes, 429)).toBe(60 - MAX_FAILURES);
    expect(outcomes.find((o) => o.status === 429)?.message).toBe(LOCKED_MESSAGE);
    expect((await signInLock(t.db, "burst@example.test")).locked).toBe(true);
  });

  it("the right password as the 20th of 40 parallel attempts is refused and resets nothing", async () => {
    const { id } = await member("twentieth@example.test");
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        viaApi("twentieth@example.test", i === 19 ? PASSWORD : `guess ${i}`),
      ),
    );
    expect(count(outcomes, 401) + count(outcomes, 200)).toBeLessThanOrEqual(MAX_FAILURES);
    expect(outcomes[19]?.status).toBe(429);
    expect(await t.db.select().from(staffSessions).where(eq(staffSessions.userId, id))).toEqual([]);
    // Still locked, for the right password too.
    expect((await viaApi("twentieth@example.test", PASSWORD)).status).toBe(429);
  });

  it("the HTTP endpoint counts the same way", async () => {
    await member("http-burst@example.test");
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) => viaHttp("http-burst@example.test", `guess ${i}`)),
    );
    expect(count(outcomes, 401)).toBe(MAX_FAILURES);
    expect(count(outcomes, 429)).toBe(30 - MAX_FAILURES);
  });

  it("a success within the limit clears the count", async () => {
    await member("typo@example.test");
    for (let i = 0; i < MAX_FAILURES - 1; i++) await viaApi("typo@example.test", "typo");
    expect((await viaApi("typo@example.test", PASSWORD)).status).toBe(200);
    expect(
      await t.db
        .select()
        .from(staffSignInFailures)
        .where(eq(staffSignInFailures.email, "typo@example.test")),
    ).toEqual([]);
  });
});

describe("attempts per client address", () => {
  it(`the API (the server action's path) allows ${CLIENT_MAX} attempts per client per window, whatever the addresses`, async () => {
    const client = "192.0.2.50";
    const outcomes = await Promise.all(
      Array.from({ length: CLIENT_MAX }, (_, i) => viaApi(`spray-${i}@example.test`, "x", client)),
    );
    expect(count(outcomes, 401)).toBe(CLIENT_MAX);
    expect(await viaApi("spray-last@example.test", "guess", client)).toEqual({
      status: 429,
      message: CLIENT_LIMIT_MESSAGE,
    });
    // Another client is not affected.
    expect((await viaApi("spray-0@example.test", "guess", "192.0.2.51")).status).toBe(401);
  });

  it("the API and the HTTP endpoint share one count (in parallel too)", async () => {
    const client = "192.0.2.60";
    const outcomes = await Promise.all(
      Array.from({ length: CLIENT_MAX + 10 }, (_, i) =>
        i % 2 === 0
          ? viaApi(`shared-${i}@example.test`, "guess", client)
          : viaHttp(`shared-${i}@example.test`, "guess", client),
      ),
    );
    expect(count(outcomes, 401)).toBe(CLIENT_MAX);
    expect(count(outcomes, 429)).toBe(10);
  });

  it("an email too long to be an address is not stored as a key (refused, never 500)", async () => {
    const before = await t.db.$count(staffSignInFailures);
    const reply = await viaHttp(`${"a".repeat(100_000)}@example.test`, "guess");
    expect([400, 401]).toContain(reply.status);
    expect(await t.db.$count(staffSignInFailures)).toBe(before);
  });

  it("requests whose address cannot be told share one bucket", async () => {
    const before = Date.now();
    const results = await Promise.all(
      Array.from({ length: 3 }, () =>
        beginSignInAttempt(t.db, { email: null, client: null }, new Date(before)),
      ),
    );
    expect(results.every((r) => r.allowed)).toBe(true);
    const [row] = await t.db
      .select()
      .from(staffSignInClients)
      .where(eq(staffSignInClients.client, UNKNOWN_CLIENT));
    expect(row?.attempts).toBe(3);
  });
});

describe("pruning", () => {
  it("old records go as new attempts arrive; the table holds only the current window", async () => {
    const fresh = await createTestDatabase();
    try {
      const t0 = new Date("2026-01-01T00:00:00Z");
      for (let i = 0; i < 40; i++) {
        await beginSignInAttempt(
          fresh.db,
          { email: `a${i}@example.test`, client: `10.0.0.${i}` },
          t0,
        );
      }
      expect(await fresh.db.$count(staffSignInFailures)).toBe(40);
      expect(await fresh.db.$count(staffSignInClients)).toBe(40);

      // Within the window nothing goes.
      const soon = new Date(t0.getTime() + CLIENT_WINDOW_MS / 2);
      expect(await pruneSignInRecords(fresh.db, soon)).toEqual({ emails: 0, clients: 0 });

      // After the windows have passed, one attempt clears them (in batches).
      const later = new Date(t0.getTime() + LOCK_MS + 1000);
      await beginSignInAttempt(fresh.db, { email: "new@example.test", client: "10.9.9.9" }, later);
      expect(
        (await fresh.db.select({ email: staffSignInFailures.email }).from(staffSignInFailures)).map(
          (r) => r.email,
        ),
      ).toEqual(["new@example.test"]);
      expect(
        (await fresh.db.select({ c: staffSignInClients.client }).from(staffSignInClients)).map(
          (r) => r.c,
        ),
      ).toEqual(["10.9.9.9"]);
    } finally {
      await fresh.destroy();
    }
  });

  it("a locked address is kept until its lock has run out, then pruned", async () => {
    const fresh = await createTestDatabase();
    try {
      const t0 = new Date("2026-02-01T00:00:00Z");
      for (let i = 0; i <= MAX_FAILURES; i++) {
        await beginSignInAttempt(fresh.db, { email: "lock@example.test", client: "10.0.0.1" }, t0);
      }
      const refused = await beginSignInAttempt(
        fresh.db,
        { email: "lock@example.test", client: "10.0.0.2" },
        new Date(t0.getTime() + LOCK_MS - 1000),
      );
      expect(refused).toMatchObject({ allowed: false, reason: "email" });
      // A refused attempt does not extend the lock: it ends LOCK_MS after the last checked one.
      expect((refused as { until: Date }).until.toISOString()).toBe(
        new Date(t0.getTime() + LOCK_MS).toISOString(),
      );
      await pruneSignInRecords(fresh.db, new Date(t0.getTime() + LOCK_MS - 1));
      expect(await fresh.db.$count(staffSignInFailures)).toBe(1);
      await pruneSignInRecords(fresh.db, new Date(t0.getTime() + LOCK_MS + 1));
      expect(await fresh.db.$count(staffSignInFailures)).toBe(0);
      // And the address may try again.
      expect(
        await beginSignInAttempt(
          fresh.db,
          { email: "lock@example.test", client: "10.0.0.3" },
          new Date(t0.getTime() + LOCK_MS + 2),
        ),
      ).toEqual({ allowed: true });
    } finally {
      await fresh.destroy();
    }
  });
});
