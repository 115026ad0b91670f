/**
 * One module owns `loan_events`: db/event-store/ reads a stream, loads an
 * aggregate, appends, and maps rows (one row mapper). No other module of the
 * app reads or writes the table directly.
 *
 * Pure: this parses the source files (with the TypeScript compiler, so
 * comments never count) and fails on any file outside the store that
 *   - imports the drizzle table `loanEvents` from the schema (a value or a
 *     type import), or reaches it as `schema.loanEvents` / `db.query.loanEvents`;
 *   - names the table `loan_events` inside a string or template literal (raw
 *     SQL). Names that merely start with it (constraints and indexes such as
 *     `loan_events_loan_sequence_unique`) do not count.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** The folders of app code that must go through the store. */
const SCANNED = ["app", "components", "db", "lib", "scripts"];

/** Paths (relative to the repository, "/" ends a folder) allowed to touch the table, and why. */
const EXEMPT: readonly { path: string; why: string }[] = [
  { path: "db/event-store/", why: "the event store itself: the one owner of loan_events" },
  { path: "db/schema.ts", why: "declares the table" },
  { path: "db/migrations/", why: "the DDL that creates the table, its triggers and indexes" },
  {
    path: "scripts/bench/",
    why:
      "benchmarks build books of millions of events with raw SQL on purpose (bulk inserts, " +
      "a plain-insert baseline table) and time the raw queries' plans; not part of the app",
  },
];

const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const TABLE_NAME = /\bloan_events\b/;
const SCHEMA_MODULE = /(^|\/)schema(\.[cm]?[jt]s)?$/;

interface Violation {
  file: string;
  line: number;
  what: string;
}

function isExempt(file: string): boolean {
  return EXEMPT.some((e) => (e.path.endsWith("/") ? file.startsWith(e.path) : file === e.path));
}

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) files.push(...sourceFiles(rel));
    else if (SOURCE.test(entry.name)) files.push(rel);
  }
  return files;
}

/** Every direct use of `loan_events` in one file's code (comments are not code). */
function violationsIn(file: string, text: string): Violation[] {
  const kind = /\.[jt]sx$/.test(file) ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const found: Violation[] = [];
  const schemaNamespaces = new Set<string>();
  const report = (node: ts.Node, what: string) =>
    found.push({
      file,
      line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
      what,
    });

  const visit = (node: ts.Node): void => {
    if (
      ts.isImportDeclaration(node) &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      SCHEMA_MODULE.test(node.moduleSpecifier.text)
    ) {
      const bindings = node.importClause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) schemaNamespaces.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          if ((element.propertyName ?? element.name).text === "loanEvents") {
            report(element, "imports loanEvents from the schema");
          }
        }
      }
    } else if (ts.isPropertyAccessExpression(node) && node.name.text === "loanEvents") {
      const target = node.expression;
      if (
        (ts.isIdentifier(target) && schemaNamespaces.has(target.text)) ||
        (ts.isPropertyAccessExpression(target) && target.name.text === "query")
      ) {
        report(node, `uses ${node.getText(source)}`);
      }
    } else if (
      (ts.isStringLiteral(node) ||
        ts.isNoSubstitutionTemplateLiteral(node) ||
        ts.isTemplateHead(node) ||
        ts.isTemplateMiddle(node) ||
        ts.isTemplateTail(node)) &&
      TABLE_NAME.test(node.text)
    ) {
      report(node, "names loan_events in SQL or a string");
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("the detector", () => {
  const check = (text: string) => violationsIn("sample.ts", text).map((v) => v.what);

  it("finds the table imported from the schema, under any name, value or type", () => {
    expect(check(`import { loanEvents, loans } from "../schema";`)).toEqual([
      "imports loanEvents from the schema",
    ]);
    expect(check(`import { loanEvents as le } from "@/db/schema";`)).toHaveLength(1);
    expect(check(`import type { loanEvents } from "../../db/schema";`)).toHaveLength(1);
    expect(check(`import * as s from "./schema";\nconst t = s.loanEvents;`)).toEqual([
      "uses s.loanEvents",
    ]);
    expect(check(`const rows = await db.query.loanEvents.findMany();`)).toEqual([
      "uses db.query.loanEvents",
    ]);
  });

  it("finds the table named in raw SQL and strings, in any part of a template", () => {
    expect(check("await db.execute(sql`select * from loan_events`);")).toHaveLength(1);
    expect(check(`sql\`select \${a} from loan_events where id = \${b}\`;`)).toHaveLength(1);
    expect(
      check(`sql\`select * from x where \${a} and y in (select 1 from loan_events)\`;`),
    ).toEqual(["names loan_events in SQL or a string"]);
    expect(check(`const q = "insert into loan_events (loan_id) values (1)";`)).toHaveLength(1);
  });

  it("ignores comments, other tables' names, constraint names and other identifiers", () => {
    expect(
      check(
        [
          "// reads loan_events through the store; loanEvents is the store's",
          "/* select * from loan_events */",
          `import { loans } from "../schema";`,
          `import { loanEvents } from "./not-the-schema-module";`,
          `const constraint = "loan_events_loan_sequence_unique";`,
          "const lateEvents = report.lateEvents;",
          "const other = sql`select * from loan_projections`;",
        ].join("\n"),
      ),
    ).toEqual([]);
  });

  it("finds the store's own queries (so a pass below means something)", () => {
    for (const file of ["db/event-store/read.ts", "db/event-store/append.ts"]) {
      expect(
        violationsIn(file, readFileSync(path.join(ROOT, file), "utf8")).length,
      ).toBeGreaterThan(0);
    }
  });
});

describe("loan_events has one owner: db/event-store/", () => {
  it("every exemption names a path that exists", () => {
    for (const e of EXEMPT) expect(existsSync(path.join(ROOT, e.path)), e.path).toBe(true);
  });

  it("no other module of the app reads or writes loan_events directly", () => {
    const files = SCANNED.flatMap(sourceFiles).filter((f) => !isExempt(f));
    expect(files.length).toBeGreaterThan(50);
    const violations = files.flatMap((file) =>
      violationsIn(file, readFileSync(path.join(ROOT, file), "utf8")).map(
        (v) => `${v.file}:${v.line} ${v.what}`,
      ),
    );
    expect(violations).toEqual([]);
  });
});
