/**
 * The CLI's database: the one the app uses (DATABASE_URL, or the embedded
 * PGlite folder), opened and migrated for one command, then closed. PGlite
 * admits one process at a time: stop `npm run dev` before writing to the
 * embedded database from the command line, or point both at a Postgres server.
 */
import { type DatabaseHandle, openDatabase } from "../../db/client";
import { readServerEnv } from "../../db/env";
import { AppError } from "../../lib/app-error";
import { CliError, EXIT_INPUT } from "./args";

export async function withDatabase<T>(work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const env = readServerEnv();
  const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: env.PGLITE_DIR });
  try {
    return await work(handle);
  } catch (error) {
    if (error instanceof AppError) throw new CliError(error.message, EXIT_INPUT);
    throw error;
  } finally {
    await handle.close();
  }
}

export function parseJsonFlag(value: string, flag: string): unknown {
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new CliError(`--${flag}: not valid JSON (${(error as Error).message})`);
  }
}
