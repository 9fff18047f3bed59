/**
 * CSV as accountants' tools read it (RFC 4180): comma-separated, CRLF line ends, a field quoted
 * when it holds a comma, a semicolon, a quote, CR or LF (quotes inside doubled). The semicolon is
 * the list separator of spreadsheets set to many European locales: unquoted, one field there
 * would open as two columns and shift every column after it. Text that a spreadsheet would
 * run as a formula (it starts with =, +, -, @, a tab or CR) gets a leading apostrophe, so a
 * customer's name or a gateway's message can never execute in the accountant's spreadsheet.
 * Numbers — including negative amounts such as "-12.50" — stay numbers.
 */

export type CsvValue = string | number | boolean | null | undefined;

/** Starts what a spreadsheet reads as a formula (OWASP's list for CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number: a spreadsheet reads it as a number, never as a formula. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const NEEDS_QUOTES = /[",;\r\n]/;

/** Excel reads a UTF-8 file as UTF-8 (Bengali names included) only when it starts with a BOM. */
export const CSV_BOM = '\uFEFF';

/** One field, quoted and escaped as needed. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    return String(value);
  }
  let text = String(value);
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, with its line end. */
export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** Several records as one chunk (a batch of rows written at once). */
export function csvRecords(rows: ReadonlyArray<readonly CsvValue[]>): string {
  let chunk = '';
  for (const row of rows) chunk += csvRecord(row);
  return chunk;
}
