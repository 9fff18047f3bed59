import { parse } from 'csv-parse/sync';
import { linesFromRows, MAX_BATCH_FILE_ROWS, roughRowCount } from '../../domain/payouts/payout-batch-file.js';
import { BATCH_FILE_COLUMNS } from '../../domain/payouts/payout-batch-file.js';
import { ApiError } from '../../domain/shared/errors.js';

/**
 * Reads an uploaded batch file's text (in the worker), already bounded in bytes: refused by its
 * row count before csv-parse sees it, then parsed with a bounded width, into the lines' bodies.
 */
export function batchFileLines(text: string): Record<string, unknown>[] {
  if (roughRowCount(text) > MAX_BATCH_FILE_ROWS + 1) {
    throw new ApiError(
      'UPLOAD_TOO_MANY_ROWS',
      `A batch file holds at most ${MAX_BATCH_FILE_ROWS - 1} lines under its header`,
      { limit: null, value: MAX_BATCH_FILE_ROWS - 1 },
    );
  }
  let rows: string[][];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), {
      skip_empty_lines: true,
      relax_column_count: true,
      max_record_size: 4096,
      to: MAX_BATCH_FILE_ROWS + 1,
    }) as string[][];
  } catch (error) {
    throw new ApiError('VALIDATION_ERROR', `The file is not CSV: ${(error as Error).message}`);
  }
  if (rows.length > MAX_BATCH_FILE_ROWS) {
    throw new ApiError('UPLOAD_TOO_MANY_ROWS', undefined, { limit: null, value: MAX_BATCH_FILE_ROWS - 1 });
  }
  if (rows.some((row) => row.length > BATCH_FILE_COLUMNS.length)) {
    throw new ApiError(
      'VALIDATION_ERROR',
      `A row has more than the ${BATCH_FILE_COLUMNS.length} columns a batch file has`,
    );
  }
  const mapped = linesFromRows(rows);
  if ('code' in mapped)
    throw new ApiError('VALIDATION_ERROR', mapped.message, [
      { field: '(file)', message: mapped.message, code: mapped.code },
    ]);
  return mapped.lines;
}
