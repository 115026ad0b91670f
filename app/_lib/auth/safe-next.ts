/**
 * Where to go after signing in: a path on this site, normalised, or /loans.
 *
 * Browsers are generous with a Location header: they drop tabs and newlines
 * ("/\t/evil.example" becomes "//evil.example", another host), read "\" as
 * "/", and resolve "/.//evil.example" to "//evil.example". So the target is
 * refused when it (or its percent-decoded form, "/%09/evil.example") holds a
 * control character, a space or a backslash, or does not start with exactly
 * one "/"; it is then resolved against a placeholder origin and kept only if
 * it stays on that origin and its normalised path (decoded too) still starts
 * with exactly one "/". Never back to the sign-in page.
 */
export const DEFAULT_NEXT = "/loans";
const MAX_NEXT_LENGTH = 2000;
const PLACEHOLDER_ORIGIN = "http://loan-replay.invalid";
// C0 controls, space, DEL, C1 controls, backslash.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
const UNSAFE_CHARACTER = /[\u0000-\u0020\u007f-\u009f\\]/;

function singleSlashPath(value: string): boolean {
  return value.startsWith("/") && !value.startsWith("//");
}

export function safeNext(next: string | null | undefined): string {
  if (typeof next !== "string" || next === "" || next.length > MAX_NEXT_LENGTH) return DEFAULT_NEXT;
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return DEFAULT_NEXT;
  }
  if (UNSAFE_CHARACTER.test(next) || UNSAFE_CHARACTER.test(decoded)) return DEFAULT_NEXT;
  if (!singleSlashPath(next) || !singleSlashPath(decoded)) return DEFAULT_NEXT;
  let url: URL;
  try {
    url = new URL(next, PLACEHOLDER_ORIGIN);
  } catch {
    return DEFAULT_NEXT;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return DEFAULT_NEXT;
  const target = `${url.pathname}${url.search}${url.hash}`;
  if (!singleSlashPath(target) || !singleSlashPath(decodeURIComponent(url.pathname))) {
    return DEFAULT_NEXT;
  }
  if (url.pathname === "/sign-in" || url.pathname.startsWith("/sign-in/")) return DEFAULT_NEXT;
  return target;
}
