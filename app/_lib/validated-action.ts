/**
 * The one wrapper every server action uses (next-saas-starter style): parse the
 * input with zod, run the work, and turn every outcome into an ActionResult.
 * An AppError becomes its user-facing message (next to its field when it names
 * one); anything else is logged on the server and reported as a generic failure.
 */
import type { z } from "zod";
import { isAppError } from "@/lib/app-error";
import type { ActionResult, FieldErrors } from "./action-result";

export const GENERIC_ERROR = "Something went wrong. Nothing was changed; please try again.";
export const CHECK_FIELDS = "Please correct the highlighted fields.";

/** FormData as a plain object of its text entries; blank fields are left out. */
export function formDataToObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string" || key.startsWith("$ACTION")) continue;
    if (value.trim() !== "") out[key] = value;
  }
  return out;
}

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= issue.message;
  }
  return out;
}

/** Service field names ("eventData.amount", "effectiveDate") as form field names. */
function formField(field: unknown): string | undefined {
  if (typeof field !== "string" || !field) return undefined;
  return field.replace(/^eventData\./, "").split(".")[0];
}

export function toFailure<T>(error: unknown, values?: Record<string, string>): ActionResult<T> {
  if (isAppError(error)) {
    const field = formField(error.details?.field);
    return {
      ok: false,
      error: error.message,
      ...(field ? { fieldErrors: { [field]: error.message } } : {}),
      ...(values ? { values } : {}),
      ...(error.code === "conflict" ? { conflict: true } : {}),
    };
  }
  console.error("[server action] unexpected error", error);
  return { ok: false, error: GENERIC_ERROR, ...(values ? { values } : {}) };
}

export function validatedAction<S extends z.ZodType, T>(
  schema: S,
  work: (input: z.output<S>) => Promise<T>,
): (input: FormData | z.input<S>) => Promise<ActionResult<T>> {
  return async (input) => {
    const isForm = input instanceof FormData;
    const raw = isForm ? formDataToObject(input) : input;
    const values = isForm ? (raw as Record<string, string>) : undefined;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      return {
        ok: false,
        error: CHECK_FIELDS,
        fieldErrors: fieldErrorsOf(parsed.error),
        ...(values ? { values } : {}),
      };
    }
    try {
      return { ok: true, data: await work(parsed.data) };
    } catch (error) {
      return toFailure(error, values);
    }
  };
}
