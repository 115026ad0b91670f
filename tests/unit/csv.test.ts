import { describe, expect, it } from "vitest";
import { csvCell, csvNumber, csvRow } from "../../lib/csv";

describe("CSV export cells", () => {
  it("escapes formula injection: =, +, -, @, tab and CR starts become text", () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell("+1+1")).toBe("'+1+1");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tx")).toBe("'\tx");
  });
  it("quotes commas, quotes and newlines (RFC 4180)", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(null)).toBe("");
    expect(csvCell({ amount: "1.00" })).toBe('"{""amount"":""1.00""}"');
  });
  it("leaves the app's own decimal strings, negative ones included, as numbers", () => {
    expect(csvNumber("-12.50")).toBe("-12.50");
    expect(csvNumber("=1")).toBe("'=1");
    expect(csvRow(["a", "b"])).toBe("a,b\r\n");
  });
});
