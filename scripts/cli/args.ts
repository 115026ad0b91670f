/**
 * Small shared helpers for CLI subcommands: a typed error that becomes a one-line
 * `error: ...` message with an exit code, and a parseArgs wrapper whose errors are
 * one line too.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";

/** Exit codes: 1 = bad input data (file, events), 2 = bad usage (flags, values). */
export const EXIT_OK = 0;
export const EXIT_INPUT = 1;
export const EXIT_USAGE = 2;

export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT_USAGE) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** parseArgs, strict, no positionals; unknown or malformed flags become a one-line CliError. */
export function parseFlags<T extends Options>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const e = error as { code?: string; message?: string };
    const text = String(e.message ?? error);
    const flag = /'([^']+)'/.exec(text)?.[1];
    switch (e.code) {
      case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
        throw new CliError(`unknown option ${flag ?? text}`);
      case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
        throw new CliError(`unexpected argument ${flag ?? text}`);
      case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE": {
        const name = /'(--?[\w-]+)/.exec(text)?.[1] ?? flag ?? "option";
        throw new CliError(
          /argument missing/.test(text)
            ? `option ${name} needs a value`
            : `option ${name} does not take a value`,
        );
      }
      default:
        throw new CliError((text.split("\n")[0] ?? text).trim());
    }
  }
}

/** A required string flag. */
export function required(
  value: string | boolean | undefined | (string | boolean)[],
  flag: string,
): string {
  if (typeof value !== "string" || value === "")
    throw new CliError(`missing required option --${flag}`);
  return value;
}
