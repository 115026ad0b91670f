"use client";
import type { ActionResult } from "@/app/_lib/action-result";

export type FormAction<T> = (form: FormData) => Promise<ActionResult<T>>;
export type FormState<T> = ActionResult<T> | null;

/** The value a field shows: what was submitted, after a failed submission; else its default. */
export function kept<T>(state: FormState<T>, name: string, fallback = ""): string {
  return state && !state.ok ? (state.values?.[name] ?? "") : fallback;
}

export function fieldError<T>(state: FormState<T>, name: string): string | undefined {
  return state && !state.ok ? state.fieldErrors?.[name] : undefined;
}
