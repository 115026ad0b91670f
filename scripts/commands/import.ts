import { readFile, stat } from "node:fs/promises";
import {
  importHistories,
  MAX_IMPORT_BYTES,
  parseImportText,
} from "../../db/services/import-history";
import { AppError } from "../../lib/app-error";
import { CliError, EXIT_INPUT, EXIT_OK, parseFlags, required } from "../cli/args";
import type { CommandContext } from "./context";

export const usage =
  "import --file events.json [--by WHO]   (a JSON array of {borrower, loanNumber?, product?, events: [...]}; all-or-nothing per loan; importing the same file again imports nothing new)";

export { MAX_IMPORT_BYTES };

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const flags = parseFlags(args, { file: { type: "string" }, by: { type: "string" } });
  const file = required(flags.file, "file");
  const size = await stat(file).then(
    (s) => s.size,
    () => 0,
  );
  // Refused before it is read (parseImportText checks what was read, too).
  if (size > MAX_IMPORT_BYTES) {
    throw new CliError(
      `--file ${file}: ${Math.ceil(size / 1024 / 1024)} MB is more than the ${MAX_IMPORT_BYTES / 1024 / 1024} MB an import may be; split it into several files`,
      EXIT_INPUT,
    );
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CliError(
      `--file ${file}: ${code === "ENOENT" ? "no such file" : `not readable (${(error as Error).message})`}`,
      EXIT_INPUT,
    );
  }
  let loans: ReturnType<typeof parseImportText>;
  try {
    loans = parseImportText(bytes);
  } catch (error) {
    if (error instanceof AppError) throw new CliError(error.message, EXIT_INPUT);
    throw error;
  }
  const outcomes = await ctx.withDatabase(({ db }) =>
    importHistories({ db, actor: ctx.actor(flags.by ?? "import"), loans }),
  );
  ctx.printJson({
    imported: outcomes.filter((o) => o.ok && !o.alreadyImported).length,
    alreadyImported: outcomes.filter((o) => o.alreadyImported).length,
    failed: outcomes.filter((o) => !o.ok).length,
    loans: outcomes,
  });
  const failed = outcomes.find((o) => !o.ok);
  if (failed) {
    ctx.stderr.write(
      `error: loan at index ${failed.index}${failed.loanNumber ? ` (${failed.loanNumber})` : ""}: ${failed.error}\n`,
    );
    return EXIT_INPUT;
  }
  return EXIT_OK;
}
