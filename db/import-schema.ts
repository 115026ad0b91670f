/**
 * Loans created by an import (`cli import`), by the content key of the file
 * entry they came from (db/services/import-history.ts): importing the same
 * entry again finds its key here and writes nothing. Re-exported by
 * db/schema.ts (so drizzle-kit sees it).
 */
import { bigint, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { loans } from "./schema";

export const loanImports = pgTable(
  "loan_imports",
  {
    importKey: text("import_key").primaryKey(),
    loanId: bigint("loan_id", { mode: "number" })
      .notNull()
      .references(() => loans.id, { onDelete: "restrict" }),
    importedAt: timestamp("imported_at", { withTimezone: true, mode: "string", precision: 3 })
      .notNull()
      .defaultNow(),
  },
  (t) => [index("loan_imports_loan_id_idx").on(t.loanId)],
);
