import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "../../lib/app-error";
import { EVENT_TYPES } from "../../lib/events/event-types";
import { DEFAULT_PRODUCT, isLoanProduct, unknownProductMessage } from "../../lib/products";
import { appendToNewLoan } from "../event-store";
import { loanImports } from "../import-schema";
import { formatLoanNumber, nextLoanNumber } from "../queries/loans";
import { borrowers, loans } from "../schema";
import { setActor, type WriteContext } from "./context";
import { pgErrorCode } from "./pg-errors";

/**
 * Bulk import of another system's history. The file is a JSON array of loans
 * (or `{ "loans": [...] }`), each with its borrower and its events in order.
 * Every event is validated exactly as a live append would be (schema, then the
 * servicing rules against the history before it); each loan is imported in
 * its own transaction, all or nothing.
 *
 * What a file may hold is bounded before anything is written:
 * - at most MAX_IMPORT_BYTES, nested at most MAX_IMPORT_DEPTH deep (checked on
 *   the text, before JSON.parse);
 * - no NUL character in any string or key (Postgres text and jsonb cannot
 *   hold one) and no "__proto__" key;
 * - loan numbers the generator can continue from (LN-000001 to
 *   LN-999999999, written as it writes them), products from the known list.
 *
 * Importing is idempotent: each loan entry has a content key (a hash of the
 * entry as parsed, and how many identical entries came before it in the
 * file), stored with the loan it created (`loan_imports`); an entry whose key
 * is already there is reported as already imported and writes nothing.
 */

/** The largest import file read into memory (about a million events). */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;
/** Loans, events and payloads need about 7 levels; anything past this is refused. */
export const MAX_IMPORT_DEPTH = 32;
/**
 * The highest loan number an import may bring: the generator
 * (db/queries/loans.ts) continues from the highest number in use as a
 * Postgres integer, so this leaves it over a billion numbers of room.
 */
const MAX_IMPORTED_LOAN_NUMBER = 999_999_999;
/** Version of the content key; a change to the key's inputs needs a new one. */
const IMPORT_KEY_VERSION = "loan-replay/import/v1";

const importedEvent = z.object({
  eventType: z.enum(EVENT_TYPES),
  effectiveDate: z.string(),
  eventData: z.record(z.string(), z.unknown()),
  /** The source system's recording time; kept in the payload as sourceRecordedAt. */
  recordedAt: z.string().optional(),
  recordedBy: z.string().optional(),
});

const loanNumber = z
  .string()
  .regex(/^LN-\d{6,}$/, "must look like LN-000123")
  .refine(
    (value) => {
      const n = Number(value.slice(3));
      return n >= 1 && n <= MAX_IMPORTED_LOAN_NUMBER && formatLoanNumber(n) === value;
    },
    {
      message: `must be LN-000001 to LN-${MAX_IMPORTED_LOAN_NUMBER}, written as the system writes them (6 digits at least, no further leading zeros), so that new loans can still be numbered after it`,
    },
  );

const importedLoan = z.object({
  loanNumber: loanNumber.optional(),
  borrower: z.object({
    name: z.string().trim().min(1, "must not be empty"),
    email: z.string().optional(),
    phone: z.string().optional(),
  }),
  product: z
    .string()
    .refine(isLoanProduct, { error: (issue) => unknownProductMessage(issue.input) })
    .optional(),
  notes: z.string().optional(),
  events: z.array(importedEvent).min(1, "must hold at least the origination"),
});

const importFileSchema = z.union([
  z.array(importedLoan),
  z.object({ loans: z.array(importedLoan) }).transform((f) => f.loans),
]);

export type ImportedLoan = z.infer<typeof importedLoan>;

export interface ImportOutcome {
  index: number;
  loanNumber?: string;
  ok: boolean;
  events?: number;
  /** True when this entry had been imported before (nothing was written). */
  alreadyImported?: boolean;
  error?: string;
}

type PathPart = string | number;

function formatPath(path: readonly PathPart[]): string {
  const text = path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
  return text || "(root)";
}

function fileError(path: readonly PathPart[], message: string): AppError {
  return new AppError("invalid_input", `import file: ${formatPath(path)}: ${message}`);
}

/**
 * How deep the JSON text nests, checked on the text (JSON.parse and the
 * checks after it never see a file nested past `max`). Stops at the first
 * bracket past the limit.
 */
export function checkJsonDepth(text: string, max = MAX_IMPORT_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) {
        throw new AppError(
          "invalid_input",
          `import file: nested more than ${max} levels deep (at character ${i + 1}); an import holds loans, their events and the events' payloads, which need far fewer`,
        );
      }
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
}

/**
 * Every string and key in the parsed file, without recursion: a NUL anywhere
 * is refused with where it is (Postgres would refuse it with its SQL), and so
 * is a "__proto__" key. Each node keeps only its parent and key, so the path
 * is built only for the message.
 */
interface Node {
  value: unknown;
  parent: Node | null;
  key: PathPart | null;
}

function pathOf(node: Node | null): PathPart[] {
  const path: PathPart[] = [];
  for (let n = node; n && n.key !== null; n = n.parent) path.unshift(n.key);
  return path;
}

function checkStrings(root: unknown): void {
  const stack: Node[] = [{ value: root, parent: null, key: null }];
  for (let node = stack.pop(); node; node = stack.pop()) {
    const { value } = node;
    if (typeof value === "string") {
      if (value.includes("\u0000")) {
        throw fileError(
          pathOf(node),
          "contains a NUL character (\\u0000), which cannot be stored; remove it from the file",
        );
      }
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        stack.push({ value: value[i], parent: node, key: i });
      }
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes("\u0000")) {
          throw fileError(
            pathOf(node),
            `a key contains a NUL character (\\u0000): ${JSON.stringify(key)}`,
          );
        }
        if (key === "__proto__")
          throw fileError(pathOf(node), 'the key "__proto__" is not allowed');
        stack.push({ value: item, parent: node, key });
      }
    }
  }
}

