/**
 * The one wrapper every server action uses (next-saas-starter style): check
 * who is asking, parse the input with zod, run the work, and turn every outcome
 * into an ActionResult. Every action declares the permission it needs; the
 * check runs on the server before the input is even read, and a refusal is an
 * AppError("forbidden") like any other (nothing is written).
 * An AppError becomes its user-facing message (next to its field when it names
 * one); anything else is logged on the server and reported as a generic failure.
 *
 * Each wrapped action is registered with its access rule, so a test can list
 * every exported action and prove it refuses the wrong people
 * (tests/auth/actions-access.test.ts).
 */
import type { z } from "zod";
import { isAppError } from "@/lib/app-error";
import type { Permission } from "@/lib/auth/permissions";
import type { ActionResult, FieldErrors } from "./action-result";
import type { CurrentStaff } from "./auth/current-staff";
import { authorize } from "./auth/require-staff";

/** Who may call an action: a permission from lib/auth/permissions.ts. */
export interface ActionAccess {
  permission: Permission;
}
/** The only actions anyone may call: signing in (and out). */
export type AccessRule = ActionAccess | { public: true };

const registry = new WeakMap<object, AccessRule>();

/** The access rule an action was built with, or undefined if it was not built by these wrappers. */
export function actionAccess(action: unknown): AccessRule | undefined {
  return typeof action === "function" ? registry.get(action) : undefined;
}

/** Record the rule of an action built some other way (e.g. adapted for useActionState). */
export function registerAction<F extends object>(action: F, rule: AccessRule): F {
  registry.set(action, rule);
  return action;
}

export const GENERIC_ERROR = "Something went wrong. Nothing was changed; please try again.";
export const CHECK_FIELDS = "Please correct the highlighted fields.";

/** FormData as a plain object of its text entries; blank fields are left out. */
function formDataToObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string" || key.startsWith("$ACTION")) continue;
    if (value.trim() !== "") out[key] = value;
  }
  return out;
}

function fieldErrorsOf(error: z.ZodError): FieldErrors {
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

function toFailure<T>(error: unknown, values?: Record<string, string>): ActionResult<T> {
  if (isAppError(error)) {
    const field = formField(error.details?.field);
    return {
      ok: false,
      error: error.message,
      ...(field ? { fieldErrors: { [field]: error.message } } : {}),
      ...(values ? { values } : {}),
      ...(error.code === "conflict" ? { conflict: true } : {}),
      ...(error.code === "forbidden" ? { forbidden: true } : {}),
    };
  }
  console.error("[server action] unexpected error", error);
  return { ok: false, error: GENERIC_ERROR, ...(values ? { values } : {}) };
}

function parseAndRun<S extends z.ZodType, T>(
  schema: S,
  input: FormData | z.input<S>,
  work: (input: z.output<S>) => Promise<T>,
): Promise<ActionResult<T>> {
  const isForm = input instanceof FormData;
  const raw = isForm ? formDataToObject(input) : input;
  const values = isForm ? (raw as Record<string, string>) : undefined;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return Promise.resolve({
      ok: false,
      error: CHECK_FIELDS,
      fieldErrors: fieldErrorsOf(parsed.error),
      ...(values ? { values } : {}),
    });
  }
  return work(parsed.data).then(
    (data): ActionResult<T> => ({ ok: true, data }),
    (error: unknown) => toFailure<T>(error, values),
  );
}

/**
 * A server action for signed-in staff holding `access.permission`. The work
 * gets the validated input and the signed-in person (their `actor` is what to
 * record as recorded_by: never take it from the input).
 */
export function validatedAction<S extends z.ZodType, T>(
  schema: S,
  work: (input: z.output<S>, staff: CurrentStaff) => Promise<T>,
  access: ActionAccess,
): (input: FormData | z.input<S>) => Promise<ActionResult<T>> {
  const action = async (input: FormData | z.input<S>): Promise<ActionResult<T>> => {
    let staff: CurrentStaff;
    try {
      staff = await authorize(access.permission);
    } catch (error) {
      return toFailure(error);
    }
    return parseAndRun(schema, input, (parsed) => work(parsed, staff));
  };
  return registerAction(action, { permission: access.permission });
}

/** A server action anyone may call (sign-in): validated the same way, no session needed. */
export function publicAction<S extends z.ZodType, T>(
  schema: S,
  work: (input: z.output<S>) => Promise<T>,
): (input: FormData | z.input<S>) => Promise<ActionResult<T>> {
  const action = (input: FormData | z.input<S>) => parseAndRun(schema, input, work);
  return registerAction(action, { public: true });
}
