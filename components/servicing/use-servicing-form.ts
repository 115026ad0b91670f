"use client";
import { useActionState } from "react";
import type { ActionResult } from "@/app/_lib/action-result";

export type FormAction<T> = (form: FormData) => Promise<ActionResult<T>>;
export type FormState<T> = ActionResult<T> | null;

/** useActionState over a server action that takes the form's FormData. */
export function useServicingForm<T>(action: FormAction<T>) {
  return useActionState<FormState<T>, FormData>(async (_previous, form) => action(form), null);
}

/** The value a field shows: what was submitted, after a failed submission; else its default. */
export function kept<T>(state: FormState<T>, name: string, fallback = ""): string {
  return state && !state.ok ? (state.values?.[name] ?? "") : fallback;
}

export function fieldError<T>(state: FormState<T>, name: string): string | undefined {
  return state && !state.ok ? state.fieldErrors?.[name] : undefined;
}
