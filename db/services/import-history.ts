import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "../../lib/app-error";
import { EVENT_TYPES } from "../../lib/events/event-types";
import { appendToNewLoan } from "../event-store";
import { nextLoanNumber } from "../queries/loans";
import { borrowers, loans } from "../schema";
import { setActor, type WriteContext } from "./context";

/**
 * Bulk import of another system's history. The file is a JSON array of loans
 * (or `{ "loans": [...] }`), each with its borrower and its events in order.
 * Every event is validated exactly as a live append would be (schema, then the
 * servicing rules against the history before it); each loan is imported in
 * its own transaction, all or nothing.
 */
const importedEvent = z.object({
  eventType: z.enum(EVENT_TYPES),
  effectiveDate: z.string(),
  eventData: z.record(z.string(), z.unknown()),
  /** The source system's recording time; kept in the payload as sourceRecordedAt. */
  recordedAt: z.string().optional(),
  recordedBy: z.string().optional(),
});

const importedLoan = z.object({
  loanNumber: z
    .string()
    .regex(/^LN-\d{6,}$/, "must look like LN-000123")
    .optional(),
  borrower: z.object({
    name: z.string().trim().min(1, "must not be empty"),
    email: z.string().optional(),
    phone: z.string().optional(),
  }),
  product: z.string().optional(),
  notes: z.string().optional(),
  events: z.array(importedEvent).min(1, "must hold at least the origination"),
});

export const importFileSchema = z.union([
  z.array(importedLoan),
  z.object({ loans: z.array(importedLoan) }).transform((f) => f.loans),
]);

export type ImportedLoan = z.infer<typeof importedLoan>;

export interface ImportOutcome {
  index: number;
  loanNumber?: string;
  ok: boolean;
  events?: number;
  error?: string;
}

export function parseImportFile(raw: unknown): ImportedLoan[] {
  const parsed = importFileSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = (issue?.path ?? [])
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
  throw new AppError("invalid_input", `import file: ${path || "(root)"}: ${issue?.message}`);
}

export async function importHistories(
  options: WriteContext & { loans: readonly ImportedLoan[] },
): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  for (const [index, input] of options.loans.entries()) {
    try {
      const result = await importLoan(options, input);
      outcomes.push({
        index,
        loanNumber: result.loanNumber,
        ok: true,
        events: result.lastSequence,
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      outcomes.push({ index, loanNumber: input.loanNumber, ok: false, error: error.message });
    }
  }
  return outcomes;
}

async function importLoan(options: WriteContext, input: ImportedLoan) {
  return options.db.transaction(async (tx) => {
    await setActor(tx, options.actor);
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
    await tx.execute(sql`select pg_advisory_xact_lock(7300001)`);
    const loanNumber = input.loanNumber ?? (await nextLoanNumber(tx));
    const [loan] = await tx
      .insert(loans)
      .values({
        loanNumber,
        borrowerId: borrower.id,
        product: input.product ?? "standard",
        notes: input.notes,
      })
      .returning({ id: loans.id, loanNumber: loans.loanNumber, product: loans.product });
    if (!loan) throw new AppError("internal", "could not create the loan");
    const events = input.events.map((e) => ({
      eventType: e.eventType,
      effectiveDate: e.effectiveDate,
      eventData: e.recordedAt ? { ...e.eventData, sourceRecordedAt: e.recordedAt } : e.eventData,
    }));
    return appendToNewLoan(tx, loan, { ...options, events });
  });
}
