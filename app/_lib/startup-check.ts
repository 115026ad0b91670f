/**
 * Run once when the server starts (instrumentation.ts, Node.js runtime only):
 * a configuration error, such as production without BETTER_AUTH_SECRET, stops
 * the server with the message instead of answering 500 to every request.
 */
import { readServerEnv } from "@/db/env";

export function checkEnvironmentOrExit(): void {
  try {
    readServerEnv();
  } catch (error) {
    console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