export function parseImportFile(raw: unknown): ImportedLoan[] {
  checkStrings(raw);
  const parsed = importFileSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw fileError((issue?.path ?? []) as PathPart[], issue?.message ?? "is invalid");
}

/**
 * The file's text (or bytes) to loans: size, depth, JSON, strings, schema, in
 * that order, each refused with a message that says what and where.
 */
export function parseImportText(
  input: string | Uint8Array,
  options: { maxBytes?: number; maxDepth?: number } = {},
): ImportedLoan[] {
  const maxBytes = options.maxBytes ?? MAX_IMPORT_BYTES;
  const bytes = typeof input === "string" ? Buffer.byteLength(input, "utf8") : input.byteLength;
  if (bytes > maxBytes) {
    throw new AppError(
      "invalid_input",
      `import file: ${bytes} bytes is more than the ${maxBytes} an import may be; split it into several files`,
    );
  }
  const text = typeof input === "string" ? input : Buffer.from(input).toString("utf8");
  checkJsonDepth(text, options.maxDepth);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new AppError(
      "invalid_input",
      `import file: not readable JSON (${(error as Error).message})`,
    );
  }
  return parseImportFile(raw);
}

function sortedKeys(value: unknown): unknown {
  // Depth is bounded by checkJsonDepth / the schema, so recursion is safe here.
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortedKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * The content key of each entry: sha256 over the entry as parsed (keys
 * sorted), and the number of identical entries before it in the same file,
 * so two genuinely identical loans in one file are both imported once.
 */
export function importKeys(entries: readonly ImportedLoan[]): string[] {
  const seen = new Map<string, number>();
  return entries.map((entry) => {
    const hash = createHash("sha256")
      .update(JSON.stringify([IMPORT_KEY_VERSION, sortedKeys(entry)]))
      .digest("hex");
    const n = seen.get(hash) ?? 0;
    seen.set(hash, n + 1);
    return `${hash}:${n}`;
  });
}

/**
 * The message for an error the database raised about the data itself (class
 * 22, data exception; 23, integrity): its own words, never the SQL text or the
 * parameters drizzle puts in front. Null for anything else.
 */
function databaseRefusal(error: unknown): string | null {
  const code = pgErrorCode(error);
  if (!code || !(code.startsWith("22") || code.startsWith("23"))) return null;
  let message: string | undefined;
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === code) message = (e as { message?: string }).message;
  }
  return `the database refused this loan's data (${message ?? "no reason given"}, SQLSTATE ${code})`;
}

export async function importHistories(
  options: WriteContext & { loans: readonly ImportedLoan[] },
): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  const keys = importKeys(options.loans);
  for (const [index, input] of options.loans.entries()) {
    try {
      const result = await importLoan(options, input, keys[index] as string);
      outcomes.push(
        "alreadyImported" in result
          ? { index, loanNumber: result.loanNumber, ok: true, alreadyImported: true }
          : { index, loanNumber: result.loanNumber, ok: true, events: result.lastSequence },
      );
    } catch (error) {
      const refusal = error instanceof AppError ? error.message : databaseRefusal(error);
      if (refusal === null) throw error;
      outcomes.push({ index, loanNumber: input.loanNumber, ok: false, error: refusal });
    }
  }
  return outcomes;
}

/** Serialises loan-number allocation and import keys across writers (as createLoan does). */
const LOAN_NUMBER_LOCK = 7_300_001;

async function importLoan(options: WriteContext, input: ImportedLoan, importKey: string) {
  return options.db.transaction(async (tx) => {
    await setActor(tx, options.actor);
    // Taken first, so a concurrent import of the same file waits here and then
    // finds this entry's key.
    await tx.execute(sql`select pg_advisory_xact_lock(${LOAN_NUMBER_LOCK})`);
    const [done] = await tx
      .select({ loanNumber: loans.loanNumber })
      .from(loanImports)
      .innerJoin(loans, eq(loans.id, loanImports.loanId))
      .where(eq(loanImports.importKey, importKey));
    if (done) return { loanNumber: done.loanNumber, alreadyImported: true as const };
    if (input.loanNumber) {
      const [taken] = await tx
        .select({ id: loans.id })
        .from(loans)
        .where(eq(loans.loanNumber, input.loanNumber));
      if (taken) throw new AppError("rule_violation", `loan ${input.loanNumber} already exists`);
    }
    const [borrower] = await tx
      .insert(borrowers)
      .values({
        name: input.borrower.name,
        email: input.borrower.email,
        phone: input.borrower.phone,
      })
      .returning({ id: borrowers.id });
    if (!borrower) throw new AppError("internal", "could not create the borrower");
    const loanNumber = input.loanNumber ?? (await nextLoanNumber(tx));
    const [loan] = await tx
      .insert(loans)
      .values({
        loanNumber,
        borrowerId: borrower.id,
        product: input.product ?? DEFAULT_PRODUCT,
        notes: input.notes,
      })
      .returning({ id: loans.id, loanNumber: loans.loanNumber, product: loans.product });
    if (!loan) throw new AppError("internal", "could not create the loan");
    await tx.insert(loanImports).values({ importKey, loanId: loan.id });
    const events = input.events.map((e) => ({
      eventType: e.eventType,
      effectiveDate: e.effectiveDate,
      eventData: e.recordedAt ? { ...e.eventData, sourceRecordedAt: e.recordedAt } : e.eventData,
    }));
    return appendToNewLoan(tx, loan, { ...options, events });
  });
}
