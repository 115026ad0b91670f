/**
 * Run once when the server starts (instrumentation.ts, Node.js runtime only):
 * a configuration error, such as production without BETTER_AUTH_SECRET or
 * without a chain signing key (db/signing-key.ts), stops the server with the
 * message instead of answering 500 to every request.
 */
import { readServerEnv } from "@/db/env";
import { signingKeys } from "@/db/signing-key";

export function checkEnvironmentOrExit(): void {
  try {
    readServerEnv();
    // The chain-of-custody key (production refuses to start without one).
    const keys = signingKeys();
    console.log(`[start] chain signing key ${keys.current.keyId} (${keys.source})`);
  } catch (error) {
    console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
