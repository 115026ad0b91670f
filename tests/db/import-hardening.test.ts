/**
 * `cli import` against hostile or repeated files, on a real database (PGlite,
 * or the server with TEST_DATABASE_URL): loan numbers that would stop the
 * generator, unknown and prototype products, re-imports, NUL characters,
 * deep nesting and oversized files. Each is refused with a message that says
 * what and where (never SQL), writes nothing, and leaves loan creation working.
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loanImports } from "../../db/import-schema";
import { borrowers, loans } from "../../db/schema";
import {
  checkJsonDepth,
  importKeys,
  MAX_IMPORT_DEPTH,
  parseImportFile,
  parseImportText,
} from "../../db/services/import-history";
import { runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let t: TestDatabase;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "loan-replay-import-"));
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const origination = {
  eventType: "origination",
  effectiveDate: "2024-01-01",
  eventData: {
    principal: "500.00",
    annualRate: "0.05",
    termMonths: 12,
    dayCount: "30/360",
    firstPaymentDate: "2024-02-01",
    paymentAmount: "42.80",
  },
};
const disbursement = {
  eventType: "disbursement",
  effectiveDate: "2024-01-01",
  eventData: { amount: "500.00", method: "wire" },
};
const loan = (extra: Record<string, unknown> = {}) => ({
  borrower: { name: "Imported Borrower" },
  events: [origination, disbursement],
  ...extra,
});

let files = 0;
function file(content: unknown): string {
  const name = path.join(dir, `import-${++files}.json`);
  writeFileSync(name, typeof content === "string" ? content : JSON.stringify(content));
  return name;
}

async function cli(...args: string[]) {
  const r = await runCli(args, {
    db: t.db,
    env: { ...process.env, LOAN_REPLAY_ACTOR: "cli:test" },
  });
  return { code: r.code, out: r.stdout, err: r.stderr.trim() };
}

const createLoanArgs = [
  "create-loan",
  "--borrower",
  "After Import",
  "--principal",
  "1000.00",
  "--rate",
  "0.05",
  "--term",
  "12",
  "--day-count",
  "30/360",
  "--first-payment",
  "2024-02-01",
  "--disbursed-on",
  "2024-01-01",
];

async function counts() {
  return { loans: await t.db.$count(loans), borrowers: await t.db.$count(borrowers) };
}

describe("loan numbers", () => {
  it("refuses LN-99999999999 (which made every later loan creation fail) and keeps the generator working", async () => {
    const before = await counts();
    const r = await cli("import", "--file", file([loan({ loanNumber: "LN-99999999999" })]));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^error: import file: \[0\]\.loanNumber: must be LN-000001 to LN-999999999, written as the system writes them/,
    );
    expect(await counts()).toEqual(before);
    const created = await cli(...createLoanArgs);
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/LN-\d{6}/);
  });

  it("refuses numbers the generator would never write: extra leading zeros, zero, not digits", () => {
    for (const loanNumber of [
      "LN-0000001",
      "LN-000000",
      "LN-1234567890",
      "LN-00001",
      "LN-12345a",
    ]) {
      expect(() => parseImportFile([loan({ loanNumber })]), loanNumber).toThrow(
        /import file: \[0\]\.loanNumber: must/,
      );
    }
    for (const loanNumber of ["LN-000123", "LN-1000000", "LN-999999999"]) {
      expect(parseImportFile([loan({ loanNumber })])[0]?.loanNumber).toBe(loanNumber);
    }
  });

  it("an imported high number within the range is continued from", async () => {
    const r = await cli("import", "--file", file([loan({ loanNumber: "LN-999999000" })]));
    expect(r.code).toBe(0);
    const created = await cli(...createLoanArgs);
    expect(created.code).toBe(0);
    expect(created.out).toContain("LN-999999001");
  });
});

describe("products", () => {
  it("only known products; __proto__ and constructor are refused before anything is written", async () => {
    const before = await counts();
    for (const product of ["__proto__", "constructor", "toString", "premium"]) {
      const r = await cli("import", "--file", file([loan({ product })]));
      expect(r.code, product).toBe(1);
      expect(r.err).toBe(
        `error: import file: [0].product: product ${JSON.stringify(product)} is not one this system services; use one of: standard, interest-first`,
      );
    }
    expect(await counts()).toEqual(before);
  });

  it("a __proto__ key anywhere in the file is refused", () => {
    const text = `[{"borrower":{"name":"P"},"events":[{"eventType":"disbursement","effectiveDate":"2024-01-01","eventData":{"__proto__":{"amount":"1.00"}}}]}]`;
    expect(() => parseImportText(text)).toThrow(
      'import file: [0].events[0].eventData: the key "__proto__" is not allowed',
    );
  });

  it("create-loan refuses an unknown product too", async () => {
    const r = await cli(...createLoanArgs, "--product", "__proto__");
    expect(r.code).toBe(1);
    expect(r.err).toContain('product "__proto__" is not one this system services');
  });

  it("a known product is kept", async () => {
    const r = await cli("import", "--file", file([loan({ product: "interest-first" })]));
    expect(r.code).toBe(0);
  });
});

describe("importing the same file again", () => {
  it("imports nothing new (entries without loan numbers included) and says so", async () => {
    const content = [
      loan({ borrower: { name: "Twice A" } }),
      loan({ borrower: { name: "Twice B" }, product: "interest-first" }),
      // Two identical entries in one file are two loans, each imported once.
      loan({ borrower: { name: "Twin" } }),
      loan({ borrower: { name: "Twin" } }),
    ];
    const name = file(content);
    const first = await cli("import", "--file", name);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ imported: 4, alreadyImported: 0, failed: 0 });
    const numbers = JSON.parse(first.out).loans.map((l: { loanNumber: string }) => l.loanNumber);
    const before = await counts();

    const again = await cli("import", "--file", name);
    expect(again.code).toBe(0);
    const outcome = JSON.parse(again.out);
    expect(outcome).toMatchObject({ imported: 0, alreadyImported: 4, failed: 0 });
    expect(outcome.loans.map((l: { loanNumber: string }) => l.loanNumber)).toEqual(numbers);
    expect(await counts()).toEqual(before);

    // The same content with keys in another order and other whitespace is the same file.
    const reordered = content.map((entry) => Object.fromEntries(Object.entries(entry).reverse()));
    const third = await cli("import", "--file", file(JSON.stringify(reordered, null, 2)));
    expect(JSON.parse(third.out)).toMatchObject({ imported: 0, alreadyImported: 4 });
    expect(await counts()).toEqual(before);
  });

  it("a file that partly failed imports only what is missing the second time", async () => {
    const bad = loan({
      borrower: { name: "Partly" },
      events: [
        origination,
        disbursement,
        {
          eventType: "fee_waiver",
          effectiveDate: "2024-01-05",
          eventData: { amount: "5.00", waivedBy: "legacy" },
        },
      ],
    });
    const name = file([loan({ borrower: { name: "Partly ok" } }), bad]);
    const first = JSON.parse((await cli("import", "--file", name)).out);
    expect(first).toMatchObject({ imported: 1, failed: 1 });
    const second = JSON.parse((await cli("import", "--file", name)).out);
    expect(second).toMatchObject({ imported: 0, alreadyImported: 1, failed: 1 });
  });

  it("keys depend on the content and on repeats within the file", () => {
    const [a, b, c] = importKeys(parseImportFile([loan(), loan(), loan({ notes: "x" })]));
    expect(a).toMatch(/^[0-9a-f]{64}:0$/);
    expect(b).toBe(a?.replace(/:0$/, ":1"));
    expect(c?.endsWith(":0")).toBe(true);
    expect(c).not.toBe(a);
  });

  it("the key is stored with the loan", async () => {
    expect(await t.db.$count(loanImports)).toBeGreaterThan(0);
  });
});

describe("what a file may hold", () => {
  it("a NUL character in a name is refused with where it is, without SQL, writing nothing", async () => {
    const before = await counts();
    const r = await cli("import", "--file", file([loan({ borrower: { name: "Nul\u0000Name" } })]));
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      "error: import file: [0].borrower.name: contains a NUL character (\\u0000), which cannot be stored; remove it from the file",
    );
    expect(r.err).not.toMatch(/insert|select|Failed query|params/i);
    expect(await counts()).toEqual(before);
  });

  it("a NUL character inside an event's payload is refused the same way", () => {
    const entry = loan({
      events: [
        origination,
        { ...disbursement, eventData: { amount: "500.00", method: "w\u0000" } },
      ],
    });
    expect(() => parseImportText(JSON.stringify([entry]))).toThrow(
      "import file: [0].events[1].eventData.method: contains a NUL character",
    );
  });

  it(`nesting 10,000 deep is refused with a clear message (not "Maximum call stack size exceeded")`, async () => {
    const deep = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
    const payload = `[{"borrower":{"name":"Deep"},"events":[{"eventType":"disbursement","effectiveDate":"2024-01-01","eventData":{"x":${deep}}}]}]`;
    const r = await cli("import", "--file", file(payload));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      new RegExp(
        `^error: import file: nested more than ${MAX_IMPORT_DEPTH} levels deep \\(at character \\d+\\)`,
      ),
    );
    expect(r.err).not.toContain("call stack");
  });

  it("the depth check reads strings as strings", () => {
    expect(() => checkJsonDepth(`["${"[".repeat(100)}", "\\"{{{{"]`, 2)).not.toThrow();
    expect(() => checkJsonDepth("[[[]]]", 2)).toThrow("nested more than 2 levels deep");
    expect(() => checkJsonDepth("[[]]", 2)).not.toThrow();
  });

  it("a file over the size bound is refused before it is read", async () => {
    const big = path.join(dir, "big.json");
    writeFileSync(big, "");
    truncateSync(big, 256 * 1024 * 1024 + 1); // sparse: no disk used
    const r = await cli("import", "--file", big);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/is more than the 256 MB an import may be; split it into several files$/);
    expect(() => parseImportText("[]", { maxBytes: 1 })).toThrow(
      "import file: 2 bytes is more than the 1 an import may be",
    );
  });

  it("not JSON at all says so", async () => {
    const r = await cli("import", "--file", file("[{"));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: import file: not readable JSON/);
  });
});
