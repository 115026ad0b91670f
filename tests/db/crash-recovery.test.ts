/**
 * SIGKILL in the middle of a write (issue 14): `cli accrue`, `cli import` and
 * a burst of appends each run in a child process that is killed while it is
 * writing. Afterwards nothing acknowledged is lost, nothing is half-written,
 * every chain verifies, and running the same thing again finishes the work
 * without doing any of it twice.
 *
 * The accrual and import cases need the Postgres server (this process watches
 * the child's transaction while it runs; an embedded PGlite folder admits one
 * process). The burst runs on both (each in its own run of the suite): on
 * PGlite the kill is the database's own crash, and the folder is reopened
 * after it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, count, countDistinct, eq, like, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "../../db/client";
import { resultRows } from "../../db/event-store/rows";
import { loanEvents, loanImports, loans } from "../../db/schema";
import { assessFee } from "../../db/services/servicing";
import { verifyChains } from "../../db/services/verify-chain";
import { runCli } from "../helpers/cli";
import { fixedClock, givenLoan } from "../helpers/fixtures";
import { createTestDatabase, serverUrl, type TestDatabase } from "../helpers/test-database";

const root = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "loan-replay-crash-"));
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const c of children) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

const BUSINESS_DATE = "2026-01-15";

interface Child {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `node --import tsx <script> ...args` against `database` (node with tsx's
 * loader rather than the tsx binary, which is a wrapper around a second node
 * process: SIGKILL on the wrapper would leave the real one running).
 */
