/**
 * Better Auth's HTTP endpoints (/api/auth/get-session, /api/auth/sign-out, …).
 * The console signs in and out through server actions (app/sign-in/actions.ts);
 * endpoints it does not use are disabled in app/_lib/auth/auth.ts. Sign-in
 * here has the same per-address and per-client limits as the server action;
 * the rest are rate limited per client by Better Auth, which is handed the
 * client address we resolved (never X-Forwarded-For as sent).
 */
import { getAuth } from "../../../_lib/auth/auth";
import { withClientIp } from "../../../_lib/auth/client-ip";

async function handle(request: Request): Promise<Response> {
  return (await getAuth()).handler(
    new Request(request, { headers: withClientIp(request.headers) }),
  );
}

export const GET = handle;
export const POST = handle;
