"use client";

/** Any unexpected failure while rendering: a plain message, never a stack trace. */
export default function AppErrorPage({
  reset,
}: {
  error: Error & { digest?: string };
  reset(): void;
}) {
  return (
    <>
      <h1>Something went wrong</h1>
      <p>The page could not be shown. Nothing was changed.</p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </>
  );
}
