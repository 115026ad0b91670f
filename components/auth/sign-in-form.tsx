"use client";
import { useActionState } from "react";
import type { ActionResult } from "@/app/_lib/action-result";

type SignIn = (previous: ActionResult<null> | null, form: FormData) => Promise<ActionResult<null>>;

export function SignInForm({ action, next }: { action: SignIn; next: string }) {
  const [state, formAction, pending] = useActionState(action, null);
  const failure = state && !state.ok ? state : null;
  return (
    <form action={formAction} aria-label="Sign in">
      <input type="hidden" name="next" value={next} />
      <div className={`field${failure?.fieldErrors?.email ? " has-error" : ""}`}>
        <label htmlFor="sign-in-email">Email</label>
        <input
          id="sign-in-email"
          name="email"
          type="email"
          autoComplete="username"
          required
          maxLength={254}
          defaultValue={failure?.values?.email ?? ""}
        />
      </div>
      <div className="field">
        <label htmlFor="sign-in-password">Password</label>
        <input
          id="sign-in-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={128}
        />
      </div>
      {failure ? (
        <p className="form-status failure" role="alert">
          {failure.fieldErrors?.email ?? failure.error}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </div>
    </form>
  );
}
