import { NextResponse } from "next/server";
import { demoSeedStatus, getDatabase } from "@/db";

/** How long the database has to answer `select 1` before the app reports itself not ready. */
const PING_TIMEOUT_MS = 1_500;

/**
 * Readiness: 200 while the database answers a `select 1` within 1.5 s and the
 * start-up work (migrations, the demo portfolio) is done; 503 otherwise, so a
 * load balancer stops sending requests while the database is unreachable and
 * resumes as soon as the pool has reconnected.
 */
export async function GET() {
  const headers = { "cache-control": "no-store" };
  try {
    const handle = await getDatabase();
    await handle.ping(PING_TIMEOUT_MS);
    const demo = demoSeedStatus();
    const ready = demo.state === "ready" || demo.state === "disabled";
    return NextResponse.json(
      { status: ready ? "ready" : demo.state, database: handle.engine, demo },
      { status: ready ? 200 : 503, headers },
    );
  } catch (error) {
    return NextResponse.json(
      {
        status: "database unavailable",
        error: error instanceof Error ? error.message : String(error),
      },
      { status: 503, headers },
    );
  }
}
