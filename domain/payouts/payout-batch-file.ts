/**
 * The CSV file an operator uploads for a batch: a header row naming its columns, then one line
 * per payout. Pure: bounds and maps text to the lines' bodies, which are judged as the API's are.
 */
export const BATCH_FILE_COLUMNS = [
  'line_reference',
  'amount_minor',
  'beneficiary_type',
  'wallet_number',
  'name',
  'account_number',
  'account_name',
  'routing_number',
  'bank_name',
  'narrative',
] as const;
export type BatchFileColumn = (typeof BATCH_FILE_COLUMNS)[number];

/** A file of 5,000 lines of ~200 bytes, with room to spare; refused before it is parsed past this. */
export const MAX_BATCH_FILE_BYTES = 2 * 1024 * 1024;
/** 5,000 lines and the header. */
export const MAX_BATCH_FILE_ROWS = 5_001;

/** Rows by counting line breaks, before any parsing: a quoted break only makes the count larger, never smaller. */
export function roughRowCount(text: string): number {
  let rows = text.length > 0 && !text.endsWith('\n') ? 1 : 0;
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) === 10) rows += 1;
  return rows;
}

export type BatchFileProblem =
  { code: 'BATCH_FILE_EMPTY'; message: string } | { code: 'BATCH_FILE_COLUMNS'; message: string };

/** What is wrong with a header row's column names (trimmed, lower case), or null when nothing is. */
function headerProblem(names: readonly string[]): BatchFileProblem | null {
  const unknown = names.filter((name) => !(BATCH_FILE_COLUMNS as readonly string[]).includes(name));
  const missing = ['line_reference', 'amount_minor', 'beneficiary_type'].filter(
    (name) => !names.includes(name),
  );
  if (unknown.length === 0 && missing.length === 0) return null;
  return {
    code: 'BATCH_FILE_COLUMNS',
    message: `${missing.length ? `missing column(s) ${missing.join(', ')}` : ''}${missing.length && unknown.length ? '; ' : ''}${unknown.length ? `unknown column(s) ${unknown.join(', ')}` : ''}; the columns are ${BATCH_FILE_COLUMNS.join(', ')}`,
  };
}

/** The most of a file's start the header check reads: a header of every column fits many times over. */
export const BATCH_HEADER_PEEK_BYTES = 1024;

/**
 * The header check made when a file is received, before it is stored: the first line of the
 * file's first bytes must name the batch file's columns (names need no quoting; a quoted one is
 * read without its quotes). Not a parse of the file: its lines are read by the worker.
 */
export function batchHeaderProblem(start: string): BatchFileProblem | null {
  const newline = start.indexOf('\n');
  if (newline < 0 && start.length >= BATCH_HEADER_PEEK_BYTES) {
    return {
      code: 'BATCH_FILE_COLUMNS',
      message: 'The first line is not a header of the batch file’s columns',
    };
  }
  const firstLine = (newline < 0 ? start : start.slice(0, newline)).replace(/^\uFEFF/, '').replace(/\r$/, '');
  if (firstLine.trim() === '') return { code: 'BATCH_FILE_EMPTY', message: 'The file has no header line' };
  return headerProblem(
    firstLine.split(',').map((cell) =>
      cell
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase(),
    ),
  );
}

/**
 * The lines' bodies from parsed rows (the first is the header): each row becomes a payout body
 * with its lineReference; an empty cell is left out, so the line's own validation names it.
 */
export function linesFromRows(
  rows: readonly string[][],
): { lines: Record<string, unknown>[] } | BatchFileProblem {
  const [header, ...body] = rows;
  if (!header || body.length === 0)
    return { code: 'BATCH_FILE_EMPTY', message: 'The file has no lines under its header' };
  const names = header.map((cell) => cell.trim().toLowerCase());
  const wrongColumns = headerProblem(names);
  if (wrongColumns) return wrongColumns;
  const lines = body.map((row) => {
    const cell = (name: BatchFileColumn): string | undefined => {
      const index = names.indexOf(name);
      const value = index < 0 ? undefined : row[index]?.trim();
      return value === '' ? undefined : value;
    };
    const amount = cell('amount_minor');
    const type = cell('beneficiary_type');
    const beneficiary =
      type === 'BANK_ACCOUNT'
        ? {
            type,
            accountNumber: cell('account_number'),
            accountName: cell('account_name'),
            routingNumber: cell('routing_number'),
            bankName: cell('bank_name'),
          }
        : { type, walletNumber: cell('wallet_number'), name: cell('name') };
    return {
      lineReference: cell('line_reference'),
      // A number only when the cell is digits: "12.50" stays text and is refused as not an integer.
      amountMinor: amount !== undefined && /^\d{1,15}$/.test(amount) ? Number(amount) : amount,
      currency: 'BDT',
      beneficiary: Object.fromEntries(Object.entries(beneficiary).filter(([, value]) => value !== undefined)),
      ...(cell('narrative') !== undefined && { narrative: cell('narrative') }),
    };
  });
  return { lines };
}
