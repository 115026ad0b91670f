import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";

/**
 * The one database type the app codes against, whichever engine is underneath.
 * Without a schema: nothing uses drizzle's relational `db.query` API, and
 * with one every transaction built a query builder per table (about 30 µs of
 * each single-loan append).
 */
export type Database = PgDatabase<PgQueryResultHKT>;
type Engine = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Database;
  engine: Engine;
  /** Readiness: a `select 1` that answers within `timeoutMs` (rejects otherwise). */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A postgres:// URL selects the Postgres server; otherwise PGlite is used. */
  url?: string;
  /** PGlite data folder; omitted means an in-memory database. */
  dataDir?: string;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  /** Postgres pool size (default 10). */
  maxConnections?: number;
  /** Postgres application_name of the pool's connections (default "loan-replay"). */
  applicationName?: string;
}

const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  const handle = options.url
    ? openPostgres(options.url, options.maxConnections ?? 10, options.applicationName)
    : await openPglite(options.dataDir);
  if (options.migrate ?? true) await migrateDatabase(handle);
  return handle;
}

/**
 * A connection that gives up opening after 5 s: while the server is down,
 * restarting or unreachable, a request fails then instead of waiting for
 * ever, and the first one after it is back connects. (The pool's own
 * connectionTimeoutMillis would also fail requests that merely wait 5 s for
 * a busy pool, e.g. behind a long report.)
 */
class ConnectWithin5s extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super({
      ...(typeof config === "string" ? { connectionString: config } : config),
      connectionTimeoutMillis: 5_000,
    });
  }
}

/**
 * A node-postgres pool that heals: a connection whose backend is terminated
 * (pg_terminate_backend, a Postgres restart, a dropped network) is discarded
 * and the next query opens a new one. The driver was postgres.js until 3.4.9
 * left its pool broken for good after terminated backends (docs/operations.md
 * "Connections that heal").
 */
function openPostgres(url: string, max: number, applicationName = "loan-replay"): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    application_name: applicationName,
    // Only opening a connection is bounded (ConnectWithin5s): a request that
    // waits for a busy pool waits its turn, as it did with postgres.js.
    Client: ConnectWithin5s,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    // Named statements (executeNamed: the write path's one-loan statements)
    // use their generic plan from the first run instead of planning the
    // first five; unnamed ones are planned every time whatever this says.
    options: "-c plan_cache_mode=force_generic_plan",
  });
  // A connection that dies emits "error": on an idle one the pool removes it
  // and re-emits it here, on a checked-out one the query in flight fails and
  // the pool discards it on release. Unheard, either would crash the process.
  const lost = (error: Error) => console.warn(`[db] connection lost: ${error.message}`);
  pool.on("error", lost);
  pool.on("connect", (client) => {
    client.on("error", lost);
    releaseOnFailedBegin(client);
  });
  const db = drizzlePostgres({ client: pool }) as unknown as Database;
  return {
    db,
    engine: "postgres",
    ping: (timeoutMs) =>
      withTimeout(
        pool.query("select 1").then(() => undefined),
        timeoutMs,
      ),
    close: () => pool.end(),
  };
}

/**
 * drizzle-orm 0.45.4's node-postgres transaction() sends BEGIN before the
 * try/finally that releases the pooled client, so a BEGIN on a connection
 * that just died leaks the client and the pool shrinks by one for good
 * (drizzle-team/drizzle-orm#6241, #6023, open). Until a release fixes it: a
 * BEGIN that fails releases the client with its error (the pool destroys it).
 */
function releaseOnFailedBegin(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const result = query(...args);
    const first = args[0] as string | { text?: string } | undefined;
    const text = typeof first === "string" ? first : first?.text;
    if (result instanceof Promise && text !== undefined && /^\s*begin\b/i.test(text)) {
      return result.catch((error: unknown) => {
        client.release(error instanceof Error ? error : new Error(String(error)));
        throw error;
      });
    }
    return result;
  };
}

async function openPglite(dataDir: string | undefined): Promise<DatabaseHandle> {
  if (dataDir) mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  const client = dataDir ? new PGlite(dataDir) : new PGlite();
  await client.waitReady;
  const db = drizzlePglite({ client }) as unknown as Database;
  return {
    db,
    engine: "pglite",
    ping: (timeoutMs) =>
      withTimeout(
        client.query("select 1").then(() => undefined),
        timeoutMs,
      ),
    close: () => client.close(),
  };
}

function withTimeout(check: Promise<void>, timeoutMs = 2_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the database did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  return Promise.race([check, timeout]).finally(() => clearTimeout(timer));
}

export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER };
  if (handle.engine === "pglite") {
    await migratePglite(handle.db as unknown as Parameters<typeof migratePglite>[0], config);
  } else {
    await migratePostgres(handle.db as unknown as Parameters<typeof migratePostgres>[0], config);
  }
}
