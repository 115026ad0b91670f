"use server";
/**
 * Signing in and out: the only actions anyone may call (publicAction). Sign-in
 * goes through Better Auth (scrypt verification, a new session row, an
 * http-only cookie set by the nextCookies plugin) and its hooks (disabled
 * accounts, the per-address and per-client limits on attempts, counted before
 * the password is checked: the same as on the HTTP endpoint).
 */
import { isAPIError } from "better-auth/api";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { AppError } from "@/lib/app-error";
import type { ActionResult } from "../_lib/action-result";
import { getAuth } from "../_lib/auth/auth";
import { withClientIp } from "../_lib/auth/client-ip";
import { safeNext } from "../_lib/auth/safe-next";
import { publicAction, registerAction } from "../_lib/validated-action";

const WRONG_CREDENTIALS = "Incorrect email or password.";

const signInSchema = z.object({
  email: z
    .string({ error: "Enter your email address." })
    .trim()
    .toLowerCase()
    .max(254, "Enter your email address.")
    .pipe(z.email("Enter your email address.")),
  password: z
    .string({ error: "Enter your password." })
    .min(1, "Enter your password.")
    .max(128, WRONG_CREDENTIALS),
  next: z.string().max(2000).optional(),
});

const signIn = publicAction(signInSchema, async (input) => {
  const auth = await getAuth();
  try {
    await auth.api.signInEmail({
      body: { email: input.email, password: input.password, rememberMe: true },
      headers: withClientIp(new Headers(await headers())),
    });
  } catch (error) {
    if (isAPIError(error)) {
      if (error.statusCode === 429) {
        throw new AppError("forbidden", error.message || "Sign-in is not allowed right now.");
      }
      // A wrong password, an unknown address and a disabled account (401), or
      // a malformed request (400, 403): one message, none told apart.
      if (error.statusCode === 401 || error.statusCode === 400 || error.statusCode === 403) {
        throw new AppError("invalid_input", WRONG_CREDENTIALS);
      }
    }
    throw error;
  }
  return { next: safeNext(input.next) };
});

/** For useActionState: on success, go where the person was headed. */
export const signInAction = registerAction(
  async (_previous: ActionResult<null> | null, form: FormData): Promise<ActionResult<null>> => {
    const result = await signIn(form);
    if (result.ok) redirect(result.data.next);
    // Never send the password back.
    const email = result.values?.email;
    return { ...result, values: email ? { email } : {} };
  },
  { public: true },
);

/** Ends the session (the row and the cookie); harmless without one. */
export const signOutAction = registerAction(
  async (): Promise<void> => {
    try {
      await (await getAuth()).api.signOut({ headers: await headers() });
    } catch {
      // No session, or it had already ended: either way the person is signed out.
    }
    redirect("/sign-in");
  },
  { public: true },
);
