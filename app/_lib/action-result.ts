/** What every server action returns: data, or a message for the person at the screen. */
export type FieldErrors = Partial<Record<string, string>>;

export type ActionResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      /** User-facing; never a stack trace or SQL. */
      error: string;
      /** Problems next to the field they concern. */
      fieldErrors?: FieldErrors;
      /** A form's submitted values, returned on error only so the form stays filled. */
      values?: Record<string, string>;
      /** A stale-page conflict: the user should reload (their input is kept). */
      conflict?: boolean;
      /** Not signed in, or the role does not allow it: nothing was done. */
      forbidden?: boolean;
    };

/** A server action as a client component receives it. */
export type Action<I, T> = (input: I) => Promise<ActionResult<T>>;
