/**
 * The one error type that crosses from the service layer to the UI and the CLI:
 * a stable `code` for programs and a `message` written for the person at the
 * screen (it names the field or rule, and never leaks SQL or stack traces).
 */
export type AppErrorCode =
  | "invalid_input" // malformed payload, bad date, bad amount
  | "not_found" // unknown loan, unknown payment
  | "rule_violation" // a servicing rule refuses the event
  | "conflict" // stale expectedSequence or a concurrent writer won
  | "forbidden"
  | "internal";

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: AppErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
