import { readFile, stat } from "node:fs/promises";
import { importHistories, parseImportFile } from "../../db/services/import-history";
import { AppError } from "../../lib/app-error";
import { CliError, EXIT_INPUT, EXIT_OK, parseFlags, required } from "../cli/args";
import type { CommandContext } from "./context";

export const usage =
  "import --file events.json [--by WHO]   (a JSON array of {borrower, loanNumber?, product?, events: [...]}; all-or-nothing per loan)";

/** The largest import file read into memory (about a million events). */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const flags = parseFlags(args, { file: { type: "string" }, by: { type: "string" } });
  const file = required(flags.file, "file");
  const size = await stat(file).then(
    (s) => s.size,
    () => 0,
  );
  if (size > MAX_IMPORT_BYTES) {
    throw new CliError(
      `--file ${file}: ${Math.ceil(size / 1024 / 1024)} MB is more than the ${MAX_IMPORT_BYTES / 1024 / 1024} MB an import may be; split it into several files`,
      EXIT_INPUT,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CliError(
      `--file ${file}: ${code === "ENOENT" ? "no such file" : `not readable JSON (${(error as Error).message})`}`,
      EXIT_INPUT,
    );
  }
  let loans: ReturnType<typeof parseImportFile>;
  try {
    loans = parseImportFile(raw);
  } catch (error) {
    if (error instanceof AppError) throw new CliError(error.message, EXIT_INPUT);
    throw error;
  }
  const outcomes = await ctx.withDatabase(({ db }) =>
    importHistories({ db, actor: ctx.actor(flags.by ?? "import"), loans }),
  );
  ctx.printJson({
    imported: outcomes.filter((o) => o.ok).length,
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
