import { NextResponse } from "next/server";
import { demoSeedStatus, getDatabase } from "@/db";

/** Liveness and readiness: 200 once the database is migrated and the demo portfolio is loaded. */
export async function GET() {
  try {
    const { engine } = await getDatabase();
    const demo = demoSeedStatus();
    const ready = demo.state === "ready" || demo.state === "disabled";
    return NextResponse.json(
      { status: ready ? "ready" : demo.state, database: engine, demo },
      { status: ready ? 200 : 503, headers: { "cache-control": "no-store" } },
    );
  } catch {
    return NextResponse.json({ status: "database unavailable" }, { status: 503 });
  }
}
