import { NextResponse } from "next/server";

/**
 * Liveness: 200 whenever the process answers, without touching the database
 * (a database outage must not get a healthy process restarted). Readiness,
 * which does check the database, is /api/health/ready.
 */
export function GET() {
  return NextResponse.json({ status: "alive" }, { headers: { "cache-control": "no-store" } });
}
