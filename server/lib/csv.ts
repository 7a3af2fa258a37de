/**
 * CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads Hangul), CRLF lines,
 * fields quoted when needed, and formula-like texts defused (below).
 */
export function toCsv(rows: readonly (readonly unknown[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/**
 * A text that a spreadsheet would run as a formula (starting with = + - @, tab or carriage
 * return), prefixed with an apostrophe so that it stays text: when a CSV is opened, and when
 * an XLSX text cell is edited and Excel reads what was typed again.
 */
export function defuseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function csvCell(value: unknown): string {
  const text = defuseFormula(value === null || value === undefined ? '' : String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