function start(script: string, args: string[], database: Record<string, string>, extra = {}) {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: "",
      TEST_DATABASE_URL: "",
      DEMO_SEED: "false",
      LOAN_REPLAY_BUSINESS_DATE: BUSINESS_DATE,
      LOAN_REPLAY_CHECKPOINT_DIR: path.join(dir, "checkpoints"),
      ...database,
      ...extra,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let out = "";
  let err = "";
  child.stdout?.on("data", (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on("data", (c: Buffer) => {
    err += c.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  return { child, stdout: () => out, stderr: () => err, exited } satisfies Child;
}

const cli = (args: string[], database: Record<string, string>) =>
  start("scripts/cli.ts", args, database);

/**
 * A CLI command run to the end in this process (tests/helpers/cli.ts: the
 * same main() the child runs, on this file's open database); its JSON output.
 */
async function cliToEnd(args: string[], db: DatabaseHandle["db"]) {
  const run = await runCli(args, {
    db,
    env: { ...process.env, LOAN_REPLAY_CHECKPOINT_DIR: path.join(dir, "checkpoints") },
  });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T> | T,
  ms = 15_000,
  run?: Child,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) {
      throw new Error(
        `timed out waiting for ${what}${run ? `; the child said: ${run.stderr()}${run.stdout()}` : ""}`,
      );
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function kill(run: Child) {
  run.child.kill("SIGKILL");
  const { signal } = await run.exited;
  expect(signal).toBe("SIGKILL");
}

async function expectChainsVerify(db: DatabaseHandle["db"]) {
  const reports = await verifyChains({ db });
  expect(reports.filter((r) => r.status !== "verified")).toEqual([]);
}

/**
 * Whether another session is writing loan_events right now: it holds the
 * table's ROW EXCLUSIVE lock, taken by its first insert and kept to its
 * commit (the accrual batch's transaction, in the middle of its write).
 */
async function childWritingEvents(t: TestDatabase): Promise<boolean> {
  const result = await t.db.execute(sql`
    select count(*)::int as n from pg_locks
    where relation = 'loan_events'::regclass and mode = 'RowExclusiveLock'
      and granted and pid <> pg_backend_pid()`);
  const rows = resultRows<{ n: number }>(result);
  return (rows[0]?.n ?? 0) > 0;
}

describe.skipIf(!serverUrl())("SIGKILL on the Postgres server", () => {
  let t: TestDatabase;
  let database: Record<string, string>;
  beforeAll(async () => {
    t = await createTestDatabase();
    database = { DATABASE_URL: t.url as string };
  });
  afterAll(() => t?.destroy());

  it("during `cli accrue`: what was acknowledged stays, nothing is half-written, the re-run accrues each day once", async () => {
    const through = "2025-04-30";
    const book: string[] = [];
    for (let i = 0; i < 40; i++) book.push(await givenLoan(t.db));
    const days = async (loanNumber?: string) =>
      (
        await t.db
          .select({
            loan: loans.loanNumber,
            n: count(),
            distinctDays: countDistinct(loanEvents.effectiveDate),
          })
          .from(loanEvents)
          .innerJoin(loans, eq(loans.id, loanEvents.loanId))
          .where(
            and(
              eq(loanEvents.eventType, "interest_accrual"),
              loanNumber ? eq(loans.loanNumber, loanNumber) : undefined,
            ),
          )
          .groupBy(loans.loanNumber)
      ).map((r) => ({ ...r, n: Number(r.n), distinctDays: Number(r.distinctDays) }));

    // Acknowledged: a run for two loans that finished and printed its result.
    const [a, b] = book as [string, string];
    const first = await cliToEnd(["accrue", "--through", through, "--loan", a, "--loan", b], t.db);
    expect(first.loansAccrued).toBe(2);
    const acknowledged = await days();
    expect(acknowledged.map((r) => r.loan).sort()).toEqual([a, b].sort());
    const perLoan = acknowledged[0]?.n as number;
    expect(perLoan).toBeGreaterThan(100);

    // The whole book, killed in the middle of writing its accruals.
    const run = cli(["accrue", "--through", through], database);
    await waitFor("the accrual writing its events", () => childWritingEvents(t), 30_000, run);
    await kill(run);

    const after = await days();
    // The acknowledged loans are as they were; every other loan has all its
    // days or none (a batch commits whole), never a day twice.
    for (const r of acknowledged) expect(after.find((x) => x.loan === r.loan)).toEqual(r);
    for (const r of after) expect(r).toMatchObject({ n: perLoan, distinctDays: perLoan });
    const committed = after.length - acknowledged.length;
    await expectChainsVerify(t.db);

    const rerun = await cliToEnd(["accrue", "--through", through], t.db);
    expect(rerun.loansAccrued).toBe(book.length - 2 - committed);
    const complete = await days();
    expect(complete).toHaveLength(book.length);
    for (const r of complete) expect(r).toMatchObject({ n: perLoan, distinctDays: perLoan });
    const again = await cliToEnd(["accrue", "--through", through], t.db);
    expect(again.eventsAppended).toBe(0);
    await expectChainsVerify(t.db);
    console.log(
      `accrual killed while writing: ${committed} of ${book.length - 2} loans had committed; the re-run accrued ${rerun.loansAccrued}`,
    );
  });

  it("during `cli import`: committed loans stay, the re-run imports the rest and nothing twice", async () => {
    const LOANS = 60;
    const entries = Array.from({ length: LOANS }, (_, i) => ({
      borrower: { name: `Crash Import ${i}` },
      events: [
        {
          eventType: "origination",
          effectiveDate: "2024-01-01",
          eventData: {
            principal: `${500 + i}.00`,
            annualRate: "0.05",
            termMonths: 12,
            dayCount: "30/360",
            firstPaymentDate: "2024-02-01",
          },
        },
        {
          eventType: "disbursement",
          effectiveDate: "2024-01-01",
          eventData: { amount: `${500 + i}.00`, method: "wire" },
        },
        {
          eventType: "fee_assessment",
          effectiveDate: "2024-01-15",
          eventData: { amount: "5.00", feeType: "other" },
        },
      ],
    }));
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "import.json");
    writeFileSync(file, JSON.stringify(entries));
    const imported = async () => Number(await t.db.$count(loanImports));
    const before = await imported();
    const loansBefore = Number(await t.db.$count(loans));

    const run = cli(["import", "--file", file], database);
    const seen = await waitFor(
      "five committed imports",
      async () => {
        const n = (await imported()) - before;
        return n >= 5 ? n : 0;
      },
      30_000,
      run,
    );
    await kill(run);
    const committed = (await imported()) - before;
    // Everything this process saw committed is still there, and the kill came
    // before the end.
    expect(committed).toBeGreaterThanOrEqual(seen);
    expect(committed).toBeLessThan(LOANS);
    // A loan is imported whole or not at all: every imported loan has its 3 events.
    const partial = await t.db.execute(sql`
      select i.loan_id from ${loanImports} i
      left join ${loanEvents} e on e.loan_id = i.loan_id
      group by i.loan_id having count(e.id) <> 3`);
    expect(resultRows(partial)).toEqual([]);
    expect(Number(await t.db.$count(loans)) - loansBefore).toBe(committed);

    const rerun = await cliToEnd(["import", "--file", file], t.db);
    expect(rerun).toMatchObject({
      imported: LOANS - committed,
      alreadyImported: committed,
      failed: 0,
    });
    const again = await cliToEnd(["import", "--file", file], t.db);
    expect(again).toMatchObject({ imported: 0, alreadyImported: LOANS, failed: 0 });
    expect(Number(await t.db.$count(loans)) - loansBefore).toBe(LOANS);
    await expectChainsVerify(t.db);
    console.log(
      `import killed after ${committed} of ${LOANS} loans; the re-run imported ${rerun.imported}`,
    );
  });

  it("during a burst of appends: every acknowledged append is stored once, the loans take writes again", async () => {
    await burstKilled(t.db, database, "pg");
  });
});

/** Lines `ack <actor> <sequence>` the burst child printed. */
function acksOf(stdout: string): { actor: string; sequenceNumber: number }[] {
  return [...stdout.matchAll(/^ack (\S+) (\d+)$/gm)].map((m) => ({
    actor: m[1] as string,
    sequenceNumber: Number(m[2]),
  }));
}

/**
 * Four loans, two writers each, in a child killed after 20 acknowledged
 * appends. `reopen` gives the database back after the kill (PGlite: the
 * folder, opened again).
 */
async function burstKilled(
  db: DatabaseHandle["db"],
  database: Record<string, string>,
  tag: string,
  hooks: {
    beforeChild?: () => Promise<void>;
    reopen?: () => Promise<DatabaseHandle["db"]>;
  } = {},
) {
  const book: string[] = [];
  for (let i = 0; i < 4; i++) book.push(await givenLoan(db));
  await hooks.beforeChild?.();
  const run = start("tests/helpers/append-burst-child.ts", [], database, {
    BURST_LOANS: book.join(","),
    BURST_WRITERS: "2",
    BURST_TAG: `crash-${tag}`,
  });
  await waitFor("20 acknowledged appends", () => acksOf(run.stdout()).length >= 20, 30_000, run);
  await kill(run);
  const acks = acksOf(run.stdout());
  const after = hooks.reopen ? await hooks.reopen() : db;

  const rows = await after
    .select({ actor: loanEvents.recordedBy, sequenceNumber: loanEvents.sequenceNumber })
    .from(loanEvents)
    .where(like(loanEvents.recordedBy, `test:crash-${tag}-%`));
  const stored = new Map<string, number[]>();
  for (const r of rows) stored.set(r.actor, [...(stored.get(r.actor) ?? []), r.sequenceNumber]);
  expect(acks.filter((a) => stored.get(a.actor)?.join() !== String(a.sequenceNumber))).toEqual([]);
  expect([...stored.values()].filter((s) => s.length > 1)).toEqual([]);
  await expectChainsVerify(after);
  // No lock or half-written append is left behind: each loan takes the next one.
  for (const loanNumber of book) {
    const next = await assessFee({
      db: after,
      actor: `test:after-crash-${tag}`,
      clock: fixedClock(),
      loanNumber,
      amount: "1.00",
      feeType: "other",
      effectiveDate: "2025-01-10",
    });
    expect(next.appended).toHaveLength(1);
  }
  await expectChainsVerify(after);
  console.log(
    `${tag}: burst killed after ${acks.length} acknowledged appends (${rows.length} stored)`,
  );
}

// In the PGlite run of the suite (the server run has its own burst above).
describe.skipIf(serverUrl())("SIGKILL during a burst of appends on embedded PGlite", () => {
  it("reopened after the kill: every acknowledged append is stored once, the chains verify", async () => {
    const folder = path.join(dir, "pglite");
    let handle = await openDatabase({ dataDir: folder });
    try {
      await burstKilled(handle.db, { PGLITE_DIR: folder }, "pglite", {
        // PGlite admits one process: the child has the folder while it runs.
        beforeChild: () => handle.close(),
        reopen: async () => {
          handle = await openDatabase({ dataDir: folder, migrate: false });
          return handle.db;
        },
      });
    } finally {
      await handle.close().catch(() => {});
    }
  });
});
