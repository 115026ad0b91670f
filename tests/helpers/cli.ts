/**
 * The command line called in-process: `main(argv, io)` from scripts/cli.ts with
 * captured stdout and stderr, so a test costs a function call instead of a tsx
 * start-up. Database commands use the `db` given (e.g. this file's
 * createTestDatabase()), which stays open for the next call.
 */
import type { Database, DatabaseHandle } from "../../db/client";
import { main } from "../../scripts/cli";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  db?: Database;
  /** The engine of `db` (e.g. this file's createTestDatabase().engine). */
  engine?: DatabaseHandle["engine"];
  /** The environment the command sees (default: a copy of process.env). */
  env?: NodeJS.ProcessEnv;
  /** What `--events -` reads (default: nothing). */
  stdin?: string;
}

export async function runCli(argv: string[], options: CliOptions = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const input = options.stdin;
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: (async function* () {
      if (input !== undefined) yield input;
    })(),
    env: options.env ?? { ...process.env },
    db: options.db,
    engine: options.engine,
  });
  return { code, stdout, stderr };
}
