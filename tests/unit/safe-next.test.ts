import { describe, expect, it } from "vitest";
import { DEFAULT_NEXT, safeNext } from "@/app/_lib/auth/safe-next";

describe("safeNext: where sign-in may send the person", () => {
  it("keeps a path on this site, with its query and fragment", () => {
    expect(safeNext("/loans/LN-000001?asOf=2025-01-01")).toBe("/loans/LN-000001?asOf=2025-01-01");
    expect(safeNext("/audit?q=O%27Brien#top")).toBe("/audit?q=O%27Brien#top");
    expect(safeNext("/reports")).toBe("/reports");
  });

  it("normalises dot segments and encodes what the URL parser would", () => {
    expect(safeNext("/loans/../audit")).toBe("/audit");
    expect(safeNext("/loans/LN 1")).toBe(DEFAULT_NEXT); // a space is refused outright
    expect(safeNext("/loans?q=ä")).toBe("/loans?q=%C3%A4");
  });

  it("refuses other hosts, schemes and protocol-relative targets", () => {
    for (const target of [
      "https://evil.example",
      "//evil.example",
      "///evil.example",
      "javascript:alert(1)",
      "evil.example",
      "",
      undefined,
      null,
    ]) {
      expect(safeNext(target)).toBe(DEFAULT_NEXT);
    }
  });

  it("refuses the tricks browsers turn into another host: control characters, backslashes, dot segments", () => {
    for (const target of [
      "/\t/evil.example", // the decoded form of next=/%09/evil.example
      "/%09/evil.example", // the same, still encoded (a hidden field posted as typed)
      "/%0a/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/\u0000/evil.example",
      "/%00",
      "/\\evil.example",
      "/\\/evil.example",
      "/%5C/evil.example",
      "/%5c%5cevil.example",
      "/%2F/evil.example", // decodes to //evil.example
      "/.//evil.example", // the URL parser makes this //evil.example
      "/./%2Fevil.example",
      "/loans/\u007f",
      "/loans/\u0085",
      "/%E0%A4%A", // not decodable
    ]) {
      expect(safeNext(target), JSON.stringify(target)).toBe(DEFAULT_NEXT);
    }
  });

  it("never goes back to the sign-in page, and bounds the length", () => {
    expect(safeNext("/sign-in")).toBe(DEFAULT_NEXT);
    expect(safeNext("/sign-in?next=/audit")).toBe(DEFAULT_NEXT);
    expect(safeNext("/sign-in/")).toBe(DEFAULT_NEXT);
    expect(safeNext("/sign-inx")).toBe("/sign-inx");
    expect(safeNext(`/${"a".repeat(2000)}`)).toBe(DEFAULT_NEXT);
  });
});
