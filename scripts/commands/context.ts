/**
 * What a subcommand may touch of the outside world, handed to its `run(args, ctx)`
 * by the dispatcher (scripts/cli.ts): the output streams, stdin, the environment
 * and the database. Not a command itself.
 *
 * Run from a terminal every field is the process's own and the database is the
 * app's (DATABASE_URL, or the embedded PGlite folder), opened for one command and
 * closed. A caller that runs the CLI in-process (the tests) passes its own streams,
 * environment and an already open database, which the command uses and leaves open.
 * A command keeps nothing between calls: everything it needs arrives here.
 */
import type { Database, DatabaseHandle } from "../../db/client";
import { AppError } from "../../lib/app-error";
import { CliError, EXIT_INPUT } from "../cli/args";
import { withDatabase as withAppDatabase } from "../cli/database";

/** The little of a writable stream the CLI uses. */
export interface CliOutput {
  write(text: string): unknown;
  /** Progress counters are drawn only on a terminal. */
  isTTY?: boolean;
}

/** What `main(argv, io)` may be given in place of the process's own. */
export interface CliIo {
  stdout?: CliOutput;
  stderr?: CliOutput;
  /** Read by `replay --events -`. */
  stdin?: AsyncIterable<string | Uint8Array>;
  /** LOAN_REPLAY_ACTOR, USER, STAFF_PASSWORD (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /**
   * An open database to use instead of the configured one; the caller owns it
   * (it is not closed). Without it the database comes from DATABASE_URL /
   * PGLITE_DIR in process.env, as for any run from the terminal.
   */
  db?: Database;
  /** The engine of `db` (unset: treated as one that runs one transaction at a time). */
  engine?: DatabaseHandle["engine"];
}

export interface CommandContext {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  readonly stdin: AsyncIterable<string | Uint8Array>;
  readonly env: NodeJS.ProcessEnv;
  /** Write a value as pretty JSON to stdout. */
  printJson(value: unknown): void;
  /** `\r<text>` on stderr, only when stderr is a terminal. */
  progress(text: string): void;
  /** Ends a progress line (a newline on a terminal, nothing otherwise). */
  progressDone(): void;
  /** Run `work` against the database; an AppError becomes a one-line CliError (exit 1). */
  withDatabase<T>(
    work: (handle: { db: Database; engine?: DatabaseHandle["engine"] }) => Promise<T>,
  ): Promise<T>;
  /** Who the CLI records as recorded_by: --by, else $LOAN_REPLAY_ACTOR, else cli:$USER. */
  actor(by: string | undefined): string;
}

export function commandContext(io: CliIo = {}): CommandContext {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const env = io.env ?? process.env;
  const given = io.db;
  return {
    stdout,
    stderr,
    stdin: io.stdin ?? process.stdin,
    env,
    printJson(value) {
      stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    progress(text) {
      if (stderr.isTTY) stderr.write(`\r${text}`);
    },
    progressDone() {
      if (stderr.isTTY) stderr.write("\n");
    },
    async withDatabase(work) {
      if (!given) return withAppDatabase(work);
      try {
        return await work({ db: given, engine: io.engine });
      } catch (error) {
        if (error instanceof AppError) throw new CliError(error.message, EXIT_INPUT);
        throw error;
      }
    },
    actor(by) {
      return by || env.LOAN_REPLAY_ACTOR || `cli:${env.USER ?? "unknown"}`;
    },
  };
}
