/**
 * Path segments no link of this app produces and no handler may be given.
 *
 * Route handlers receive their params already decoded and the pages decode
 * them again (`decodeURIComponent`), so a segment is safe only if decoding it
 * once cannot fail and leaves nothing a second decoding would change or a
 * database would refuse: no malformed escape ("%E0%A4%A"), no "%" after
 * decoding ("%25" decodes to "%", whose second decoding throws), no control
 * character ("LN-000001%00"; Postgres text cannot hold NUL). The proxy answers
 * such a path 404 before any page or handler sees it (proxy.ts).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
const UNSAFE_DECODED = /[\u0000-\u001f\u007f%]/;

export function unsafePathSegment(pathname: string): string | null {
  for (const segment of pathname.split("/")) {
    if (segment === "") continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return segment;
    }
    if (UNSAFE_DECODED.test(decoded)) return segment;
  }
  return null;
}
