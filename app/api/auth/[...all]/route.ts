/**
 * Better Auth's HTTP endpoints (/api/auth/get-session, /api/auth/sign-out, …).
 * The console signs in and out through server actions (app/sign-in/actions.ts);
 * endpoints it does not use are disabled in app/_lib/auth/auth.ts, and these
 * are rate limited per IP.
 */
import { getAuth } from "../../../_lib/auth/auth";

async function handle(request: Request): Promise<Response> {
  return (await getAuth()).handler(request);
}

export const GET = handle;
export const POST = handle;
