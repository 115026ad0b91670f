import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { type DatabaseHandle, openDatabase } from "../../db/client";

/** The Postgres server under test, if any; otherwise tests run on embedded PGlite. */
export function serverUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

export interface TestDatabase extends DatabaseHandle {
  /** Connection URL of this file's private database (server runs only). */
  url?: string;
  destroy(): Promise<void>;
}

/**
 * A clean, migrated database for one test file: an in-memory PGlite, or a
 * freshly created database on the Postgres server that is dropped afterwards.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  // Checkpoints (cli accrue, cli checkpoint, the nightly batch) of this file's
  // database go to a folder of its own: `verify` compares a database with the
  // latest checkpoint there, never with another file's.
  process.env.LOAN_REPLAY_CHECKPOINT_DIR = mkdtempSync(
    path.join(tmpdir(), "loan-replay-checkpoints-"),
  );
  const base = serverUrl();
  if (!base) {
    const handle = await openDatabase({});
    return { ...handle, destroy: () => handle.close() };
  }
  const name = `loan_replay_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  return {
    ...handle,
    url: url.toString(),
    async destroy() {
      await handle.close();
      const dropper = postgres(base, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
