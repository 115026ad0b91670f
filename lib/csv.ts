/**
 * CSV for exports: RFC 4180 quoting, and protection against formula injection
 * (a cell starting with =, +, -, @, tab or carriage return is prefixed with a
 * single quote so a spreadsheet shows it as text instead of running it).
 * Negative numbers written by the app itself are plain decimal strings and are
 * passed through `csvNumber` instead, unescaped.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "string" ? value : JSON.stringify(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A decimal string the app computed (may be negative): quoted only if needed, never prefixed. */
export function csvNumber(value: string): string {
  if (!/^-?\d+(\.\d+)?$/.test(value)) return csvCell(value);
  return value;
}

export function csvRow(cells: readonly string[]): string {
  return `${cells.join(",")}\r\n`;
}
