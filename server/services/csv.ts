/**
 * CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads Hangul), CRLF lines,
 * fields quoted when needed, and cells that a spreadsheet would run as a formula
 * (starting with = + - @, tab or carriage return) prefixed with an apostrophe.
 */
export function toCsv(rows: readonly (readonly unknown[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
